package dev.baton.health;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.config.CheckOptions;
import dev.baton.config.HttpCheckConfig;
import dev.baton.io.Channels;
import dev.baton.io.Endpoint;
import dev.baton.io.EndpointHandler;
import dev.baton.io.FdBudget;
import dev.baton.io.SocketEndpoint;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One server's health check: Layer 4 (HAProxy's {@code check} without {@code option httpchk} or {@code tcp-check})
 * or HTTP (the backend has {@code option httpchk}, see {@link HttpCheckConfig} and {@link HttpCheckVerdict}),
 * owned by one reactor: every interval it opens a non-blocking TCP connection to the check address on that
 * reactor's selector, counted in the {@link FdBudget} and never pooled; the check passes when the connection is
 * established ({@link CheckStatus#L4OK}) and fails when the connect is refused or fails
 * ({@link CheckStatus#L4CON}), does not complete within the timeout ({@link CheckStatus#L4TOUT}) or no socket can
 * be opened ({@link CheckStatus#SOCKERR}). An HTTP check then writes its request and reads the response into a
 * buffer of {@link #CHKSIZE} bytes (HAProxy's {@code tune.chksize}) until it can judge it: the head for a status
 * expectation, the body too (to its {@code Content-Length}, the end of the stream or a full buffer) for a
 * string; a reset while writing or reading is {@link CheckStatus#SOCKERR}, no answer in time
 * {@link CheckStatus#L7TOUT}: with {@code timeout check}, that long after the connect, else {@code inter} after
 * the start. The socket is closed as soon as the outcome is known.
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
    /** The most of a response an HTTP check reads, HAProxy's default {@code tune.chksize}. */
    static final int CHKSIZE = 16_384;

    private final Server server;
    private final InetSocketAddress target;
    private final Reactor reactor;
    private final FdBudget fds;
    private final CheckEvents events;
    private final CheckOptions options;
    private final long timeoutNs;
    /** The HTTP check's settings, null for a Layer 4 check. */
    private final HttpCheckConfig http;
    /** {@code timeout check} in ns: the reading's bound after the connect; 0 when unset. */
    private final long readTimeoutNs;
    private final byte[] request;
    private ByteBuffer out;
    private ByteBuffer in;
    /** The check under way has its connection established (an HTTP check is writing or reading). */
    private boolean connected;

    private long timerId = -1;
    /** When the pending timer fires. */
    private long deadlineNs;
    private CheckSpread spread = CheckSpread.NONE;
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
        this.http = server.backend().config().httpCheck();
        this.readTimeoutNs = server.backend().config().timeouts().checkMs() * 1_000_000L;
        this.request = http == null ? null : http.request();
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
        if (fastNs == 0 || endpoint != null || timerId == -1 || deadlineNs - (nowNs + fastNs) <= 0) {
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
        closeEndpoint();
        server.checkInProgress(false);
    }

    /** True while a check's connection is open. Owner reactor (tests). */
    public boolean inProgress() {
        return endpoint != null;
    }

    /** True while an HTTP check's connection is established and its response awaited. Owner reactor (tests). */
    boolean awaitingResponse() {
        return connected;
    }

    @Override
    public void onTimer(final long nowNs, final long firedId) {
        if (firedId != timerId) {
            return;
        }
        timerId = -1;
        if (endpoint != null) {
            finish(connected ? CheckStatus.L7TOUT : CheckStatus.L4TOUT, null, nowNs);
        } else if (server.isDisabled() || !server.checkEnabled()) {
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
            schedule(nowNs + timeoutNs);
            final int port = server.checkPort();
            if (endpoint.connect(port == 0 ? target : new InetSocketAddress(target.getAddress(), port))) {
                endpoint.register(reactor, 0);
                connected(nowNs);
                return;
            }
            endpoint.register(reactor, SelectionKey.OP_CONNECT);
        } catch (final IOException e) {
            finish(CheckStatus.L4CON, e.getMessage(), nowNs);
        }
    }

    /** The connection is established: a Layer 4 check has passed, an HTTP check sends its request. */
    private void connected(final long nowNs) {
        if (http == null) {
            finish(CheckStatus.L4OK, null, nowNs);
            return;
        }
        connected = true;
        if (readTimeoutNs > 0) {
            reactor.timers().cancel(timerId);
            schedule(nowNs + readTimeoutNs);
        }
        out = ByteBuffer.wrap(request);
        if (in == null) {
            in = ByteBuffer.allocate(CHKSIZE);
        }
        in.clear();
        exchange(nowNs);
    }

    /** Writes what is left of the request, then reads what came of the response and judges it when it can. */
    private void exchange(final long nowNs) {
        try {
            if (out.hasRemaining()) {
                endpoint.write(out);
                if (out.hasRemaining()) {
                    endpoint.interest(SelectionKey.OP_WRITE);
                    return;
                }
                endpoint.interest(SelectionKey.OP_READ);
            }
            boolean eof = false;
            int n;
            while (in.hasRemaining() && (n = endpoint.read(in)) != 0) {
                if (n < 0) {
                    eof = true;
                    break;
                }
            }
            final HttpCheckVerdict verdict = HttpCheckVerdict.judge(http, in.array(), in.position(),
                eof || !in.hasRemaining(), server.state().running());
            if (verdict != null) {
                finish(verdict.status(), verdict.info(), verdict.code(), nowNs);
            }
        } catch (final IOException e) {
            finish(CheckStatus.SOCKERR, socketError(e), 0, nowNs);
        }
    }

    /** HAProxy's text for a socket error ({@code strerror}): Java's "Connection reset" is "... by peer". */
    static String socketError(final IOException e) {
        final String m = e.getMessage();
        return m != null && m.startsWith("Connection reset") ? "Connection reset by peer" : m;
    }

    @Override
    public void onReady(final Endpoint ready, final int readyOps) {
        if (ready != endpoint) {
            return;
        }
        final long nowNs = reactor.nowNs();
        if (connected) {
            exchange(nowNs);
            return;
        }
        try {
            if (endpoint.finishConnect()) {
                connected(nowNs);
            }
        } catch (final IOException e) {
            finish(CheckStatus.L4CON, e.getMessage(), nowNs);
        }
    }

    /** Ends the check under way: closes its socket, moves the server's state, reports, schedules the next. */
    private void finish(final CheckStatus status, final String info, final long nowNs) {
        finish(status, info, 0, nowNs);
    }

    /** {@link #finish(CheckStatus, String, long)} with the response's HTTP status {@code code} (0: none). */
    private void finish(final CheckStatus status, final String info, final int code, final long nowNs) {
        closeEndpoint();
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

    private void closeEndpoint() {
        connected = false;
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
