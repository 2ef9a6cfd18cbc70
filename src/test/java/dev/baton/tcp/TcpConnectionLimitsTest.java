package dev.baton.tcp;

import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The global and per-frontend {@code maxconn}: a client beyond the limit completes its TCP handshake in the
 * kernel's backlog but is not served until a slot frees; then accept resumes.
 */
class TcpConnectionLimitsTest {
    /** How long a waiting client must stay unserved to count as held back. */
    private static final Duration HELD_BACK = Duration.ofMillis(500);

    private final TcpRig rig = new TcpRig();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    @Test
    void globalMaxconnHoldsTheSixthClientUntilOneLeaves() throws Exception {
        final TcpEchoServer echo = rig.echoServer("echo");
        rig.start(TcpConfigs.header(2, "maxconn 5") + """
            listen fe
                bind 127.0.0.1:%d
                server srv 127.0.0.1:%d
            """.formatted(RunningDaemon.freePort(), echo.port()));

        assertHeldUntilASlotFrees("fe", 5, echo);
    }

    /**
     * One reactor, so the other frontend's streams end on the reactor whose listener is parked: a slot freed
     * there must wake it without re-waking it forever while its own frontend is still full.
     */
    @Test
    void frontendMaxconnHoldsItsOwnClientsOnly() throws Exception {
        final TcpEchoServer echo = rig.echoServer("echo");
        rig.start(TcpConfigs.header(1) + """
            listen limited
                bind 127.0.0.1:%d
                maxconn 3
                server srv 127.0.0.1:%d
            listen other
                bind 127.0.0.1:%d
                server srv 127.0.0.1:%d
            """.formatted(RunningDaemon.freePort(), echo.port(), RunningDaemon.freePort(), echo.port()));

        assertHeldUntilASlotFrees("limited", 3, echo);
    }

    /**
     * Fills {@code frontend} with {@code limit} served clients; checks that one more is connected but not
     * served while another frontend (if any) still serves; closes one; checks the waiting client is served;
     * then that two more clients are served once two others leave.
     */
    private void assertHeldUntilASlotFrees(final String frontend, final int limit, final TcpEchoServer echo)
        throws Exception {
        final List<Socket> served = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            final Socket s = rig.client(frontend);
            Sockets.roundTrip(s, "client " + i);
            served.add(s);
        }
        final Socket waiting = rig.client(frontend);
        Sockets.write(waiting, "w");
        await().during(HELD_BACK).atMost(HELD_BACK.multipliedBy(4)).until(() ->
            waiting.getInputStream().available() == 0 && echo.connectionsAccepted() == limit
                && rig.daemon().frontend(frontend).currConns().get() == limit);
        if (rig.daemon().frontend("other") != null) {
            try (Socket elsewhere = Sockets.connect(rig.port("other"))) {
                Sockets.roundTrip(elsewhere, "another frontend is not limited");
            }
        }

        served.remove(0).close();
        assertEquals("w", Sockets.readAscii(waiting, 1), "served once a slot freed");
        served.add(waiting);

        served.remove(0).close();
        served.remove(0).close();
        for (int i = 0; i < 2; i++) {
            Sockets.roundTrip(rig.client(frontend), "after " + i);
        }
        assertEquals(limit, rig.daemon().frontend(frontend).maxConns(), "never more than the limit at once");
    }
}
