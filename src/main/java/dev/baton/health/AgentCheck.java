package dev.baton.health;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.config.AgentCheckOptions;
import dev.baton.io.Endpoint;
import dev.baton.io.EndpointHandler;
import dev.baton.io.FdBudget;
import dev.baton.io.SocketEndpoint;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;

/**
 * One server's agent check ({@code agent-check}), HAProxy's auxiliary check, owned by one reactor apart from the
 * health check: every {@code agent-inter} it connects (non-blocking, on the reactor's selector, counted in the
 * {@link FdBudget}, never pooled) to the agent's address ({@code agent-addr}/{@code agent-port} or their runtime
 * overrides), writes {@code agent-send} if any, reads one line and hands it to {@link AgentReply}, which moves
 * the server's weight, connection limit and administrative state; the reply's health word then moves the
 * server's state through {@link Server#applyAgent} (a "down" takes it DOWN even while its health check passes,
 * an "up" brings it back if the health check allows). A connection failure ({@link CheckStatus#L4CON}), a
 * timeout ({@link CheckStatus#L4TOUT} before the connect, {@link CheckStatus#L7TOUT} after) or a socket error is
 * shown but never takes the server down, as in HAProxy. The agent keeps running while the server is in
 * maintenance (so that it can say {@code ready}); it skips its turns after {@code disable agent}.
 *
 * <p>Timing, as HAProxy 2.6's: the agent's rise and fall are 1 and no keyword sets an agent fastinter or
 * downinter, so the next check starts {@code agent-inter} after the end of this one, whatever the state. The
 * check's bound: {@code timeout check} after the connect when set, the connect itself bounded as
 * {@code Timeouts#checkConnectMs}, else {@code agent-inter} for the whole.
 *
 * <p>Owner reactor's thread only, from {@link #start} on; one timer pending at a time.
 */
public final class AgentCheck implements EndpointHandler, TimerHandler {
    /** The most of a reply read (HAProxy's {@code tune.chksize}); a longer line counts as incomplete. */
    static final int CHKSIZE = HealthCheck.CHKSIZE;

    private final Server server;
    private final InetSocketAddress target;
    private final Reactor reactor;
    private final FdBudget fds;
    private final CheckEvents events;
    private final long interNs;
    private final long timeoutNs;
    /** {@code timeout check} in ns: the reading's bound after the connect; 0 when unset. */
    private final long readTimeoutNs;

    private long timerId = -1;
    private SocketEndpoint endpoint;
    private boolean connected;
    private long startedNs;
    private ByteBuffer out;
    private ByteBuffer in;

    /**
     * @param target    the agent's configured address ({@code agent-addr}, else {@code addr} or the server's;
     *                  {@code agent-port}, else {@code port})
     * @param timeoutMs how long the connect may take
     */
    public AgentCheck(final Server server, final InetSocketAddress target, final Reactor reactor, final FdBudget fds,
                      final long timeoutMs, final CheckEvents events) {
        this.server = server;
        this.target = target;
        this.reactor = reactor;
        this.fds = fds;
        this.events = events;
        final AgentCheckOptions options = server.config().agent();
        this.interNs = options.interMs() * 1_000_000L;
        this.timeoutNs = timeoutMs * 1_000_000L;
        this.readTimeoutNs = server.backend().config().timeouts().checkMs() * 1_000_000L;
    }

    public Server server() {
        return server;
    }

    public Reactor reactor() {
        return reactor;
    }

    /** Schedules the first agent check {@code delayNs} from now. Owner reactor. */
    public void start(final long delayNs) {
        schedule(reactor.nowNs() + delayNs);
    }

    /** Stops: the pending timer is cancelled, a check under way is closed. Owner reactor. */
    public void stop() {
        cancelTimer();
        closeEndpoint();
        server.agentInProgress(false);
    }

    /** True while an agent check's connection is open. Owner reactor (tests). */
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
            finish(connected ? CheckStatus.L7TOUT : CheckStatus.L4TOUT, null, nowNs);
        } else if (!server.agentEnabled()) {
            schedule(nowNs + interNs);
        } else {
            begin(nowNs);
        }
    }

    /** Where this check connects: the server's agent address and port, which the runtime API may change. */
    private InetSocketAddress destination() {
        final InetAddress addr = server.agentAddr();
        final int port = server.agentPort();
        if ((addr == null || addr.equals(target.getAddress())) && port == target.getPort()) {
            return target;
        }
        return new InetSocketAddress(addr != null ? addr : target.getAddress(), port);
    }

    private void begin(final long nowNs) {
        startedNs = nowNs;
        server.agentInProgress(true);
        try {
            endpoint = CheckSocket.open(fds, this);
        } catch (final IOException e) {
            finish(CheckStatus.SOCKERR, e.getMessage(), nowNs);
            return;
        }
        try {
            schedule(nowNs + timeoutNs);
            if (endpoint.connect(destination())) {
                endpoint.register(reactor, 0);
                connected(nowNs);
                return;
            }
            endpoint.register(reactor, SelectionKey.OP_CONNECT);
        } catch (final IOException e) {
            finish(CheckStatus.L4CON, e.getMessage(), nowNs);
        }
    }

    /** Connected: write {@code agent-send} (if any) and read the reply. */
    private void connected(final long nowNs) {
        connected = true;
        if (readTimeoutNs > 0) {
            cancelTimer();
            schedule(nowNs + readTimeoutNs);
        }
        final String send = server.agentSend();
        out = ByteBuffer.wrap(send == null ? new byte[0] : send.getBytes(StandardCharsets.ISO_8859_1));
        if (in == null) {
            in = ByteBuffer.allocate(CHKSIZE);
        }
        in.clear();
        exchange(nowNs);
    }

    private void exchange(final long nowNs) {
        try {
            if (out.hasRemaining()) {
                endpoint.write(out);
                if (out.hasRemaining()) {
                    endpoint.interest(SelectionKey.OP_WRITE);
                    return;
                }
            }
            endpoint.interest(SelectionKey.OP_READ);
            boolean eof = false;
            int n;
            while (in.hasRemaining() && (n = endpoint.read(in)) != 0) {
                if (n < 0) {
                    eof = true;
                    break;
                }
            }
            final AgentReply reply = AgentReply.parse(in.array(), in.position(), eof || !in.hasRemaining());
            if (reply != null) {
                judge(reply, nowNs);
            }
        } catch (final IOException e) {
            finish(CheckStatus.SOCKERR, CheckTexts.socketError(e), nowNs);
        }
    }

    /** A reply came: act on it (unless the agent was disabled meanwhile, which drops it, as HAProxy). */
    private void judge(final AgentReply reply, final long nowNs) {
        if (!server.agentEnabled()) {
            closeAndReschedule(nowNs);
            return;
        }
        if (reply.incomplete()) {
            // HAProxy keeps the previous status and only replaces the description
            finish(server.lastAgent().status(), AgentReply.INCOMPLETE, nowNs);
            return;
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
        finish(outcome.status(), outcome.description(), nowNs);
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

    /** Ends the check under way with {@code status}: moves the server's state, reports, schedules the next. */
    private void finish(final CheckStatus status, final String info, final long nowNs) {
        final CheckStatus previous = server.lastAgent().status();
        closeAndReschedule(nowNs);
        if (!server.agentEnabled()) {
            return; // disable agent while under way: no verdict
        }
        final CheckReport report = new CheckReport(status, Math.max(0, (nowNs - startedNs) / 1_000_000L), info);
        final ServerState[] change = server.applyAgent(report, nowNs);
        if (server.backend().config().logHealthChecks() && AgentMessages.logsCheck(previous, status)) {
            events.agentLogged(server, report, change[1]);
        }
        final boolean wasUp = change[0].running() && !change[0].stopping();
        final boolean isUp = change[1].running() && !change[1].stopping();
        if (change[0].running() && !change[1].running()) {
            events.serverDown(server, report);
        } else if (!wasUp && isUp) {
            events.serverUp(server, report);
        }
    }

    private void closeAndReschedule(final long nowNs) {
        closeEndpoint();
        server.agentInProgress(false);
        cancelTimer();
        schedule(nowNs + interNs);
    }

    private void schedule(final long deadlineNs) {
        timerId = reactor.timers().schedule(deadlineNs, this);
    }

    private void cancelTimer() {
        if (timerId != -1) {
            reactor.timers().cancel(timerId);
            timerId = -1;
        }
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
        return "agent check of " + server + " on reactor " + (reactor.id() + 1);
    }
}
