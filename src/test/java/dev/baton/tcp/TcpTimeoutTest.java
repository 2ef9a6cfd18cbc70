package dev.baton.tcp;

import dev.baton.support.BlockingServer;
import dev.baton.support.Sockets;
import dev.baton.support.SynDroppingServer;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every timeout of a {@code mode tcp} stream, in a running daemon: the one under test short, the others at the
 * 30 s of {@link TcpConfigs#header}. Each test checks when the stream ended (never before its timeout, long
 * before any other could fire) and the termination state of its tcplog line.
 */
class TcpTimeoutTest {
    private static final long SHORT_MS = 200;
    /** Bound on how late a timeout may fire on a loaded machine; far below the 30 s of the other timeouts. */
    private static final long LATE_MS = 3_000;

    private final TcpRig rig = new TcpRig();
    /** Lets backends that hold their connection after the client's FIN return. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        rig.close();
    }

    @Test
    void idleClientIsClosedAfterTimeoutClient() throws Exception {
        final BlockingServer backend = rig.backend("silent", BlockingServer.silent());
        rig.start(TcpConfigs.listenFe(1, "timeout client 200ms", TcpConfigs.server("srv", backend.port())));
        final long start = System.nanoTime();
        final Socket client = rig.client("fe");

        Sockets.assertClosedByPeer(client);
        assertEndedBetween(start, SHORT_MS);
        assertTermination(client, "cD");
    }

    @Test
    void silentServerIsClosedAfterTimeoutServer() throws Exception {
        final BlockingServer backend = rig.backend("silent", BlockingServer.silent());
        rig.start(TcpConfigs.listenFe(1, "timeout server 200ms", TcpConfigs.server("srv", backend.port())));
        final Socket client = rig.client("fe");
        final long start = System.nanoTime();
        Sockets.write(client, "anyone there?");

        Sockets.assertClosedByPeer(client);
        assertEndedBetween(start, SHORT_MS);
        assertTermination(client, "sD");
    }

    @Test
    void tunnelTimeoutReplacesClientAndServerTimeouts() throws Exception {
        final TcpEchoServer echo = rig.echoServer("echo");
        rig.start(TcpConfigs.listenFe(1, "timeout client 200ms", "timeout server 200ms", "timeout tunnel 2s",
            TcpConfigs.server("srv", echo.port())));
        final Socket client = rig.client("fe");
        Sockets.roundTrip(client, "a");

        // idle for three times the client and server timeouts, and still open
        await().during(Duration.ofMillis(3 * SHORT_MS)).atMost(Duration.ofSeconds(5))
            .until(() -> rig.daemon().liveStreams() == 1);
        final long lastActivity = System.nanoTime();
        Sockets.roundTrip(client, "b");

        Sockets.assertClosedByPeer(client);
        assertEndedBetween(lastActivity, 2_000);
        assertTermination(client, "cD");
    }

    @Test
    void clientFinTimeoutAppliesOnceTheServerHalfClosed() throws Exception {
        final BlockingServer backend = rig.backend("fin-first", socket -> {
            socket.getOutputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            socket.getInputStream().readAllBytes();
        });
        rig.start(TcpConfigs.listenFe(1, "timeout client-fin 200ms", TcpConfigs.server("srv", backend.port())));
        final long start = System.nanoTime();
        final Socket client = rig.client("fe");

        assertEquals("bye", Sockets.readAscii(client, 3));
        assertEquals(-1, client.getInputStream().read());
        assertEndedBetween(start, SHORT_MS);
        assertTermination(client, "cD");
    }

    @Test
    void serverFinTimeoutAppliesOnceTheClientHalfClosed() throws Exception {
        final BlockingServer backend = rig.backend("holds-after-eof", this::holdAfterEof);
        rig.start(TcpConfigs.listenFe(1, "timeout server-fin 200ms", TcpConfigs.server("srv", backend.port())));
        final Socket client = rig.client("fe");
        final long start = System.nanoTime();
        Sockets.write(client, "last words");
        client.shutdownOutput();

        Sockets.assertClosedByPeer(client);
        assertEndedBetween(start, SHORT_MS);
        assertTermination(client, "sD");
    }

    /** After a half-close, a fin timeout replaces the tunnel timeout on its own side only. */
    @Test
    void tunnelTimeoutStillAppliesAfterAHalfCloseToTheSideWithoutFinTimeout() throws Exception {
        final BlockingServer backend = rig.backend("holds-after-eof", this::holdAfterEof);
        rig.start(TcpConfigs.listenFe(1, "timeout client 200ms", "timeout server 200ms", "timeout tunnel 1s",
            "timeout server-fin 3s", TcpConfigs.server("srv", backend.port())));
        final Socket client = rig.client("fe");
        final long start = System.nanoTime();
        Sockets.write(client, "x");
        client.shutdownOutput();

        Sockets.assertClosedByPeer(client);
        assertEndedBetween(start, 1_000);
        assertTermination(client, "cD");
    }

    @Test
    void connectTimeoutAppliesToEveryAttempt() throws Exception {
        try (SynDroppingServer silent = SynDroppingServer.open()) {
            assumeTrue(silent.isDroppingSyns(), "could not fill an accept queue on this system");
            rig.start(TcpConfigs.listenFe(1, "timeout connect 200ms", "server srv 127.0.0.1:" + silent.port()));
            final long start = System.nanoTime();
            final Socket client = rig.client("fe");

            Sockets.assertClosedByPeer(client);
            assertEndedBetween(start, 4 * SHORT_MS);
            final String line = assertTermination(client, "sC");
            assertTrue(line.matches(".* fe fe/srv 0/-1/\\d+ 0 sC \\d+/\\d+/\\d+/\\d+/3 0/0"), "three retries: " + line);
        }
    }

    /** Backend: reads until the client's FIN, then keeps the connection open until the test ends. */
    private void holdAfterEof(final Socket socket) throws Exception {
        socket.getInputStream().readAllBytes();
        assertTrue(release.await(20, TimeUnit.SECONDS), "never released");
    }

    /** Waits for the stream to end, and checks it did no sooner than {@code timeoutMs} after {@code startNs}. */
    private void assertEndedBetween(final long startNs, final long timeoutMs) {
        await().atMost(Duration.ofMillis(LATE_MS)).pollInterval(Duration.ofMillis(5))
            .until(() -> rig.daemon().liveStreams() == 0);
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        assertTrue(elapsedMs >= timeoutMs, "ended after " + elapsedMs + " ms, before the " + timeoutMs + " ms timeout");
        assertTrue(elapsedMs < timeoutMs + LATE_MS, "ended after " + elapsedMs + " ms");
    }

    private static String assertTermination(final Socket client, final String state) {
        final String line = TrafficLogCapture.awaitTcplog(client.getLocalPort());
        assertTrue(line.contains(" " + state + " "), "termination state " + state + ": " + line);
        return line;
    }
}
