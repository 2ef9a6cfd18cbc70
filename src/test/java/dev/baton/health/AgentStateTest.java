package dev.baton.health;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's verdicts combined with the health check's on one server, HAProxy 2.6's rules, with a hand-driven
 * clock: each step is one check's report applied at a chosen instant (health check inter 1 s, rise 2, fall 3;
 * the agent's rise and fall 1).
 */
class AgentStateTest {
    private static final long S = 1_000_000_000L;

    private final Server server = AgentRig.server(10, true);
    private long nowNs = 1_000 * S;

    private ServerState[] agent(final String line) {
        nowNs += S / 2;
        final AgentReply.Outcome o = AgentReply.parse(line).apply(server);
        return server.applyAgent(new CheckReport(o.status(), 0, o.description()), nowNs);
    }

    private ServerState[] agentFails(final CheckStatus status) {
        nowNs += S / 2;
        return server.applyAgent(new CheckReport(status, 0, "Connection refused"), nowNs);
    }

    private void health(final boolean passed) {
        nowNs += S;
        server.applyCheck(new CheckReport(passed ? CheckStatus.L4OK : CheckStatus.L4CON, 0, null), nowNs);
    }

    @Test
    void agentDownTakesAServerWhoseHealthCheckPassesDownUntilItSaysUp() {
        health(true);
        assertEquals(4, server.state().health());
        final ServerState[] down = agent("down");
        assertTrue(down[0].running());
        assertFalse(down[1].running(), "DOWN at once: the agent's fall is 1");
        assertEquals(0, down[1].agentHealth());
        assertEquals(nowNs, down[1].sinceNs(), "the change is stamped");
        assertEquals(1, server.downTransitions());
        assertEquals(0, server.failedChecks(), "an agent's down is no failed health check");
        health(true);
        health(true);
        assertFalse(server.isRunning(), "passing health checks do not overrule the agent");
        assertEquals(4, server.state().health());
        final ServerState[] up = agent("up");
        assertTrue(up[1].running());
        assertEquals(1, up[1].agentHealth());
        assertTrue(server.isEligible());
    }

    @Test
    void anAgentThatCannotBeReachedNeverTakesItsServerDown() {
        for (final CheckStatus failure : new CheckStatus[] {CheckStatus.L4CON, CheckStatus.L4TOUT,
            CheckStatus.L7TOUT, CheckStatus.SOCKERR}) {
            final ServerState[] r = agentFails(failure);
            assertSame(r[0], r[1], failure + " changes nothing");
            assertTrue(server.isRunning());
            assertEquals(failure, server.agent().last().status(), "but it is shown");
        }
        agent("stopped");
        agentFails(CheckStatus.L4CON);
        assertFalse(server.isRunning(), "nor brings a server the agent stopped back");
        assertEquals(0, server.state().agentHealth());
    }

    @Test
    void agentUpDoesNotOverruleAFailingHealthCheck() {
        health(false);
        assertFalse(server.isRunning(), "from rise, one failure takes it DOWN");
        agent("up");
        assertFalse(server.isRunning(), "the health check below rise keeps it DOWN");
        health(true);
        assertFalse(server.isRunning());
        health(true);
        assertTrue(server.isRunning(), "rise passes, agent up: UP");
    }

    @Test
    void bothMustAgreeForTheServerToComeBack() {
        agent("fail");
        health(false);
        assertEquals(0, server.state().health());
        health(true);
        health(true);
        assertFalse(server.isRunning(), "health is back, the agent is still down");
        agent("up");
        assertTrue(server.isRunning());
    }

    @Test
    void weightPercentAndDrainKeepTheServerUpButOutOfTheBalancing() {
        agent("up 50%");
        assertEquals(5, server.weight());
        agent("0%");
        assertTrue(server.isRunning());
        assertFalse(server.isEligible(), "0% drains by weight");
        agent("100%");
        assertTrue(server.isEligible());
        agent("drain");
        assertTrue(server.isRunning());
        assertEquals(Server.AdminState.DRAIN, server.adminState());
        assertFalse(server.isEligible());
        agent("ready");
        assertTrue(server.isEligible());
    }

    @Test
    void maintFromTheAgentPausesTheHealthCheckButNotTheAgent() {
        agent("maint");
        assertTrue(server.isDisabled());
        agent("down");
        assertEquals(0, server.state().agentHealth(), "the agent keeps answering in maintenance");
        agent("ready");
        assertFalse(server.isDisabled());
        assertFalse(server.isRunning(), "leaving maintenance with the agent down: DOWN");
        agent("up");
        assertTrue(server.isRunning());
        agent("maint");
        agent("ready up");
        assertTrue(server.isRunning(), "ready and up in one line: back UP");
        assertEquals(2, server.state().health(), "the health check restarts at rise");
    }

    @Test
    void disablingTheAgentLetsTheHealthCheckDecide() {
        agent("down");
        server.agent().enabled(false);
        health(true);
        assertTrue(server.isRunning(), "a disabled agent's down no longer holds the server");
        server.agent().enabled(true);
        health(true);
        assertTrue(server.isRunning(), "re-enabled: nothing until the agent speaks again");
        agent("down");
        assertFalse(server.isRunning());
    }

    @Test
    void setServerAgentForcesTheAgentsHealthAndTheServersState() {
        health(false);
        assertFalse(server.isRunning());
        server.forceAgent(true);
        assertTrue(server.isRunning(), "agent up from the CLI sets the server running, as HAProxy");
        assertEquals(1, server.state().agentHealth());
        server.forceAgent(false);
        assertFalse(server.isRunning());
        assertEquals(0, server.state().agentHealth());
        server.disabled(true);
        server.forceAgent(true);
        assertFalse(server.state().running(), "in maintenance the operational state stays");
        assertEquals(1, server.state().agentHealth(), "while the agent's health is forced");
    }

    @Test
    void anAgentOnlyServerFollowsItsAgent() {
        final Server agentOnly = AgentRig.server(3, false);
        agentOnly.applyAgent(new CheckReport(CheckStatus.L7STS, 0, "via agent : down"), nowNs);
        assertFalse(agentOnly.isRunning());
        agentOnly.applyAgent(new CheckReport(CheckStatus.L7OK, 0, "via agent : up"), nowNs + S);
        assertTrue(agentOnly.isRunning());
        assertEquals(agentOnly.config().check().rise(), agentOnly.state().health(),
            "no health check: health stays at rise, where HAProxy starts every server");
    }
}
