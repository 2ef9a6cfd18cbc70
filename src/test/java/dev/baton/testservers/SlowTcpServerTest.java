package dev.baton.testservers;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.support.Sockets;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SlowTcpServerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static SlowTcpServer slow(final long delayMs) throws IOException {
        return SlowTcpServer.start(new SlowTcpServer.Options().name("s1").delayMs(delayMs));
    }

    /** Everything the server sends until its FIN, as text. */
    private static String replyOf(final Socket s) throws IOException {
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }

    private static void closeAll(final List<Socket> sockets) throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    @Test
    void fiveConcurrentClientsPeakAtFiveThenSequentialOnesAtOne() throws Exception {
        try (SlowTcpServer server = slow(300)) {
            final List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    clients.add(Sockets.connect(server.port()));
                }
                for (Socket c : clients) {
                    Sockets.write(c, "hello\n");
                }
                for (Socket c : clients) {
                    assertEquals("s1\n", replyOf(c));
                }
            } finally {
                closeAll(clients);
            }
            assertEquals(5, server.peakInFlight());
            await().atMost(WAIT).until(() -> server.inFlight() == 0);

            server.resetPeak();
            assertEquals(0, server.peakInFlight());
            for (int i = 0; i < 2; i++) {
                try (Socket c = Sockets.connect(server.port())) {
                    Sockets.write(c, "x");
                    assertEquals("s1\n", replyOf(c));
                }
            }
            assertEquals(1, server.peakInFlight());
            assertEquals(7, server.repliesSent());
            assertEquals(0, server.clientsGone());
        }
    }

    @Test
    void repliesNoSoonerThanTheDelayAfterTheFirstBytes() throws Exception {
        try (SlowTcpServer server = slow(300); Socket c = Sockets.connect(server.port())) {
            // Connected but silent: in progress, and no timer runs yet.
            await().atMost(WAIT).until(() -> server.inFlight() == 1);
            final long sentNs = System.nanoTime();
            Sockets.write(c, "go");
            assertEquals("s1\n", replyOf(c));
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentNs);
            assertTrue(elapsedMs >= 300, "replied after " + elapsedMs + " ms");
            await().atMost(WAIT).until(() -> server.inFlight() == 0);
            assertEquals(1, server.repliesSent());
        }
    }

    @Test
    void withoutDelayTheReplyFollowsTheFirstBytes() throws Exception {
        try (SlowTcpServer server = slow(0); Socket c = Sockets.connect(server.port())) {
            Sockets.write(c, "now");
            assertEquals("s1\n", replyOf(c));
        }
    }

    @Test
    void aClientClosingEarlyIsCountedOutAtOnce() throws Exception {
        // The delay is far longer than the wait below: only the close can have ended the connection.
        try (SlowTcpServer server = slow(60_000)) {
            try (Socket c = Sockets.connect(server.port())) {
                Sockets.write(c, "hello");
                await().atMost(WAIT).until(() -> server.inFlight() == 1);
            }
            await().atMost(WAIT).until(() -> server.inFlight() == 0);
            try (Socket c = Sockets.connect(server.port())) {
                Sockets.write(c, "hello");
                await().atMost(WAIT).until(() -> server.inFlight() == 1);
                c.setSoLinger(true, 0); // an RST this time
            }
            await().atMost(WAIT).until(() -> server.inFlight() == 0);
            try (Socket c = Sockets.connect(server.port())) {
                await().atMost(WAIT).until(() -> server.inFlight() == 1); // silent, then gone
                c.shutdownOutput();
            }
            await().atMost(WAIT).until(() -> server.inFlight() == 0 && server.openConnections() == 0);
            assertEquals(1, server.peakInFlight());
            assertEquals(3, server.clientsGone());
            assertEquals(0, server.repliesSent());
        }
    }

    @Test
    void theConnectionClosesOnceTheClientHasTheReply() throws Exception {
        try (SlowTcpServer server = slow(0)) {
            try (Socket c = Sockets.connect(server.port())) {
                Sockets.write(c, "a");
                assertEquals("s1\n", replyOf(c));
                Sockets.write(c, "more input after the reply is drained");
            }
            await().atMost(WAIT).until(() -> server.openConnections() == 0);
            assertEquals(0, server.clientsGone());
        }
    }

    @Test
    void rejectsANegativeOrHugeDelay() {
        assertThrows(IllegalArgumentException.class, () -> new SlowTcpServer.Options().delayMs(-1));
        assertThrows(IllegalArgumentException.class, () -> new SlowTcpServer.Options().delayMs(3_600_001));
    }
}
