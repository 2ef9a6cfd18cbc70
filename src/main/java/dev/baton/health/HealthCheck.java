package dev.baton.health;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.config.CheckOptions;
import dev.baton.config.CheckRuleset;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * One server's health check, owned by one reactor: every interval it runs the backend's {@link CheckRuleset}
 * (a plain {@code check}: one connect; {@code option httpchk}: connect, send the request, judge the response;
 * {@code option tcp-check} and the protocol checks: their rules) with a {@link CheckRun} on that reactor's
 * selector, non-blocking, its sockets counted in the {@link FdBudget} and never pooled, closed as soon as the
 * outcome is known. The run is bounded by a timer ({@link ActiveCheck}): the connect by the timeout given (see
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
public final class HealthCheck extends ActiveCheck {
    /** The receive buffer of a check, HAProxy's default {@code tune.chksize}. */
    static final int CHKSIZE = 16_384;

    private final InetSocketAddress target;
    private final CheckOptions options;
    private CheckSpread spread = CheckSpread.NONE;

    /**
     * @param target    the address checked ({@code addr}/{@code port}, else the server's)
     * @param timeoutMs how long the connect may take (see {@code Timeouts#checkConnectMs})
     */
    public HealthCheck(final Server server, final InetSocketAddress target, final Reactor reactor, final FdBudget fds,
                       final long timeoutMs, final CheckEvents events) {
        this(server, target, reactor, fds, timeoutMs, events, false);
    }

    /** @param forkAllowed the global {@code insecure-fork-wanted}: an external check may start its program */
    public HealthCheck(final Server server, final InetSocketAddress target, final Reactor reactor, final FdBudget fds,
                       final long timeoutMs, final CheckEvents events, final boolean forkAllowed) {
        super(server, reactor, timeoutMs, events);
        this.target = target;
        this.options = server.config().check();
        final CheckRuleset rules = server.backend().config().checks();
        if (rules != null && rules.kind() == CheckRuleset.Kind.EXTERNAL) {
            runWith(new ExternalCheckRun(this, reactor, rules.external(), forkAllowed));
        } else {
            runWith(new CheckRun(this, reactor, fds, rules == null ? CheckRuleset.LAYER4 : rules));
        }
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
        if (fastNs == 0 || inProgress() || !pendingAfter(nowNs + fastNs)) {
            return;
        }
        cancelTimer();
        schedule(nowNs + fastNs);
    }

    /** The events the check reports to. */
    CheckEvents events() {
        return events;
    }

    /** The address a connect rule without {@code port}/{@code addr} dials: the check's, with {@code check-port}. */
    @Override
    InetSocketAddress target() {
        final int port = server.checkPort();
        final InetSocketAddress base = target == null ? null : followServer(target);
        return port == 0 || base == null ? base : new InetSocketAddress(base.getAddress(), port);
    }

    /**
     * {@code configured}, or, without {@code addr} (and {@code port}), where the server is now: {@code set server ...
     * addr} moves the check with the traffic. Allocates only after such a change (once per check run).
     */
    private InetSocketAddress followServer(final InetSocketAddress configured) {
        final InetSocketAddress at = server.address();
        if (options.addr() != null || at == null || server.config().mapPorts()) {
            return configured;
        }
        final int port = options.port() > 0 ? configured.getPort() : at.getPort();
        return at.getAddress().equals(configured.getAddress()) && port == configured.getPort() ? configured
            : new InetSocketAddress(at.getAddress(), port);
    }

    /** {@code check-ssl}, or an {@code ssl} server checked where its traffic goes: its check context. */
    @Override
    dev.baton.tls.ServerTlsContext checkTls() {
        return server.checkTls();
    }

    /** A Unix server without {@code addr}: its own socket. */
    @Override
    SocketAddress unixTarget() {
        return target == null && server.config().isUnix() ? server.dialAddress(0) : null;
    }

    /** An {@code abns@} server without {@code addr}: its abstract name. */
    @Override
    String abstractTarget() {
        return target == null && server.config().isUnix() && server.config().abns() ? server.config().path() : null;
    }

    /** In maintenance, or {@code disable health}: no check, the timer keeps ticking at {@code inter}. */
    @Override
    boolean skipsTurn() {
        return server.isDisabled() || !server.checkEnabled();
    }

    @Override
    long skippedIntervalNs() {
        return options.interMs() * 1_000_000L;
    }

    @Override
    void markInProgress(final boolean inProgress) {
        server.checkInProgress(inProgress);
    }

    /** Moves the server's state, reports, schedules the next check one interval after this one started. */
    @Override
    void conclude(final CheckStatus status, final String info, final int code, final long nowNs) {
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
        if (!reportUpOrDown(change, report) && wasUp && change[1].running() && change[1].stopping()) {
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

    @Override
    public String toString() {
        return "check of " + server + " on reactor " + (reactor.id() + 1);
    }
}
