package dev.baton.health;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.config.CheckOptions;
import dev.baton.config.CheckRuleset;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;

import java.net.InetSocketAddress;

/**
 * One server's health check, owned by one reactor: every interval it runs the backend's {@link CheckRuleset}
 * (a plain {@code check}: one connect; {@code option httpchk}: connect, send the request, judge the response;
 * {@code option tcp-check} and the protocol checks: their rules) with a {@link CheckRun} on that reactor's
 * selector, non-blocking, its sockets counted in the {@link FdBudget} and never pooled, closed as soon as the
 * outcome is known. The run is bounded by a timer: the connect by the timeout given (see
 * {@code Timeouts#checkConnectMs}), and once a connection is established, by {@code timeout check} when set; a run
 * the timer ends is {@link CheckStatus#L4TOUT} before the connection, else {@link CheckStatus#L7TOUT} (or the
 * waiting rule's {@code tout-status}).
 *
 * <p>The outcome moves the server's state ({@link Server#applyCheck}); a transition is reported to
 * {@link CheckEvents}. The next check starts one interval after this one started, the interval chosen as
 * HAProxy's srv_getinter: {@code inter} while UP with full health, {@code downinter} while DOWN with health 0,
 * {@code fastinter} in between. A server in maintenance is not checked (its timer keeps ticking at
 * {@code inter}).
 *
 * <p>Owner reactor's thread only, from {@link #start} on; one timer pending at a time.
 */
public final class HealthCheck implements TimerHandler {
    /** The receive buffer of a check, HAProxy's default {@code tune.chksize}. */
    static final int CHKSIZE = 16_384;

    private final Server server;
    private final InetSocketAddress target;
    private final Reactor reactor;
    private final CheckEvents events;
    private final CheckOptions options;
    private final long timeoutNs;
    /** {@code timeout check} in ns: the run's bound once connected; 0 when unset. */
    private final long readTimeoutNs;
    private final CheckRun run;

    private long timerId = -1;
    /** When the pending timer fires. */
    private long deadlineNs;
    private CheckSpread spread = CheckSpread.NONE;
    private long startedNs;

    /**
     * @param target    the address checked ({@code addr}/{@code port}, else the server's)
     * @param timeoutMs how long the connect may take (see {@code Timeouts#checkConnectMs})
     */
    public HealthCheck(final Server server, final InetSocketAddress target, final Reactor reactor, final FdBudget fds,
                       final long timeoutMs, final CheckEvents events) {
        this.server = server;
        this.target = target;
        this.reactor = reactor;
        this.events = events;
        this.options = server.config().check();
        this.timeoutNs = timeoutMs * 1_000_000L;
        this.readTimeoutNs = server.backend().config().timeouts().checkMs() * 1_000_000L;
        final CheckRuleset rules = server.backend().config().checks();
        this.run = new CheckRun(this, reactor, fds, rules == null ? CheckRuleset.LAYER4 : rules);
    }

    public Server server() {
        return server;
    }

    /** The intervals' random spread ({@code spread-checks}); set before {@link #start}. */
    void spread(final CheckSpread s) {
        this.spread = s;
    }

    /**
     * HAProxy's reaction to the traffic's errors ({@code on-error}, every mode): with {@code fastinter} set, the
     * next check runs no later than {@code fastinter} from now; a check under way finishes as it would. Owner
     * reactor.
     */
    void hasten(final long nowNs) {
        final long fastNs = options.fastinterMs() * 1_000_000L;
        if (fastNs == 0 || run.inProgress() || timerId == -1 || deadlineNs - (nowNs + fastNs) <= 0) {
            return;
        }
        reactor.timers().cancel(timerId);
        schedule(nowNs + fastNs);
    }

    /** The events the check reports to. */
    CheckEvents events() {
        return events;
    }

    public Reactor reactor() {
        return reactor;
    }

    /** Schedules the first check {@code delayNs} from now (the start-up spread). Owner reactor. */
    public void start(final long delayNs) {
        schedule(reactor.nowNs() + delayNs);
    }

    /** Stops checking: the pending timer is cancelled, a check under way is closed. Owner reactor. */
    public void stop() {
        if (timerId != -1) {
            reactor.timers().cancel(timerId);
            timerId = -1;
        }
        run.abandon();
        server.checkInProgress(false);
    }

    /** True while a check's connection is open. Owner reactor (tests). */
    public boolean inProgress() {
        return run.inProgress();
    }

    /** True while a check's connection is established and its rules run. Owner reactor (tests). */
    boolean awaitingResponse() {
        return run.established();
    }

    /** The address a connect rule without {@code port}/{@code addr} dials: the check's, with {@code check-port}. */
    InetSocketAddress target() {
        final int port = server.checkPort();
        return port == 0 ? target : new InetSocketAddress(target.getAddress(), port);
    }

    /** The server is running as the checks see it (for {@code disable-on-404}). */
    boolean running() {
        return server.state().running();
    }

    @Override
    public void onTimer(final long nowNs, final long firedId) {
        if (firedId != timerId) {
            return;
        }
        timerId = -1;
        if (run.inProgress()) {
            run.timedOut(nowNs);
        } else if (server.isDisabled() || !server.checkEnabled()) {
            schedule(nowNs + options.interMs() * 1_000_000L);
        } else {
            startedNs = nowNs;
            server.checkInProgress(true);
            schedule(nowNs + timeoutNs);
            run.start(nowNs);
        }
    }

    /** A connect rule's connection is established: with {@code timeout check}, it bounds the rest. */
    void connected(final long nowNs) {
        if (readTimeoutNs > 0 && timerId != -1) {
            reactor.timers().cancel(timerId);
            schedule(nowNs + readTimeoutNs);
        }
    }

    /**
     * The run ended ({@link CheckRun} has closed its socket): moves the server's state, reports, schedules the next
     * check. {@code code}: the check's code (HTTP status, protocol error), 0 for none.
     */
    void finish(final CheckStatus status, final String info, final int code, final long nowNs) {
        server.checkInProgress(false);
        if (timerId != -1) {
            reactor.timers().cancel(timerId);
            timerId = -1;
        }
        if (!server.checkEnabled()) {
            schedule(nowNs + options.interMs() * 1_000_000L); // disable health while under way: no verdict
            return;
        }
        final CheckReport report =
            new CheckReport(status, Math.max(0, (nowNs - startedNs) / 1_000_000L), info, code);
        final ServerState[] change = server.applyCheck(report, nowNs);
        if (server.backend().config().logHealthChecks()
            && CheckMessages.logsCheck(server, report, change[0], change[1])) {
            events.checkLogged(server, report, change[1]);
        }
        final boolean wasUp = change[0].running() && !change[0].stopping();
        final boolean isUp = change[1].running() && !change[1].stopping();
        if (change[0].running() && !change[1].running()) {
            events.serverDown(server, report);
        } else if (!wasUp && isUp) {
            events.serverUp(server, report);
        } else if (wasUp && change[1].running() && change[1].stopping()) {
            events.serverStopping(server, report);
        }
        final long intervalNs = spread.jitteredMs(intervalMs(change[1])) * 1_000_000L;
        long next = startedNs + intervalNs;
        if (next - nowNs <= 0) {
            next = nowNs + intervalNs;
        }
        schedule(next);
    }

    /** HAProxy's srv_getinter for the state {@code s}. */
    long intervalMs(final ServerState s) {
        if (s.health() == options.rise() + options.fall() - 1) {
            return options.interMs();
        }
        if (!s.running() && s.health() == 0) {
            return options.effectiveDowninterMs();
        }
        return options.effectiveFastinterMs();
    }

    private void schedule(final long deadline) {
        deadlineNs = deadline;
        timerId = reactor.timers().schedule(deadline, this);
    }

    @Override
    public String toString() {
        return "check of " + server + " on reactor " + (reactor.id() + 1);
    }
}
