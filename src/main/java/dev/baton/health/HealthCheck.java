package dev.baton.health;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.config.CheckOptions;
import dev.baton.io.Channels;
import dev.baton.io.Endpoint;
import dev.baton.io.EndpointHandler;
import dev.baton.io.FdBudget;
import dev.baton.io.SocketEndpoint;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One server's Layer 4 health check (HAProxy's {@code check} without {@code option httpchk} or {@code tcp-check}),
 * owned by one reactor: every interval it opens a non-blocking TCP connection to the check address on that
 * reactor's selector, counted in the {@link FdBudget} and never pooled; the check passes when the connection is
 * established ({@link CheckStatus#L4OK}) and fails when the connect is refused or fails
 * ({@link CheckStatus#L4CON}), does not complete within the timeout ({@link CheckStatus#L4TOUT}) or no socket can
 * be opened ({@link CheckStatus#SOCKERR}). The socket is closed as soon as the outcome is known.
 *
 * <p>The outcome moves the server's state ({@link Server#applyCheck}); a transition is reported to
 * {@link CheckEvents}. The next check starts one interval after this one started, the interval chosen as
 * HAProxy's srv_getinter: {@code inter} while UP with full health, {@code downinter} while DOWN with health 0,
 * {@code fastinter} in between. A server in maintenance is not checked (its timer keeps ticking at
 * {@code inter}).
 *
 * <p>Owner reactor's thread only, from {@link #start} on; one timer pending at a time.
 */
public final class HealthCheck implements EndpointHandler, TimerHandler {
    private final Server server;
    private final InetSocketAddress target;
    private final Reactor reactor;
    private final FdBudget fds;
    private final CheckEvents events;
    private final CheckOptions options;
    private final long timeoutNs;

    private long timerId = -1;
    /** The connection of the check under way, or null between checks. */
    private SocketEndpoint endpoint;
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
        this.fds = fds;
        this.events = events;
        this.options = server.config().check();
        this.timeoutNs = timeoutMs * 1_000_000L;
    }

    public Server server() {
        return server;
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
        closeEndpoint();
        server.checkInProgress(false);
    }

    /** True while a check's connection is open. Owner reactor (tests). */
    public boolean inProgress() {
        return endpoint != null;
    }

    @Override
    public void onTimer(final long nowNs, final long firedId) {
        if (firedId != timerId) {
            return;
        }
        timerId = -1;
        if (endpoint != null) {
            finish(CheckStatus.L4TOUT, null, nowNs);
        } else if (server.isDisabled()) {
            schedule(nowNs + options.interMs() * 1_000_000L);
        } else {
            begin(nowNs);
        }
    }

    private void begin(final long nowNs) {
        startedNs = nowNs;
        server.checkInProgress(true);
        final SocketChannel channel;
        try {
            channel = SocketChannel.open();
        } catch (final IOException e) {
            finish(CheckStatus.SOCKERR, e.getMessage(), nowNs);
            return;
        }
        fds.opened();
        try {
            endpoint = new SocketEndpoint(channel, fds, this);
        } catch (final IOException e) {
            Channels.closeQuietly(channel);
            fds.closed();
            finish(CheckStatus.SOCKERR, e.getMessage(), nowNs);
            return;
        }
        try {
            if (endpoint.connect(target)) {
                finish(CheckStatus.L4OK, null, nowNs);
                return;
            }
            endpoint.register(reactor, SelectionKey.OP_CONNECT);
        } catch (final IOException e) {
            finish(CheckStatus.L4CON, e.getMessage(), nowNs);
            return;
        }
        schedule(nowNs + timeoutNs);
    }

    @Override
    public void onReady(final Endpoint ready, final int readyOps) {
        if (ready != endpoint) {
            return;
        }
        final long nowNs = reactor.nowNs();
        try {
            if (endpoint.finishConnect()) {
                finish(CheckStatus.L4OK, null, nowNs);
            }
        } catch (final IOException e) {
            finish(CheckStatus.L4CON, e.getMessage(), nowNs);
        }
    }

    /** Ends the check under way: closes its socket, moves the server's state, reports, schedules the next. */
    private void finish(final CheckStatus status, final String info, final long nowNs) {
        closeEndpoint();
        server.checkInProgress(false);
        if (timerId != -1) {
            reactor.timers().cancel(timerId);
            timerId = -1;
        }
        final CheckReport report = new CheckReport(status, Math.max(0, (nowNs - startedNs) / 1_000_000L), info);
        final ServerState[] change = server.applyCheck(report, nowNs);
        if (change[0].running() && !change[1].running()) {
            events.serverDown(server, report);
        } else if (!change[0].running() && change[1].running()) {
            events.serverUp(server, report);
        }
        final long intervalNs = intervalMs(change[1]) * 1_000_000L;
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

    private void schedule(final long deadlineNs) {
        timerId = reactor.timers().schedule(deadlineNs, this);
    }

    private void closeEndpoint() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
    }

    @Override
    public String toString() {
        return "check of " + server + " on reactor " + (reactor.id() + 1);
    }
}
