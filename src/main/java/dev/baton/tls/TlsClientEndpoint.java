package dev.baton.tls;

import dev.baton.io.BufferPool;
import dev.baton.io.Endpoint;
import dev.baton.reactor.Reactor;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * baton's TLS connection to a server ({@code server ... ssl}) over the server connection's socket endpoint, behind
 * the {@link Endpoint} interface. Owner reactor's thread only.
 *
 * <p>Life: the server connection drives the handshake once its TCP connect is done, by calling {@link #handshake}
 * on each readiness event (the stream sees them as the connect's: {@code dev.baton.pool.ServerConnection}), so the
 * stream's {@code timeout connect} bounds TCP connect and handshake together, as HAProxy's does; from then on
 * {@link TlsConnection} moves the data. An idle connection holds no buffer and no timer, so that a sibling reactor
 * may take it over: {@link #moveTo} gives it the new reactor and its buffer pool.
 */
public final class TlsClientEndpoint extends TlsConnection {
    /** The server name sent (SNI), or null: part of the connection's identity in the idle pool. */
    private final String sni;
    private boolean started;

    /** Over {@code socket}, connected or connecting; {@code engine} (client mode) is released with the endpoint. */
    public TlsClientEndpoint(final Reactor reactor, final Endpoint socket, final SSLEngine engine,
                             final BufferPool pool, final String sni) {
        super(reactor, socket, pool);
        this.engine = engine;
        this.sni = sni;
    }

    /**
     * Advances the handshake as far as the server's bytes allow: true once it is done (the endpoint is then registered
     * for reads, as a plain connection after its connect). SSLException: it failed (a verification failure among
     * others; the alert went out as far as possible); the caller closes the endpoint.
     */
    public boolean handshake() throws IOException {
        if (closed) {
            throw new IOException("TLS connection closed");
        }
        if (!handshaking) {
            return true;
        }
        try {
            if (!started) {
                started = true;
                engine.beginHandshake();
            }
            if (advanceHandshake()) {
                handshaking = false;
                info = negotiated(sni);
                releaseEmpty();
                wanted = SelectionKey.OP_READ;
                updateInterest();
                return true;
            }
        } catch (final SSLException e) {
            sendAlert();
            throw e;
        } catch (final RuntimeException e) {
            sendAlert();
            throw new SSLException(e.getMessage(), e);
        }
        socket.interest(SelectionKey.OP_READ | (pendingOut() ? SelectionKey.OP_WRITE : 0));
        return false;
    }

    /** Handshake events reach the owner's {@link #handshake} through the server connection, never this. */
    @Override
    void handshakeEvent() {
        throw new IllegalStateException("a server-side TLS handshake is driven by its server connection");
    }

    /** The server name this connection sent, or null. */
    public String sni() {
        return sni;
    }

    /** The size of the record buffers it takes. */
    public int recordSize() {
        return pool.bufferSize();
    }

    /** Gives back the buffers that hold nothing (the connection is parked idle). Owner thread. */
    public void releaseEmptyBuffers() {
        releaseEmpty();
    }

    /** Whether the connection holds no buffer: only such an idle connection may move to another reactor. */
    public boolean holdsNoBuffer() {
        return netIn == null && netOut == null && appIn == null;
    }

    /**
     * On the new owner's thread, after a takeover of this idle connection (it holds no buffer): buffers and
     * redispatches come from {@code newReactor} from now on.
     */
    public void moveTo(final Reactor newReactor, final BufferPool newPool) {
        if (!holdsNoBuffer()) {
            throw new IllegalStateException("a TLS connection holding buffers cannot change reactors");
        }
        reactor = newReactor;
        pool = newPool;
    }

    @Override
    public String toString() {
        return "tls-client" + (info == null ? "[handshaking]" : "[" + info + "]") + socket;
    }
}
