package dev.baton.tcp;

import dev.baton.support.BlockingServer;
import dev.baton.support.Sockets;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code option independent-streams} in {@code mode tcp}: a client that keeps sending to a server that never answers
 * (the telnet case of HAProxy's manual). By default each byte written to the server refreshes the server side's
 * timeout, so the stream lives on; with the option on the backend only what the server sends does, so
 * {@code timeout server} ends the stream ({@code sD}) although the client never stops.
 */
class TcpIndependentStreamsTest {
    private static final long TIMEOUT_MS = 300;

    private final TcpRig rig = new TcpRig();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    /** A server that reads everything and never says a word. */
    private BlockingServer sink() throws IOException {
        return rig.backend("sink", socket -> socket.getInputStream().readAllBytes());
    }

    /** Writes a byte; false once the daemon closed the connection. */
    private static boolean send(final Socket client) {
        try {
            Sockets.write(client, "k");
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    @Test
    void writesToTheServerKeepItsTimeoutAliveByDefault() throws Exception {
        final BlockingServer backend = sink();
        rig.start(TcpConfigs.listenFe(1, "timeout server " + TIMEOUT_MS + "ms", TcpConfigs.server("srv", backend.port())));
        final Socket client = rig.client("fe");
        // three server timeouts of typing, and the stream is still there
        await().during(Duration.ofMillis(3 * TIMEOUT_MS)).atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> send(client) && rig.daemon().liveStreams() == 1);
        client.close();
    }

    @Test
    void withIndependentStreamsOnlyTheServersBytesRefreshItsTimeout() throws Exception {
        final BlockingServer backend = sink();
        rig.start(TcpConfigs.listenFe(1, "option independent-streams", "timeout server " + TIMEOUT_MS + "ms",
            TcpConfigs.server("srv", backend.port())));
        final Socket client = rig.client("fe");
        final long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
            .until(() -> !send(client) || rig.daemon().liveStreams() == 0);
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMs >= TIMEOUT_MS, "ended after " + elapsedMs + " ms");
        final String line = TrafficLogCapture.awaitTcplog(client.getLocalPort());
        assertTrue(line.contains(" sD "), line);
    }
}
