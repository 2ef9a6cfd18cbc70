package dev.baton.spoe;

import dev.baton.backend.Balancers;
import dev.baton.backend.Server;
import dev.baton.io.FdBudget;
import dev.baton.reactor.LazyTimer;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One reactor's side of an SPOE engine, as HAProxy keeps one per thread: its connections to the agent backend's
 * servers (picked by the backend's balancer, this reactor's), the calls waiting for a connection ready to take
 * them, and the per-second counts {@code maxconnrate} and {@code maxerrrate} limit. A connection is opened while
 * calls wait and none is on its way; it is reused for call after call (one at a time, or pipelined) until its
 * idle timeout. Reactor thread only; made by the first stream of the reactor that needs it.
 */
public final class SpoeAgentClient implements TimerHandler {
    private static final long SECOND_NS = 1_000_000_000L;
    /** As HAProxy's connection of an applet: a refused connect is tried again after a second, three times. */
    private static final int CONNECT_RETRIES = 3;

    final SpoeRuntime runtime;
    final Reactor reactor;
    private final Balancers balancers;
    private final FdBudget fds;
    private final List<SpoeConnection> connections = new ArrayList<>();
    private final ArrayDeque<SpoeCall> queue = new ArrayDeque<>();
    private long connWindowNs;
    private int connsInWindow;
    private long errWindowNs;
    private int errsInWindow;
    private final LazyTimer timer;
    /** Connects that failed in a row, and when the next may be tried. */
    private int failedConnects;
    private long retryAtNs;
    /** A stop or reload reached this engine's connections: the ones it opens from now on close once idle. */
    private boolean stopping;

    SpoeAgentClient(final SpoeRuntime runtime, final Reactor reactor, final Balancers balancers, final FdBudget fds) {
        this.runtime = runtime;
        this.reactor = reactor;
        this.balancers = balancers;
        this.fds = fds;
        this.timer = new LazyTimer(reactor.timers(), this);
        this.retryAtNs = reactor.nowNs();
    }

    /** Whether {@code maxerrrate} errors were counted within the last second: the engine then skips its work. */
    public boolean tooManyErrors() {
        final int max = runtime.engine().agent().maxErrRate();
        return max > 0 && reactor.nowNs() - errWindowNs < SECOND_NS && errsInWindow >= max;
    }

    /** Counts a processing error for {@code maxerrrate}. */
    public void countError() {
        final long now = reactor.nowNs();
        if (now - errWindowNs >= SECOND_NS) {
            errWindowNs = now;
            errsInWindow = 0;
        }
        errsInWindow++;
    }

    /**
     * Hands {@code call} (its frame encoded) over: sent at once on a ready connection, or queued until one is ready.
     * Returns 0, or the error code when no connection can be had at all ({@code maxconnrate} reached with none open,
     * as HAProxy's error 2, or no server to dial) and none is being retried; the waiter is not told then.
     */
    public int submit(final SpoeCall call) {
        call.state = SpoeCall.QUEUED;
        call.client = this;
        queue.add(call);
        pump();
        if (call.state == SpoeCall.QUEUED && connections.isEmpty() && failedConnects == 0) {
            queue.remove(call);
            call.client = null;
            call.state = SpoeCall.IDLE;
            return Spop.ERR_RES;
        }
        return 0;
    }

    /** Sends what waits on connections that can take it; dials when calls still wait and none is on its way. */
    void pump() {
        while (!queue.isEmpty()) {
            final SpoeConnection c = readyConnection();
            if (c == null) {
                break;
            }
            c.send(queue.poll());
        }
        if (!queue.isEmpty() && starting() < queue.size() && reactor.nowNs() - retryAtNs >= 0) {
            dial();
        }
    }

    private SpoeConnection readyConnection() {
        for (int i = 0; i < connections.size(); i++) {
            final SpoeConnection c = connections.get(i);
            if (c.canTake() && !c.isStopping()) {
                return c;
            }
        }
        return null;
    }

    private int starting() {
        int n = 0;
        for (int i = 0; i < connections.size(); i++) {
            if (connections.get(i).isStarting()) {
                n++;
            }
        }
        return n;
    }

    private void dial() {
        final long now = reactor.nowNs();
        if (now - connWindowNs >= SECOND_NS) {
            connWindowNs = now;
            connsInWindow = 0;
        }
        final int max = runtime.engine().agent().maxConnRate();
        if (max > 0 && connsInWindow >= max) {
            return; // maxconnrate: wait for a connection to free up
        }
        final Server server = balancers.of(runtime.backend()).pick(0, null);
        if (server == null || server.address() == null) {
            return;
        }
        connsInWindow++;
        final SpoeConnection c = SpoeConnection.open(this, fds, server.address(),
            runtime.backend().config().timeouts().connectMs());
        if (c != null && !c.isClosed()) {
            connections.add(c);
        }
    }

    /** {@code call} left the queue (its stream gave up). */
    void dequeue(final SpoeCall call) {
        queue.remove(call);
    }

    /** A stop or reload reached a connection of this client. */
    void stopping() {
        stopping = true;
    }

    boolean isStopping() {
        return stopping;
    }

    /** A connection finished its handshake: connects work again. */
    void ready() {
        failedConnects = 0;
    }

    /**
     * {@code c} closed with SPOP status {@code code} ({@code connecting}: its connect failed). A failed connect is
     * tried again a second later, up to three times, the waiting calls staying queued (their {@code timeout
     * processing} runs meanwhile), as HAProxy retries its applet's connection; otherwise, when no connection is left
     * and calls wait, they fail with {@code 256 + code}, as HAProxy's streams do when their last applet goes.
     */
    void closed(final SpoeConnection c, final int code, final boolean connecting) {
        connections.remove(c);
        if (!connections.isEmpty() || queue.isEmpty()) {
            return;
        }
        if (connecting && failedConnects < CONNECT_RETRIES) {
            failedConnects++;
            retryAtNs = reactor.nowNs() + SECOND_NS;
            timer.armBy(retryAtNs);
            return;
        }
        failedConnects = 0;
        final int n = queue.size();
        for (int i = 0; i < n; i++) {
            queue.poll().finish(Spop.ERR_SPOP + code);
        }
    }

    @Override
    public void onTimer(final long nowNs, final long timerId) {
        if (timer.fired(timerId)) {
            pump();
        }
    }

    /** Connections open now (tests). */
    public int connections() {
        return connections.size();
    }
}
