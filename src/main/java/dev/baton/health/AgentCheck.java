package dev.baton.health;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.config.CheckRuleset;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One server's agent check ({@code agent-check}), HAProxy's auxiliary check, owned by one reactor apart from the
 * health check but run by the same engine: every {@code agent-inter} a {@link CheckRun} runs the agent's ruleset
 * ({@link CheckRuleset#agent}: connect to the agent's address, {@code agent-addr}/{@code agent-port} or their
 * runtime overrides; write {@code agent-send} if any; read one line), its socket non-blocking on the reactor's
 * selector, counted in the {@link FdBudget}, never pooled. The line goes to {@link AgentReply}, which moves the
 * server's weight, connection limit and administrative state; the reply's health word then moves the server's
 * state through {@link Server#applyAgent} (a "down" takes it DOWN even while its health check passes, an "up"
 * brings it back if the health check allows). A connection failure ({@link CheckStatus#L4CON}), a timeout
 * ({@link CheckStatus#L4TOUT} before the connect, {@link CheckStatus#L7TOUT} after) or a socket error is shown but
 * never takes the server down, as in HAProxy. The agent keeps running while the server is in maintenance (so that
 * it can say {@code ready}); it skips its turns after {@code disable agent}.
 *
 * <p>Timing, as HAProxy 2.6's: the agent's rise and fall are 1 and no keyword sets an agent fastinter or
 * downinter, so the next check starts {@code agent-inter} after the end of this one, whatever the state. The
 * check's bound ({@link ActiveCheck}): {@code timeout check} after the connect when set, the connect itself
 * bounded as {@code Timeouts#checkConnectMs}, else {@code agent-inter} for the whole.
 *
 * <p>Owner reactor's thread only, from {@link #start} on; one timer pending at a time.
 */
public final class AgentCheck extends ActiveCheck {
    private final InetSocketAddress target;
    private final FdBudget fds;
    private final long interNs;
    /** The {@code agent-send} text the current ruleset writes (the runtime API may change it). */
    private String send;

    /**
     * @param target    the agent's configured address ({@code agent-addr}, else {@code addr} or the server's;
     *                  {@code agent-port}, else {@code port})
     * @param timeoutMs how long the connect may take
     */
    public AgentCheck(final Server server, final InetSocketAddress target, final Reactor reactor, final FdBudget fds,
                      final long timeoutMs, final CheckEvents events) {
        super(server, reactor, timeoutMs, events);
        this.target = target;
        this.fds = fds;
        this.interNs = server.config().agent().interMs() * 1_000_000L;
        this.send = server.agent().send();
        runWith(new CheckRun(this, reactor, fds, CheckRuleset.agent(send)));
    }

    /** {@code set server ... agent-send} changed the text since the last run: a new ruleset writes it. */
    @Override
    void beforeRun() {
        final String now = server.agent().send();
        if (!Objects.equals(now, send)) {
            send = now;
            runWith(new CheckRun(this, reactor, fds, CheckRuleset.agent(send)));
        }
    }

    /** Where this check connects: the server's agent address and port, which the runtime API may change. */
    @Override
    InetSocketAddress target() {
        InetAddress addr = server.agent().addr();
        if (addr == null && server.config().agent().addr() == null && server.config().check().addr() == null
            && server.address() != null) {
            addr = server.address().getAddress(); // the server's own, which set server ... addr may change
        }
        final int port = server.agent().port();
        if ((addr == null || addr.equals(target.getAddress())) && port == target.getPort()) {
            return target;
        }
        return new InetSocketAddress(addr != null ? addr : target.getAddress(), port);
    }

    /**
     * After {@code disable agent}; maintenance does not stop the agent, but a server whose name no longer resolves
     * (RMAINT) has no address to reach its agent at: the turn is skipped rather than dial a cleared address.
     */
    @Override
    boolean skipsTurn() {
        return !server.agent().enabled() || server.state().resolutionMaint() && server.config().agent().addr() == null;
    }

    @Override
    long skippedIntervalNs() {
        return interNs;
    }

    @Override
    void markInProgress(final boolean inProgress) {
        server.agent().inProgress(inProgress);
    }

    /**
     * A reply came: act on it, unless the agent was disabled meanwhile, which drops it, as HAProxy does
     * ({@link #conclude} then gives no verdict). The run's outcome is the reply's.
     */
    @Override
    StepResult agentReply(final AgentReply reply, final StepResult.Verdict v) {
        if (!server.agent().enabled()) {
            return v.stop(CheckStatus.CHECKED, null); // dropped by conclude
        }
        if (reply.incomplete()) {
            // HAProxy keeps the previous status and only replaces the description
            return v.stop(server.agent().last().status(), AgentReply.INCOMPLETE);
        }
        final boolean wasUsable = server.isEligible();
        final ServerState before = server.state();
        final AgentReply.Outcome outcome = reply.apply(server);
        final ServerState after = server.state();
        if (before.adminFlags() != after.adminFlags()) {
            events.adminChanged(server, before, after);
        }
        if (wasUsable && !server.isEligible() && server.isRunning()) {
            events.serverUnusable(server); // 0%, drain or maint: HAProxy's alert if the backend has no server left
        }
        return v.stop(outcome.status(), outcome.description());
    }

    /** Moves the server's state by the agent's outcome, reports, schedules the next check agent-inter from now. */
    @Override
    void conclude(final CheckStatus status, final String info, final int code, final long nowNs) {
        schedule(nowNs + interNs);
        if (!server.agent().enabled()) {
            return; // disable agent while under way: no verdict
        }
        final CheckStatus previous = server.agent().last().status();
        final CheckReport report = new CheckReport(status, Math.max(0, (nowNs - startedNs) / 1_000_000L), info);
        final ServerState[] change = server.applyAgent(report, nowNs);
        if (server.backend().config().logHealthChecks() && AgentMessages.logsCheck(previous, status)) {
            events.agentLogged(server, report, change[1]);
        }
        reportUpOrDown(change, report);
    }

    @Override
    public String toString() {
        return "agent check of " + server + " on reactor " + (reactor.id() + 1);
    }

    /** An agent check never sends a PROXY protocol header (HAProxy's CHK_ST_AGENT). */
    @Override
    boolean sendsProxy(final dev.baton.config.CheckRule.Connect c) {
        return false;
    }
}
