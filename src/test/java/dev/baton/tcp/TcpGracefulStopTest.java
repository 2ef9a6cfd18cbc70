package dev.baton.tcp;

import dev.baton.support.Sockets;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code Daemon.stop(hardStopAfterMs)} with streams still running. */
class TcpGracefulStopTest {
    private final TcpRig rig = new TcpRig();
    private final ExecutorService stopper = Executors.newSingleThreadExecutor();

    @AfterEach
    void tearDown() throws Exception {
        try {
            rig.close();
        } finally {
            stopper.shutdownNow();
            assertTrue(stopper.awaitTermination(10, TimeUnit.SECONDS), "stop still running");
        }
    }

    @Test
    void aStreamStillAliveAtTheHardStopIsKilled() throws Exception {
        final TcpEchoServer echo = rig.echoServer("echo");
        rig.start(TcpConfigs.listenFe(2, TcpConfigs.server("srv", echo.port())));
        final Socket client = rig.client("fe");
        Sockets.roundTrip(client, "still here");

        final long tookMs = rig.stop(300);

        assertTrue(tookMs >= 300 && tookMs < 2_000, "stop took " + tookMs + " ms");
        Sockets.assertClosedByPeer(client);
        final String line = TrafficLogCapture.awaitTcplog(client.getLocalPort());
        assertTrue(line.contains(" 10 KD "), "killed while established: " + line);
    }

    @Test
    void aStreamEndingBeforeTheDeadlineLetsStopReturnEarly() throws Exception {
        final TcpEchoServer echo = rig.echoServer("echo");
        rig.start(TcpConfigs.listenFe(2, TcpConfigs.server("srv", echo.port())));
        final int port = rig.port("fe");
        final Socket client = rig.client("fe");
        Sockets.roundTrip(client, "bye soon");

        final Future<Long> stopping = stopper.submit(() -> rig.stop(20_000));
        await("listeners closed").atMost(Duration.ofSeconds(5)).until(() -> refused(port));
        Sockets.roundTrip(client, "still served while stopping");
        client.shutdownOutput();
        assertEquals(-1, client.getInputStream().read());

        final long tookMs = stopping.get(5, TimeUnit.SECONDS);
        assertTrue(tookMs < 5_000, "stop took " + tookMs + " ms");
        final String line = TrafficLogCapture.awaitTcplog(client.getLocalPort());
        assertTrue(line.contains(" 35 -- "), "ended normally: " + line);
    }

    private static boolean refused(final int port) {
        try {
            Sockets.connect(port).close();
            return false;
        } catch (final IOException e) {
            return true;
        }
    }
}
