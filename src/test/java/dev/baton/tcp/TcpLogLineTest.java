package dev.baton.tcp;

import dev.baton.support.BlockingServer;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tcplog line of a stream, field by field, as HAProxy's log tooling parses it. */
class TcpLogLineTest {
    /** bc/sc are 0: the stream left its backend and server before its line, as in HAProxy 2.6. */
    private static final Pattern TCPLOG = Pattern.compile("127\\.0\\.0\\.1:(\\d+) \\[(\\d{2}/[A-Z][a-z]{2}/\\d{4}"
        + ":\\d{2}:\\d{2}:\\d{2}\\.\\d{3})] fe be/srv (\\d+)/(\\d+)/(\\d+) (\\d+) -- 1/1/0/0/0 0/0");
    private static final DateTimeFormatter ACCEPT_DATE =
        DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS", Locale.ENGLISH);
    private static final int REPLY = 12_345;

    private final TcpRig rig = new TcpRig();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    @Test
    void tcplogLineOfANormalStream() throws Exception {
        final BlockingServer backend = rig.backend("replies", socket -> {
            socket.getInputStream().readNBytes(5);
            socket.getOutputStream().write(new byte[REPLY]);
            socket.shutdownOutput();
            socket.getInputStream().readAllBytes();
        });
        rig.start(TcpConfigs.header(2) + """
            frontend fe
                bind 127.0.0.1:%d
                default_backend be
            backend be
                server srv 127.0.0.1:%d
            """.formatted(RunningDaemon.freePort(), backend.port()));
        final LocalDateTime before = LocalDateTime.now();
        final long startNs = System.nanoTime();
        final Socket client = rig.client("fe");
        Sockets.write(client, "hello");
        assertEquals(REPLY, Sockets.readToEof(client, REPLY).length);
        client.close();

        final String line = TrafficLogCapture.awaitTcplog(client.getLocalPort());
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        final Matcher m = TCPLOG.matcher(line);
        assertTrue(m.matches(), "tcplog format: " + line);
        assertEquals(client.getLocalPort(), Integer.parseInt(m.group(1)), "client port");
        final LocalDateTime accepted = LocalDateTime.parse(m.group(2), ACCEPT_DATE);
        assertFalse(accepted.isBefore(before.minusSeconds(1)) || accepted.isAfter(LocalDateTime.now()),
            "accept date " + accepted + " (test started " + before + ")");
        assertEquals(0, Long.parseLong(m.group(3)), "Tw: no queue");
        final long connectMs = Long.parseLong(m.group(4));
        final long totalMs = Long.parseLong(m.group(5));
        assertTrue(connectMs <= totalMs && totalMs <= elapsedMs, "Tc " + connectMs + ", Tt " + totalMs);
        assertEquals(REPLY, Long.parseLong(m.group(6)), "bytes the server sent");
    }

    /**
     * After its FIN the server is no longer read, so its reset shows only when the client's next bytes are
     * written to it: the failure is the server's ({@code SD}), not the client's who sent them.
     */
    @Test
    void aServerResetFoundWhileForwardingTheClientsBytesIsTheServersFault() throws Exception {
        final CompletableFuture<Void> reset = new CompletableFuture<>();
        final BlockingServer backend = rig.backend("resets", socket -> {
            socket.shutdownOutput();
            socket.setSoLinger(true, 0);
            socket.close();
            reset.complete(null);
        });
        rig.start(TcpConfigs.listenFe(1, TcpConfigs.server("srv", backend.port())));
        final Socket client = rig.client("fe");
        assertEquals(-1, client.getInputStream().read(), "the server's FIN");
        reset.get(10, TimeUnit.SECONDS);

        // The first write may reach the server's socket before its reset does, and succeed; like a real
        // client, write again until baton finds the server gone (bounded: at most 20 writes).
        final String prefix = "127.0.0.1:" + client.getLocalPort() + " [";
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (TrafficLogCapture.count(l -> l.startsWith(prefix)) > 0) {
                return true;
            }
            try {
                Sockets.write(client, "anyone?");
            } catch (final IOException closedByBaton) {
                // baton already ended the stream; its line is on its way
            }
            return false;
        });
        final String line = TrafficLogCapture.awaitTcplog(client.getLocalPort());
        assertTrue(line.matches(".* fe fe/srv 0/\\d+/\\d+ 0 SD .*"), "a server-side failure: " + line);
    }
}
