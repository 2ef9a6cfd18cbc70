package dev.baton.health;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The lines for an agent's {@code maint}, {@code drain} and {@code ready}, each as HAProxy 2.6 printed it for the
 * same reply (one-server backend, so the counts are those of the server's own backend after the change).
 */
class AgentAdminLinesTest {
    private final Server server = AgentRig.server(10, true);

    private List<String> reply(final String line) {
        final ServerState before = server.state();
        AgentReply.parse(line).apply(server);
        return AdminTransitions.adminLines(server, before, server.state());
    }

    @Test
    void drainAndReady() {
        assertEquals(List.of("Server be/s1 enters drain state. 0 active and 0 backup servers online. 0 sessions "
            + "requeued, 0 total in queue."), reply("drain"));
        assertEquals(List.of(), reply("drain"), "no change, no line");
        assertEquals(List.of("Server be/s1 is UP (leaving forced drain)."), reply("ready"));
    }

    @Test
    void maintAndReady() {
        assertEquals(List.of("Server be/s1 is going DOWN for maintenance. 0 active and 0 backup servers left. 0 "
            + "sessions active, 0 requeued, 0 remaining in queue."), reply("maint"));
        assertEquals(List.of("Server be/s1 is UP/READY (leaving forced maintenance)."), reply("ready"));
        assertEquals(List.of("Server be/s1 is going DOWN for maintenance. 0 active and 0 backup servers left. 0 "
            + "sessions active, 0 requeued, 0 remaining in queue."), reply("maint"));
        // HAProxy 2.6.12 for "set server be/s1 state drain" out of maintenance, the same srv_adm_set_drain an
        // agent's "drain" calls: both lines
        assertEquals(List.of("Server be/s1 is UP/DRAIN (leaving forced maintenance).",
            "Server be/s1 remains in forced drain mode."), reply("drain"));
    }

    @Test
    void aServerAlreadyDown() {
        server.applyAgent(new CheckReport(CheckStatus.L7STS, 0, "x"), 1);
        assertEquals(List.of("Server be/s1 was DOWN and now enters maintenance."), reply("maint"));
        assertEquals(List.of("Server be/s1 is DOWN/READY (leaving forced maintenance)."), reply("ready"),
            "its agent still says down");
    }
}
