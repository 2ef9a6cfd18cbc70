package dev.baton.health;

import dev.baton.config.CheckRule;
import dev.baton.config.SendProxy;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * What every active check of one server (its health check, its agent check) shares, as HAProxy runs both on one
 * check task: a timer on the owner reactor that starts a {@link CheckRun} of the check's ruleset, bounds it (the
 * connect by the connect timeout, then, once connected, by {@code timeout check} when set; a run the timer ends is
 * judged by {@link CheckRun#timedOut}) and, when the run ends, hands its outcome to the subclass, which applies it
 * to the server and schedules the next turn. The subclass says what a turn skipped looks like, where the check
 * connects, and which of the server's "in progress" flags it raises.
 *
 * <p>Owner reactor's thread only, from {@link #start} on; one timer pending at a time.
 */
abstract class ActiveCheck implements TimerHandler {
    final Server server;
    final Reactor reactor;
    final CheckEvents events;
    private final long timeoutNs;
    /** {@code timeout check} in ns: the run's bound once connected; 0 when unset. */
    private final long readTimeoutNs;

    /** The step machine; replaced only between runs (see {@link #runWith}). */
    private CheckRunner run;
    private long timerId = -1;
    /** When the pending timer fires. */
    private long deadlineNs;
    /** When the run under way (or the last one) started. */
    long startedNs;

    /** @param timeoutMs how long the connect may take (see {@code Timeouts#checkConnectMs}) */
    ActiveCheck(final Server server, final Reactor reactor, final long timeoutMs, final CheckEvents events) {
        this.server = server;
        this.reactor = reactor;
        this.events = events;
        this.timeoutNs = timeoutMs * 1_000_000L;
        this.readTimeoutNs = server.backend().config().timeouts().checkMs() * 1_000_000L;
    }

    /** The step machine the next runs use; set by the constructor, or between runs (never during one). */
    final void runWith(final CheckRunner r) {
        this.run = r;
    }

    public final Server server() {
        return server;
    }

    public final Reactor reactor() {
        return reactor;
    }

    /** Schedules the first check {@code delayNs} from now. Owner reactor. */
    public final void start(final long delayNs) {
        schedule(reactor.nowNs() + delayNs);
    }

    /** Stops checking: the pending timer is cancelled, a check under way is closed. Owner reactor. */
    public final void stop() {
        cancelTimer();
        run.abandon();
        markInProgress(false);
    }

    /** True while a check's connection is open. Owner reactor (tests). */
    public final boolean inProgress() {
        return run.inProgress();
    }

    /** True while a check's connection is established and its rules run. Owner reactor (tests). */
    final boolean awaitingResponse() {
        return run.established();
    }

    /** A timer is pending and fires later than {@code deadline}. */
    final boolean pendingAfter(final long deadline) {
        return timerId != -1 && deadlineNs - deadline > 0;
    }

    @Override
    public final void onTimer(final long nowNs, final long firedId) {
        if (firedId != timerId) {
            return;
        }
        timerId = -1;
        if (run.inProgress()) {
            run.timedOut(nowNs);
        } else if (skipsTurn()) {
            schedule(nowNs + skippedIntervalNs());
        } else {
            beforeRun();
            startedNs = nowNs;
            markInProgress(true);
            schedule(nowNs + run.boundNs(timeoutNs));
            run.start(nowNs);
        }
    }

    /** A connect rule's connection is established: with {@code timeout check}, it bounds the rest. */
    final void connected(final long nowNs) {
        if (readTimeoutNs > 0 && timerId != -1) {
            reactor.timers().cancel(timerId);
            schedule(nowNs + readTimeoutNs);
        }
    }

    /**
     * The run ended ({@link CheckRun} has closed its socket): the flag drops, the timer is cancelled and the
     * subclass applies the outcome and schedules the next turn. {@code code}: the check's code (HTTP status,
     * protocol error), 0 for none.
     */
    final void finish(final CheckStatus status, final String info, final int code, final long nowNs) {
        markInProgress(false);
        cancelTimer();
        conclude(status, info, code, nowNs);
    }

    /** The server is running as the checks see it (for {@code disable-on-404}). */
    final boolean running() {
        return server.state().running();
    }

    /**
     * The agent's expect rule read a line ({@link dev.baton.config.CheckRule.Match#AGENT}): act on it and write the run's outcome
     * into {@code v}. Only the agent check's ruleset has such a rule.
     */
    StepResult agentReply(final AgentReply reply, final StepResult.Verdict v) {
        throw new IllegalStateException("an agent reply in " + this);
    }

    /** The address a connect rule without {@code port}/{@code addr} dials. */
    abstract InetSocketAddress target();

    /**
     * Whether a connect rule's connection starts with a PROXY protocol header: {@code tcp-check connect send-proxy}
     * ({@link CheckRule.Connect#PROXY_SEND}) always; a default connect as the server's {@code check-send-proxy} rule
     * says ({@link SendProxy#onChecks}); never for an agent check (HAProxy's CHK_ST_AGENT).
     */
    boolean sendsProxy(final CheckRule.Connect c) {
        final SendProxy sp = server.config().sendProxy();
        return c.proxy() == CheckRule.Connect.PROXY_SEND
            || c.proxy() == CheckRule.Connect.PROXY_DEFAULT && sp.onChecks(server.config().check());
    }

    /** The TLS context a check's connection speaks TLS with, or null (a plain check; always for an agent check). */
    dev.baton.tls.ServerTlsContext checkTls() {
        return null;
    }

    /** The Unix socket a check of a {@code unix@} server connects to when no {@code addr} is set; null otherwise. */
    SocketAddress unixTarget() {
        return null;
    }

    /** The abstract name a check of an {@code abns@} server connects to when no {@code addr} is set; else null. */
    String abstractTarget() {
        return null;
    }

    /** This turn is skipped (the check is disabled, or the server is not to be checked now). */
    abstract boolean skipsTurn();

    /** When a turn is skipped, the next one comes this long after. */
    abstract long skippedIntervalNs();

    /** Called just before a run starts: the last moment to change the ruleset ({@link #runWith}). */
    void beforeRun() {
    }

    /** Raises or drops the server's flag that a check of this kind is under way ({@code show stat}). */
    abstract void markInProgress(boolean inProgress);

    /** Applies the run's outcome to the server, reports it, and schedules the next turn ({@link #schedule}). */
    abstract void conclude(CheckStatus status, String info, int code, long nowNs);

    /**
     * Reports the server going DOWN (it was running and no longer is) or coming UP (it was not UP, or was
     * stopping, and is UP) by {@code change}, the states before and after the outcome; false when neither.
     */
    final boolean reportUpOrDown(final ServerState[] change, final CheckReport report) {
        final boolean wasUp = change[0].running() && !change[0].stopping();
        final boolean isUp = change[1].running() && !change[1].stopping();
        if (change[0].running() && !change[1].running()) {
            events.serverDown(server, report);
            return true;
        }
        if (!wasUp && isUp) {
            events.serverUp(server, report);
            return true;
        }
        return false;
    }

    /** Arms the timer for {@code deadline}; none may be pending. */
    final void schedule(final long deadline) {
        deadlineNs = deadline;
        timerId = reactor.timers().schedule(deadline, this);
    }

    /** Cancels the pending timer, if any. */
    final void cancelTimer() {
        if (timerId != -1) {
            reactor.timers().cancel(timerId);
            timerId = -1;
        }
    }
}
