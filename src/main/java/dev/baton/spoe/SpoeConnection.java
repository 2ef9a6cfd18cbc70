package dev.baton.spoe;

import dev.baton.io.Endpoint;
import dev.baton.io.EndpointHandler;
import dev.baton.io.FdBudget;
import dev.baton.io.SocketEndpoint;
import dev.baton.reactor.LazyTimer;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;
import dev.baton.sample.Sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One connection of a reactor to an agent server: connects (within the agent backend's {@code timeout connect}),
 * sends HAPROXY-HELLO and waits for AGENT-HELLO ({@code timeout hello}), then carries NOTIFY frames and their
 * ACKs: one at a time, or up to {@code max-waiting-frames} when both sides offered {@code pipelining}. Idle for
 * {@code timeout idle}, it says HAPROXY-DISCONNECT and closes. An AGENT-DISCONNECT, a malformed frame or an I/O
 * error fails the calls it carries with {@code 256 + status}. Owned by its {@link SpoeAgentClient}; reactor thread
 * only; a frame is copied from the call's buffer into the output buffer, nothing is allocated per exchange.
 */
final class SpoeConnection implements EndpointHandler, TimerHandler, dev.baton.reactor.Killable {
    private static final int CONNECTING = 0;
    private static final int HELLO = 1;
    private static final int READY = 2;
    private static final int CLOSED = 3;

    private final SpoeAgentClient client;
    private final Reactor reactor;
    private final SocketEndpoint endpoint;
    private final LazyTimer timer;
    private final ByteBuffer in;
    private final ByteBuffer out;
    private final SpopCursor cursor = new SpopCursor();
    private final Sample smp = new Sample();
    private final int[] status = new int[1];
    private final SpoeCall[] inFlight;
    private int flying;
    private int state = CONNECTING;
    private int frameSize;
    private boolean pipelining;
    private long deadlineNs = LazyTimer.NONE;
    private long lastActivityNs;
    /** A stop or a reload began: it closes once nothing is in flight, as HAProxy's applets at a soft stop. */
    private boolean stopping;

    private SpoeConnection(final SpoeAgentClient client, final SocketEndpoint endpoint) {
        this.client = client;
        this.reactor = client.reactor;
        this.endpoint = endpoint;
        this.timer = new LazyTimer(reactor.timers(), this);
        final int offered = client.runtime.engine().agent().maxFrameSize();
        this.in = ByteBuffer.allocate(offered + 4);
        this.out = ByteBuffer.allocate(offered + 4);
        this.inFlight = new SpoeCall[Math.max(1, client.runtime.engine().agent().maxWaitingFrames())];
        this.frameSize = offered;
    }

    /** Dials {@code address}; null when the socket could not even be opened (counted as an error by the caller). */
    static SpoeConnection open(final SpoeAgentClient client, final FdBudget fds, final InetSocketAddress address,
                               final long connectTimeoutMs) {
        final SocketEndpoint endpoint;
        try {
            fds.opened();
            final SocketChannel channel = SocketChannel.open();
            try {
                endpoint = new SocketEndpoint(channel, fds, null);
            } catch (final IOException e) {
                channel.close();
                fds.closed();
                return null;
            }
        } catch (final IOException e) {
            fds.closed();
            return null;
        }
        final SpoeConnection c = new SpoeConnection(client, endpoint);
        endpoint.handler(c);
        c.reactor.live().add(c); // a stream, as HAProxy's SPOE applets are: a stop ends it
        c.stopping = client.isStopping(); // opened for a request of a stopping engine: closes after it
        c.lastActivityNs = c.reactor.nowNs();
        try {
            if (endpoint.connect(address)) {
                endpoint.register(c.reactor, SelectionKey.OP_READ);
                c.connected();
            } else {
                endpoint.register(c.reactor, SelectionKey.OP_CONNECT);
                c.arm(deadline(c.reactor.nowNs(), connectTimeoutMs));
            }
        } catch (final IOException e) {
            c.fail(Spop.STATUS_IO);
        }
        return c;
    }

    private static long deadline(final long nowNs, final long ms) {
        return ms <= 0 ? LazyTimer.NONE : nowNs + ms * 1_000_000L;
    }

    private void arm(final long d) {
        deadlineNs = d;
        timer.armBy(d);
    }

    /** Whether it can take one more NOTIFY now. */
    boolean canTake() {
        return state == READY && flying < (pipelining ? inFlight.length : 1) && out.position() == 0;
    }

    boolean isClosed() {
        return state == CLOSED;
    }

    /** Whether a stop or reload asked it to close once idle: it takes no new call. */
    boolean isStopping() {
        return stopping;
    }

    /** Whether it is still connecting or in its handshake. */
    boolean isStarting() {
        return state == CONNECTING || state == HELLO;
    }

    /** Sends {@code call}'s frame; the caller checked {@link #canTake}. */
    void send(final SpoeCall call) {
        final ByteBuffer f = call.frame;
        if (f.position() - 4 > frameSize) {
            call.finish(Spop.ERR_TOO_BIG); // larger than the agent took in its hello: error 3, as HAProxy's
            return;
        }
        out.put(f.array(), 0, f.position());
        inFlight[flying++] = call;
        call.state = SpoeCall.SENT;
        call.connection = this;
        flush();
    }

    /** Drops {@code call} (cancelled by its stream): its ACK, if it comes, is ignored. */
    void forget(final SpoeCall call) {
        for (int i = 0; i < flying; i++) {
            if (inFlight[i] == call) {
                inFlight[i] = inFlight[--flying];
                inFlight[flying] = null;
                idleFrom(reactor.nowNs());
                return;
            }
        }
    }

    @Override
    public void onReady(final Endpoint e, final int readyOps) {
        if (state == CLOSED) {
            return;
        }
        if (state == CONNECTING) {
            if ((readyOps & SelectionKey.OP_CONNECT) == 0) {
                return;
            }
            try {
                if (!endpoint.finishConnect()) {
                    return;
                }
            } catch (final IOException ex) {
                fail(Spop.STATUS_IO);
                return;
            }
            connected();
            return;
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && state != CLOSED) {
            read();
        }
    }

    private void connected() {
        state = HELLO;
        endpoint.interest(SelectionKey.OP_READ);
        final SpoeRuntime rt = client.runtime;
        try {
            SpopWriter.haproxyHello(out, rt.engine().agent().maxFrameSize(),
                rt.engine().agent().pipelining() ? "pipelining" : "", rt.engineId(), false);
        } catch (final BufferOverflowException e) {
            fail(Spop.STATUS_RES);
            return;
        }
        arm(deadline(reactor.nowNs(), rt.engine().agent().helloTimeoutMs()));
        flush();
    }

    private void flush() {
        if (out.position() == 0 || state == CLOSED) {
            return;
        }
        out.flip();
        try {
            endpoint.write(out);
        } catch (final IOException e) {
            out.compact();
            fail(Spop.STATUS_IO);
            return;
        }
        out.compact();
        endpoint.interest(out.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        if (out.position() == 0 && state == READY) {
            client.pump(); // room for the next queued call
        }
    }

    private void read() {
        final int n;
        try {
            n = endpoint.read(in);
        } catch (final IOException e) {
            fail(Spop.STATUS_IO);
            return;
        }
        if (n < 0) {
            fail(Spop.STATUS_IO);
            return;
        }
        lastActivityNs = reactor.nowNs();
        int at = 0;
        while (state != CLOSED && in.position() - at >= 4) {
            final int length = in.getInt(at);
            if (length < 0 || length > frameSize) {
                disconnect(Spop.STATUS_TOO_BIG);
                return;
            }
            if (in.position() - at - 4 < length) {
                break;
            }
            frame(at + 4, length);
            at += 4 + length;
        }
        if (state == CLOSED) {
            return;
        }
        in.limit(in.position()).position(at);
        in.compact();
        if (state == READY) {
            client.pump();
        }
    }

    private void frame(final int from, final int length) {
        final SpopCursor c = cursor.reset(in, from, length);
        if (!c.frame()) {
            disconnect(Spop.STATUS_INVALID);
            return;
        }
        if (c.type == Spop.AGENT_DISCONNECT) {
            fail(SpopHandshake.agentDisconnect(c).status());
            return;
        }
        if (state == HELLO) {
            if (c.type != Spop.AGENT_HELLO) {
                disconnect(Spop.STATUS_INVALID);
                return;
            }
            final SpopHandshake.Hello hello = SpopHandshake.agentHello(c, client.runtime.engine().agent().maxFrameSize(),
                client.runtime.engine().agent().pipelining(), status);
            if (hello == null) {
                disconnect(status[0]);
                return;
            }
            frameSize = hello.maxFrameSize();
            pipelining = hello.pipelining();
            state = READY;
            client.ready();
            idleFrom(reactor.nowNs());
            return;
        }
        if (c.type != Spop.ACK) {
            return; // unknown frames are skipped
        }
        for (int i = 0; i < flying; i++) {
            final SpoeCall call = inFlight[i];
            if (call.streamId == c.streamId && call.frameId == c.frameId) {
                inFlight[i] = inFlight[--flying];
                inFlight[flying] = null;
                final boolean ok = SpoeFrames.applyAck(c, call.table, call.vars, smp);
                idleFrom(reactor.nowNs());
                call.finish(ok ? 0 : Spop.ERR_SPOP + Spop.STATUS_INVALID);
                return;
            }
        }
        // an ACK nobody waits for any more (its stream gave up): dropped
    }

    /** Nothing in flight from {@code nowNs}: the idle timeout runs (or, stopping, it closes now). */
    private void idleFrom(final long nowNs) {
        if (flying == 0 && stopping && state == READY) {
            disconnect(Spop.STATUS_NONE);
            return;
        }
        if (flying == 0) {
            lastActivityNs = nowNs;
            arm(deadline(nowNs, client.runtime.engine().agent().idleTimeoutMs()));
        }
    }

    @Override
    public void onTimer(final long nowNs, final long timerId) {
        if (!timer.fired(timerId) || state == CLOSED) {
            return;
        }
        if (deadlineNs == LazyTimer.NONE || nowNs - deadlineNs < 0) {
            timer.armBy(deadlineNs);
            return;
        }
        if (state == CONNECTING || state == HELLO) {
            fail(Spop.STATUS_TIMEOUT);
        } else if (flying == 0) {
            disconnect(Spop.STATUS_NONE); // idle
        } else {
            deadlineNs = LazyTimer.NONE; // busy: the streams' own processing timeouts rule
        }
    }

    /** Says HAPROXY-DISCONNECT with {@code code} and closes, failing what it carries with {@code 256 + code}. */
    private void disconnect(final int code) {
        if (state != CONNECTING && state != CLOSED) {
            out.clear();
            try {
                SpopWriter.disconnect(out, Spop.HAPROXY_DISCONNECT, code, Spop.reason(code));
                out.flip();
                endpoint.write(out);
            } catch (final IOException | BufferOverflowException e) {
                // closing anyway
            }
            out.clear();
        }
        fail(code);
    }

    /** Closes, failing the calls in flight with {@code 256 + code}; the client hears of it. */
    void fail(final int code) {
        if (state == CLOSED) {
            return;
        }
        final boolean wasConnecting = state == CONNECTING;
        state = CLOSED;
        reactor.live().remove(this);
        timer.cancel();
        endpoint.close();
        out.clear();
        in.clear();
        final int n = flying;
        flying = 0;
        for (int i = 0; i < n; i++) {
            final SpoeCall call = inFlight[i];
            inFlight[i] = null;
            call.finish(Spop.ERR_SPOP + code);
        }
        client.closed(this, code, wasConnecting);
    }

    @Override
    public void softStop() {
        stopping = true;
        client.stopping();
        if (state == CONNECTING || state == HELLO) {
            fail(Spop.STATUS_NONE);
        } else if (state == READY && flying == 0) {
            disconnect(Spop.STATUS_NONE);
        }
    }

    @Override
    public void superseded() {
        softStop(); // a reload's engines have connections of their own
    }

    @Override
    public void kill() {
        disconnect(Spop.STATUS_NONE);
    }
}
