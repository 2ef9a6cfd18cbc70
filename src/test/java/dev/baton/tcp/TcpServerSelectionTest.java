package dev.baton.tcp;

import dev.baton.backend.Server;
import dev.baton.support.BlockingServer;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which server a client reaches: retries (3, the default), redispatch, server {@code maxconn}, no usable
 * server.
 */
class TcpServerSelectionTest {
    private final TcpRig rig = new TcpRig();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    @Test
    void deadServerWithoutRedispatchClosesTheClientAfterThreeRetries() throws Exception {
        rig.start(TcpConfigs.listenFe(2, "server dead 127.0.0.1:" + RunningDaemon.freePort()));
        final int clientPort = Sockets.connectAndAssertClosedByPeer(rig.port("fe"));

        final String line = TrafficLogCapture.awaitTcplog(clientPort);
        assertTrue(line.matches(".* fe fe/dead 0/-1/\\d+ 0 SC \\d+/\\d+/\\d+/\\d+/3 0/0"), line);
    }

    @Test
    void redispatchTakesEveryClientToTheLiveServer() throws Exception {
        final TcpEchoServer live = rig.echoServer("live");
        rig.start(TcpConfigs.listenFe(2, "option redispatch", "server dead 127.0.0.1:" + RunningDaemon.freePort(),
            TcpConfigs.server("live", live.port())));

        final int clients = 50;
        for (int i = 0; i < clients; i++) {
            try (Socket client = Sockets.connect(rig.port("fe"))) {
                Sockets.roundTrip(client, "client " + i);
            }
        }
        assertEquals(clients, live.connectionsAccepted());
        // three retries on the dead server, the last one redispatched ('+') to the live one
        TrafficLogCapture.awaitLine("of a redispatched stream",
            line -> line.matches(".* fe fe/live 0/\\d+/\\d+ \\d+ -- \\d+/\\d+/\\d+/\\d+/\\+3 0/0"));
    }

    @Test
    void serverMaxconnCapsConcurrentConnectionsAndTheRestGoElsewhere() throws Exception {
        final BlockingServer capped = rig.backend("capped", BlockingServer.echo());
        final BlockingServer other = rig.backend("other", BlockingServer.echo());
        rig.start(TcpConfigs.listenFe(2, TcpConfigs.server("capped", capped.port()) + " maxconn 2",
            TcpConfigs.server("other", other.port())));

        final int clients = 10;
        for (int i = 0; i < clients; i++) {
            Sockets.roundTrip(rig.client("fe"), "client " + i);
        }
        assertEquals(2, capped.maxCurrent(), "most connections open at once on the capped server");
        assertEquals(2, capped.current());
        assertEquals(clients - 2, other.current());
        final Server server = rig.daemon().backend("fe").servers().get(0);
        assertEquals(2, server.maxConns(), "the daemon's own count");
    }

    @Test
    void noUsableServerClosesTheClient() throws Exception {
        final TcpEchoServer idle = rig.echoServer("never-used");
        rig.start(TcpConfigs.listenFe(2, TcpConfigs.server("off1", idle.port()) + " disabled",
            TcpConfigs.server("off2", idle.port()) + " disabled"));
        final int clientPort = Sockets.connectAndAssertClosedByPeer(rig.port("fe"));

        final String line = TrafficLogCapture.awaitTcplog(clientPort);
        assertTrue(line.matches(".* fe fe/<NOSRV> -1/-1/\\d+ 0 SC \\d+/\\d+/\\d+/0/0 0/0"), line);
        assertEquals(0, idle.connectionsAccepted());
    }
}
