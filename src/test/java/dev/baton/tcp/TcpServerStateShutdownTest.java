package dev.baton.tcp;

import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code on-marked-down shutdown-sessions} and {@code on-marked-up shutdown-backup-sessions} end to end, on long
 * running tcp streams through a daemon of two reactors: the checks look at a port the test closes or opens, the
 * streams go to echo servers that stay up, so only the server's state can end them.
 */
class TcpServerStateShutdownTest {
    private final TcpRig rig = new TcpRig();

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        if (rig.started()) {
            rig.daemon().healthChecks().stop(); // no check socket open while the rig checks the daemon at rest
        }
        rig.close();
    }

    private static ServerSocket checkPort() throws Exception {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    private Server server(final String backend, final String name) {
        return rig.daemon().backend(backend).servers().stream().filter(s -> s.name().equals(name)).findFirst()
            .orElseThrow();
    }

    @Test
    void aServerMarkedDownKillsItsStreamsOnlyWithShutdownSessions() throws Exception {
        final TcpEchoServer e1 = rig.echoServer("e1");
        final TcpEchoServer e2 = rig.echoServer("e2");
        final ServerSocket checks = checkPort();
        final String check = " check inter 100 fall 1 port " + checks.getLocalPort();
        final Socket k1;
        final Socket k2;
        final Socket kept;
        try {
            rig.start(TcpConfigs.header(2) + "listen fe\n    bind 127.0.0.1:" + RunningDaemon.freePort() + "\n"
                + "    server s1 127.0.0.1:" + e1.port() + check + " on-marked-down shutdown-sessions\n"
                + "listen fe2\n    bind 127.0.0.1:" + RunningDaemon.freePort() + "\n"
                + "    server s2 127.0.0.1:" + e2.port() + check + "\n");
            await("checked").atMost(Duration.ofSeconds(5)).until(() ->
                server("fe", "s1").lastCheck().status() == CheckStatus.L4OK
                    && server("fe2", "s2").lastCheck().status() == CheckStatus.L4OK);
            k1 = rig.client("fe");
            k2 = rig.client("fe");
            kept = rig.client("fe2");
            for (final Socket s : new Socket[] {k1, k2, kept}) {
                Sockets.roundTrip(s, "hello");
            }
            assertEquals(2, server("fe", "s1").currConns());
        } finally {
            checks.close();
        }
        await("both DOWN").atMost(Duration.ofSeconds(5))
            .until(() -> !server("fe", "s1").isRunning() && !server("fe2", "s2").isRunning());
        Sockets.assertClosedByPeer(k1);
        Sockets.assertClosedByPeer(k2);
        TrafficLogCapture.awaitLine("of a stream killed with its server",
            l -> l.contains(" fe fe/s1 ") && l.contains(" DD "));
        await("s1's slots given back").atMost(Duration.ofSeconds(5))
            .until(() -> server("fe", "s1").currConns() == 0);
        Sockets.roundTrip(kept, "still here");
        assertEquals(1, server("fe2", "s2").currConns(), "s2 has no shutdown-sessions: its stream carries on");
    }

    @Test
    void aRunningServerEnteringMaintenanceKillsItsStreamsWithShutdownSessions() throws Exception {
        final TcpEchoServer e1 = rig.echoServer("e1");
        rig.start(TcpConfigs.listenFe(2, "server s1 127.0.0.1:" + e1.port() + " on-marked-down shutdown-sessions"));
        final Socket client = rig.client("fe");
        Sockets.roundTrip(client, "hello");
        server("fe", "s1").disabled(true); // what 'disable server fe/s1' does, from this thread
        Sockets.assertClosedByPeer(client);
        TrafficLogCapture.awaitLine("of the stream killed", l -> l.contains(" fe fe/s1 ") && l.contains(" DD "));
        server("fe", "s1").disabled(false);
    }

    @Test
    void setServerHealthDownFromTheRuntimeApiKillsTheStreamsWithShutdownSessions() throws Exception {
        final TcpEchoServer e1 = rig.echoServer("e1");
        final TcpEchoServer e2 = rig.echoServer("e2");
        final Path sock = dir.resolve("admin.sock");
        rig.start(TcpConfigs.header(2, "stats socket " + sock + " level admin") + "listen fe\n    bind 127.0.0.1:"
            + RunningDaemon.freePort() + "\n"
            + "    server s1 127.0.0.1:" + e1.port() + " on-marked-down shutdown-sessions\n"
            + "    server s2 127.0.0.1:" + e2.port() + "\n"
            + "    balance first\n");
        final Socket killed = rig.client("fe");
        Sockets.roundTrip(killed, "hello");
        assertEquals(1, server("fe", "s1").currConns(), "balance first: s1 takes the stream");
        assertEquals("\n", Sockets.stats(sock, "set server fe/s1 health down"));
        Sockets.assertClosedByPeer(killed);
        TrafficLogCapture.awaitLine("of the stream killed", l -> l.contains(" fe fe/s1 ") && l.contains(" DD "));
        // logged before the stream dies, as HAProxy's (read from 2.6.12 on the same configuration)
        TrafficLogCapture.awaitLine("of s1 DOWN", l -> l.equals("Server fe/s1 is DOWN, changed from CLI. 1 active "
            + "and 0 backup servers left. 1 sessions active, 0 requeued, 0 remaining in queue."));
        final Socket next = rig.client("fe");
        Sockets.roundTrip(next, "again");
        assertEquals(1, server("fe", "s2").currConns(), "the next stream goes to s2");
        assertEquals("\n", Sockets.stats(sock, "set server fe/s2 health down"));
        Sockets.roundTrip(next, "s2 has no shutdown-sessions: its stream carries on");
        assertEquals("\n", Sockets.stats(sock, "set server fe/s2 health up"));
    }

    @Test
    void anActiveServerMarkedUpKillsTheBackupsStreamsWithShutdownBackupSessions() throws Exception {
        final TcpEchoServer e1 = rig.echoServer("e1");
        final TcpEchoServer eb = rig.echoServer("eb");
        ServerSocket checks = checkPort();
        final int checkPort = checks.getLocalPort();
        checks.close(); // s1 starts failing its checks: the backup serves
        rig.start(TcpConfigs.listenFe(2,
            "server s1 127.0.0.1:" + e1.port() + " check inter 100 rise 1 fall 1 port " + checkPort
                + " on-marked-up shutdown-backup-sessions",
            "server b1 127.0.0.1:" + eb.port() + " backup"));
        final Server s1 = server("fe", "s1");
        await("s1 DOWN").atMost(Duration.ofSeconds(5)).until(() -> !s1.isRunning());
        final Socket onBackup = rig.client("fe");
        Sockets.roundTrip(onBackup, "hello");
        assertEquals(1, server("fe", "b1").currConns());
        checks = new ServerSocket();
        try {
            checks.setReuseAddress(true);
            checks.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), checkPort), 50);
            await("s1 UP").atMost(Duration.ofSeconds(5)).until(s1::isRunning);
            TrafficLogCapture.awaitLine("of the backup's stream killed", l -> l.contains(" fe fe/b1 ")
                && l.contains(" UD "));
            assertTrue(Sockets.assertClosedByPeer(onBackup));
            assertEquals(0, server("fe", "b1").currConns());
            final Socket onActive = rig.client("fe");
            Sockets.roundTrip(onActive, "again");
            assertEquals(1, s1.currConns(), "new streams go to s1");
        } finally {
            checks.close();
        }
        assertFalse(s1.isBackup());
    }
}
