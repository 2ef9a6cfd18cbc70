package dev.baton.stats.render;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.stats.PoolStats;
import dev.baton.stats.ServerAgent;
import dev.baton.stats.ServerChecks;
import dev.baton.stats.ServerStats;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A server with an agent in {@code show stat} and on the stats page, as HAProxy 2.6 shows it (each case read from
 * HAProxy's {@code show stat} with the agent giving the same replies): status, agent columns, row class, LastChk.
 */
class AgentStatusTest {
    private static final StatCsv.Column[] AGENT = {StatCsv.Column.LAST_AGT, StatCsv.Column.AGENT_STATUS,
        StatCsv.Column.AGENT_CODE, StatCsv.Column.AGENT_DURATION, StatCsv.Column.AGENT_DESC, StatCsv.Column.AGENT_RISE,
        StatCsv.Column.AGENT_FALL, StatCsv.Column.AGENT_HEALTH};

    private static ServerStats server(final Server.AdminState admin, final boolean checked, final boolean running,
                                      final ServerAgent agent) {
        final ServerChecks checks = new ServerChecks(checked, running, checked ? 4 : 0, checked ? 2 : 0,
            checked ? 3 : 0, new CheckReport(CheckStatus.L4OK, 0, null), 0, 0, 0, false, false).withAgent(agent);
        return new ServerStats("s1", 1, "127.0.0.1", 80, false, admin, 0, 0, 0, SampleSnapshot.traffic(0), 10, 10,
            10, PoolStats.empty(1), 3, checks);
    }

    private static ServerAgent agent(final int health, final CheckStatus status, final String info) {
        return new ServerAgent(true, health, 1, 1, new CheckReport(status, 1, info), false, true, null, 9999);
    }

    private static String agentColumns(final ServerStats s) {
        final List<String> out = new ArrayList<>();
        for (final StatCsv.Column c : AGENT) {
            out.add(StatCsv.agentField(c, s.checks().agent()));
        }
        return String.join(",", out);
    }

    @Test
    void anAgentThatSaidDownShowsDownAgentEvenWithAPassingHealthCheck() {
        final ServerStats s = server(Server.AdminState.READY, true, false,
            agent(0, CheckStatus.L7STS, "via agent : down"));
        assertEquals("DOWN (agent)", s.status());
        assertEquals("via agent : down,L7STS,0,1,Layer7 wrong status,1,1,0", agentColumns(s));
        assertEquals("active_down", StatsPage.rowClass(s));
        assertEquals("L7STS/0 in 1ms", StatsPage.lastCheck(s), "the agent's report in the LastChk cell");
    }

    @Test
    void aDrainFromAnyoneOnAServerWithAnAgentIsDrainAgent() {
        final ServerStats s = server(Server.AdminState.DRAIN, true, true, agent(1, CheckStatus.CHECKED, null));
        assertEquals("DRAIN (agent)", s.status());
        assertEquals(",CHECKED,,1,No status change,1,1,1", agentColumns(s), "no code without a health word");
        assertEquals("active_draining", StatsPage.rowClass(s));
        assertEquals("L4OK in 0ms", StatsPage.lastCheck(s));
    }

    @Test
    void anAgentOnlyServerUpIsNoCheckAndAStoppedDrainingOneIsDown() {
        assertEquals("no check", server(Server.AdminState.READY, false, true, agent(1, CheckStatus.L7OK,
            "via agent : up")).status());
        assertEquals("DOWN", server(Server.AdminState.DRAIN, false, false, agent(1, CheckStatus.L7OK, null))
            .status(), "stopped: DOWN whatever the drain");
        assertEquals("MAINT", server(Server.AdminState.MAINT, true, false, agent(0, CheckStatus.L7STS, null))
            .status());
    }

    @Test
    void withoutAnEnabledAgentTheColumnsAreEmpty() {
        final ServerStats none = server(Server.AdminState.READY, true, true, ServerAgent.NONE);
        assertEquals(",,,,,,,", agentColumns(none));
        final ServerStats disabled = server(Server.AdminState.READY, true, true,
            new ServerAgent(false, 0, 1, 1, new CheckReport(CheckStatus.L7STS, 1, "x"), false, true, null, 9999));
        assertEquals(",,,,,,,", agentColumns(disabled));
        assertEquals("UP", disabled.status(), "a disabled agent's down is not shown");
        assertEquals(0x12, disabled.checks().agent().stateBits());
        assertEquals(0, none.checks().agent().stateBits());
    }
}
