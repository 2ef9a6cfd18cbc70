package dev.baton.proxyproto;

import dev.baton.io.BufferPool;
import dev.baton.io.Endpoint;
import dev.baton.io.EndpointHandler;
import dev.baton.io.SocketEndpoint;
import dev.baton.listener.Acceptor;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.reactor.Killable;
import dev.baton.reactor.LazyTimer;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * The step a {@code bind ... accept-proxy} client goes through between accept and its stream (HAProxy's handshake
 * pseudo-transport): read its PROXY protocol header ({@link ProxyHeaderParser}) on the reactor, without blocking,
 * within the frontend's {@code timeout client} (HAProxy 2.6 arms the embryonic session with it; none when unset),
 * then hand the client to the frontend's {@link Acceptor} with the header's addresses in place of the socket's
 * ({@link SocketEndpoint#proxied}), so that logs, {@code X-Forwarded-For}, ACLs, {@code balance source},
 * {@code option originalto} and a server's own PROXY header all see them.
 *
 * <p>A bad or missing header, a client that leaves or a timeout ends the connection there, before any stream: no
 * session is counted, no server is contacted, nothing is answered (not even an HTTP error), and the frontend logs
 * HAProxy's line for it ({@link EmbryonicLog}). The connection slot and the socket, counted by the listener, are
 * given back.
 *
 * <p>Reads go into a buffer of the reactor's pool, never past a v2 header (its length is known from its first 16
 * bytes); a v1 line may be followed in the same read by the client's first bytes, which the endpoint keeps for the
 * stream's first read ({@link SocketEndpoint#unread}). Owner reactor's thread only; costs one object, its parser
 * and timer per connection, and a pooled buffer while the header is under way.
 */
public final class ProxyHandshake implements EndpointHandler, TimerHandler, Killable {
    private final Reactor reactor;
    private final Frontend frontend;
    private final Acceptor acceptor;
    private final ConnectionLimits limits;
    private final SocketEndpoint client;
    private final EmbryonicLog log;
    private final ProxyHeaderParser parser;
    private final LazyTimer timer;
    private final long acceptEpochMs;
    private ByteBuffer buffer;
    private boolean done;

    /**
     * {@code client} is registered for reads on {@code reactor}, its slot in {@code limits} and its socket are
     * counted; {@code log} writes the frontend's line for a failure.
     */
    public ProxyHandshake(final Reactor reactor, final Frontend frontend, final Acceptor acceptor,
                          final ConnectionLimits limits, final SocketEndpoint client, final EmbryonicLog log) {
        this.reactor = reactor;
        this.frontend = frontend;
        this.acceptor = acceptor;
        this.limits = limits;
        this.client = client;
        this.log = log;
        this.parser = new ProxyHeaderParser(reactor.buffers().bufferSize());
        this.timer = new LazyTimer(reactor.timers(), this);
        this.acceptEpochMs = System.currentTimeMillis();
    }

    /** Waits for the header. */
    public void start() {
        reactor.live().add(this);
        client.handler(this);
        final long timeoutMs = frontend.config().timeouts().clientMs();
        if (timeoutMs > 0) {
            timer.armBy(reactor.nowNs() + timeoutMs * 1_000_000L);
        }
    }

    @Override
    public void onReady(final Endpoint endpoint, final int readyOps) {
        if (done || (readyOps & SelectionKey.OP_READ) == 0) {
            return;
        }
        if (buffer == null) {
            buffer = reactor.buffers().acquire();
        }
        final int n;
        try {
            buffer.limit(parser.readLimit());
            n = client.read(buffer);
        } catch (final IOException e) {
            fail(ProxyError.ABORT);
            return;
        }
        if (n < 0) {
            fail(buffer.position() == 0 ? ProxyError.EMPTY : ProxyError.TRUNCATED);
            return;
        }
        if (n == 0) {
            return;
        }
        final int result = parser.parse(buffer, buffer.position());
        if (result == ProxyHeaderParser.FAILED) {
            fail(parser.error());
        } else if (result > 0) {
            complete(result);
        }
    }

    /** The header took {@code length} bytes: the stream starts with what the header said. */
    private void complete(final int length) {
        end();
        client.proxied(parser.source(), parser.destination(), parser.authority());
        client.proxyHeaderRead(parser.uniqueId());
        final BufferPool pool = reactor.buffers();
        if (buffer.position() > length) {
            buffer.limit(buffer.position());
            buffer.position(length);
            client.unread(buffer, pool);
        } else {
            pool.release(buffer);
        }
        buffer = null;
        acceptor.onAccept(frontend, client);
        if (client.hasUnread()) {
            client.fireReadable(); // those bytes are in no socket buffer: no event would announce them
        }
    }

    private void fail(final ProxyError error) {
        end();
        if (buffer != null) {
            reactor.buffers().release(buffer);
            buffer = null;
        }
        log.failed(frontend, parser.source() != null ? parser.source() : client.socketRemoteAddress(),
            client.localAddress(), acceptEpochMs, error);
        client.close();
        limits.release(frontend);
    }

    private void end() {
        done = true;
        timer.cancel();
        reactor.live().remove(this);
    }

    @Override
    public void onTimer(final long nowNs, final long id) {
        if (timer.fired(id) && !done) {
            fail(ProxyError.TIMEOUT);
        }
    }

    /** A stop: nothing is under way for this client yet, so it goes at once, unlogged. */
    @Override
    public void softStop() {
        kill();
    }

    @Override
    public void kill() {
        if (!done) {
            end();
            if (buffer != null) {
                reactor.buffers().release(buffer);
                buffer = null;
            }
            client.close();
            limits.release(frontend);
        }
    }

    @Override
    public String toString() {
        return "proxy-handshake[" + frontend.name() + "]";
    }
}
