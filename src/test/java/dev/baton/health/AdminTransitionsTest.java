package dev.baton.health;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.config.BatonConfig;
import dev.baton.config.ConfigLoader;
import dev.baton.config.ProxyConfig;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The lines of operator-made state changes, as HAProxy 2.6 writes them for the same commands (taken from
 * {@code haproxy -db} 2.6.12 on this configuration; {@code HaproxySideBySideCheckTest} compares them live where
 * haproxy is installed): each {@code set server ... state} is HAProxy's sequence of flag steps, each step its line.
 */
class AdminTransitionsTest {
    private static final String CONFIG = """
        backend be
            server s1 127.0.0.1:9 check
            server s2 127.0.0.1:9 check
            server n1 127.0.0.1:9
            server b1 127.0.0.1:9 check backup
        """;

    private static Backend backend() throws Exception {
        final BatonConfig config = ConfigLoader.parse("test.cfg", CONFIG, Map.of());
        final ProxyConfig be = config.backend("be");
        final Backend backend = new Backend(be);
        for (int i = 0; i < be.servers().size(); i++) {
            backend.addServer(new Server(backend, i, be.servers().get(i), new InetSocketAddress("127.0.0.1", 9)));
        }
        return backend;
    }

    private static List<String> admin(final Server s, final Server.AdminState state) {
        final ServerState[] states = s.adminState(state);
        return AdminTransitions.adminLines(s, states[0], states[1]);
    }

    @Test
    void maintenanceDrainAndReadyInHaproxysWords() throws Exception {
        final Server s1 = backend().server("s1");
        assertEquals(List.of("Server be/s1 is going DOWN for maintenance. 2 active and 1 backup servers left. 0 "
            + "sessions active, 0 requeued, 0 remaining in queue."), admin(s1, Server.AdminState.MAINT));
        assertEquals(List.of("Server be/s1 is UP/DRAIN (leaving forced maintenance).",
            "Server be/s1 remains in forced drain mode."), admin(s1, Server.AdminState.DRAIN));
        assertEquals(List.of("Server be/s1 is UP (leaving forced drain)."), admin(s1, Server.AdminState.READY));
        assertEquals(List.of("Server be/s1 enters drain state. 2 active and 1 backup servers online. 0 sessions "
            + "requeued, 0 total in queue."), admin(s1, Server.AdminState.DRAIN));
        assertEquals(List.of("Server be/s1 is going DOWN for maintenance. 2 active and 1 backup servers left. 0 "
            + "sessions active, 0 requeued, 0 remaining in queue."), admin(s1, Server.AdminState.MAINT),
            "maint from drain: set FMAINT logs, the drain cleared inside maintenance is silent");
        assertEquals(List.of("Server be/s1 is UP/READY (leaving forced maintenance)."),
            admin(s1, Server.AdminState.READY));
        assertEquals(List.of(), admin(s1, Server.AdminState.READY), "no change, no line");
    }

    @Test
    void aTrackersInheritedMaintenanceInHaproxysWords() throws Exception {
        final Backend be = backend();
        final Server s1 = be.server("s1");
        final Server n1 = be.server("n1");
        n1.track(s1);
        assertEquals(List.of("Server be/s1 is going DOWN for maintenance. 2 active and 1 backup servers left. 0 "
            + "sessions active, 0 requeued, 0 remaining in queue."), admin(s1, Server.AdminState.MAINT),
            "n1, in maintenance with s1, counted as HAProxy counts it: before it follows");
        assertEquals(List.of(), admin(n1, Server.AdminState.MAINT), "already in (inherited) maintenance: no line");
        assertEquals(List.of("Server be/s1 is UP/READY (leaving forced maintenance)."),
            admin(s1, Server.AdminState.READY));
        assertEquals(List.of("Server be/s1 is going DOWN for maintenance. 1 active and 1 backup servers left. 0 "
            + "sessions active, 0 requeued, 0 remaining in queue."), admin(s1, Server.AdminState.MAINT),
            "n1 in its own maintenance is not counted");
        assertEquals(List.of("Server be/n1 is leaving forced maintenance but remains in maintenance via be/s1."),
            admin(n1, Server.AdminState.READY));
    }

    @Test
    void forcedHealthIsChangedFromCli() throws Exception {
        final Backend be = backend();
        final Server s2 = be.server("s2");
        ServerState[] st = s2.forceHealth(false, false);
        assertEquals("Server be/s2 is DOWN, changed from CLI. 2 active and 1 backup servers left. 0 sessions active, "
            + "0 requeued, 0 remaining in queue.", AdminTransitions.forcedLine(s2, st[0], st[1]));
        st = s2.forceHealth(false, false);
        assertNull(AdminTransitions.forcedLine(s2, st[0], st[1]), "already DOWN");
        st = s2.forceHealth(true, false);
        assertEquals("Server be/s2 is UP, changed from CLI. 3 active and 1 backup servers online. 0 sessions "
            + "requeued, 0 total in queue.", AdminTransitions.forcedLine(s2, st[0], st[1]));
        st = s2.forceHealth(true, true);
        assertEquals("Server be/s2 is stopping, changed from CLI. 2 active and 1 backup servers online. 0 sessions "
            + "requeued, 0 total in queue.", AdminTransitions.forcedLine(s2, st[0], st[1]));
        s2.adminState(Server.AdminState.MAINT);
        st = s2.forceHealth(true, false);
        assertNull(AdminTransitions.forcedLine(s2, st[0], st[1]), "in maintenance HAProxy changes nothing");
    }

    @Test
    void aServerAlreadyDownEntersMaintenanceQuietlyAndOnlyBackupsLeftRunOnBackup() throws Exception {
        final Backend be = backend();
        final Server n1 = be.server("n1");
        n1.forceHealth(false, false);
        assertEquals(List.of("Server be/n1 was DOWN and now enters maintenance."), admin(n1, Server.AdminState.MAINT));
        assertEquals(List.of("Server be/n1 is UP/READY (leaving forced maintenance)."),
            admin(n1, Server.AdminState.READY), "not checked: UP again, as HAProxy");
        admin(be.server("s1"), Server.AdminState.MAINT);
        admin(n1, Server.AdminState.MAINT);
        assertEquals(List.of("Server be/s2 is going DOWN for maintenance. 0 active and 1 backup servers left. "
            + "Running on backup. 0 sessions active, 0 requeued, 0 remaining in queue."),
            admin(be.server("s2"), Server.AdminState.MAINT));
        assertEquals(List.of("Backup Server be/b1 enters drain state. 0 active and 0 backup servers online. 0 "
            + "sessions requeued, 0 total in queue."), admin(be.server("b1"), Server.AdminState.DRAIN));
    }
}
