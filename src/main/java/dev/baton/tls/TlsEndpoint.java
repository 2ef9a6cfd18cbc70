package dev.baton.tls;

import dev.baton.io.BufferPool;
import dev.baton.io.Endpoint;
import dev.baton.reactor.HeavyStep;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;
import org.tinylog.Logger;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import javax.net.ssl.SSLException;

/**
 * A TLS server connection over a socket endpoint (as accepted, or behind its PROXY protocol header), behind the same
 * {@link Endpoint} interface: the protocol code reads and writes plaintext and never knows. Owner reactor's thread
 * only, like the socket it wraps.
 *
 * <p>Life: {@link #start} reads the client's first record, picks the certificate from its server name
 * ({@link BindTlsContext}), creates the engine and drives the handshake, non-blocking, as the socket becomes
 * readable or writable, bounded by a timer (HAProxy's {@code timeout client}); then it hands itself over once
 * ({@link Handover}), and from there {@link TlsConnection} moves the data. The engine's computations (BoringSSL, no
 * delegated tasks) run on the reactor, as HAProxy runs OpenSSL on its threads without {@code ssl-mode-async}, but as
 * the reactor's heavy work ({@link Reactor#queueHeavy}): one handshake step per loop turn, after the turn's other
 * work, so that a storm of handshakes does not hold the reactor's established connections (HAProxy's handshakes run
 * as heavy tasklets alike).
 */
public final class TlsEndpoint extends TlsConnection {
    /** Told once how the handshake ended, on the owner reactor. */
    public interface Handover {
        /** The handshake is done: the endpoint is ready for a protocol. */
        void handshaken(TlsEndpoint endpoint);

        /**
         * The handshake failed or timed out; the endpoint is closed already. {@code reason} is HAProxy's text for it
         * ({@code SSL handshake failure}...); {@code empty}: the client sent nothing, or went away (HAProxy's
         * {@code CO_ER_SSL_EMPTY} and {@code CO_ER_SSL_ABORT}, which {@code dontlognull} does not log).
         */
        void failed(TlsEndpoint endpoint, String reason, boolean empty);
    }

    /** HAProxy's words for why a handshake ended (connection.c, conn_err_code_str). */
    static final String FAILURE = "SSL handshake failure";
    static final String TIMEOUT = "Timeout during SSL handshake";
    static final String CLOSED_DURING = "Connection closed during SSL handshake";
    static final String ABORTED = "Connection error during SSL handshake";

    private final BindTlsContext context;
    private final TimerHandler onTimeout = this::onTimeout;
    private final HeavyStep heavyHandshake = new HeavyStep(this::handshakeStep);
    private Handover handover;
    private long timerId = -1;
    private ClientHello hello = new ClientHello();
    /** The certificate chosen for the ClientHello, until the handshake ends. */
    private CertIndex.Cert served;
    private final long acceptEpochMs = System.currentTimeMillis();

    /** Wraps an accepted {@code socket}, registered on {@code reactor}; {@code pool} gives record-sized buffers. */
    public TlsEndpoint(final Reactor reactor, final Endpoint socket, final BindTlsContext context,
                       final BufferPool pool) {
        super(reactor, socket, pool);
        this.context = context;
        maxRecord(context.maxRecord());
    }

    /** Starts the handshake, bounded by {@code timeoutMs} (0: unbounded); {@code handover} hears how it ended. */
    public void start(final Handover handover, final long timeoutMs) {
        this.handover = handover;
        socket.handler(this);
        if (timeoutMs > 0) {
            timerId = reactor.timers().schedule(reactor.nowNs() + timeoutMs * 1_000_000L, onTimeout);
        }
        socket.interest(SelectionKey.OP_READ);
    }

    // ---------------------------------------------------------------- handshake

    /** The socket is ready: the step waits for the reactor's heavy slot, not asking for events meanwhile. */
    @Override
    void handshakeEvent() {
        if (heavyHandshake.request(reactor)) {
            socket.interest(0);
        }
    }

    private void handshakeStep() {
        if (closed) {
            return; // timed out or aborted while queued
        }
        socket.interest(SelectionKey.OP_READ); // the step asks for more when it needs more
        try {
            if (engine == null && !chooseCertificate()) {
                return;
            }
            if (advanceHandshake()) {
                finishHandshake();
            } else if (!closed) {
                socket.interest(SelectionKey.OP_READ | (pendingOut() ? SelectionKey.OP_WRITE : 0));
            }
        } catch (final EOFException e) {
            fail(CLOSED_DURING, e.getMessage(), true);
        } catch (final SSLException | RuntimeException e) {
            final String reason = HandshakeInfo.failure(engine, FAILURE);
            sendAlert();
            fail(reason, e.getMessage(), false);
        } catch (final IOException e) {
            fail(ABORTED, e.getMessage(), true);
        }
    }

    /** Reads the ClientHello's record and creates the engine of its certificate: false while waiting or failed. */
    private boolean chooseCertificate() throws IOException {
        if (netIn == null) {
            netIn = pool.acquire();
        }
        final int n = socket.read(netIn);
        final int verdict = hello.parse(netIn);
        if (verdict == ClientHello.NOT_TLS) {
            fail(FAILURE, "not a TLS ClientHello", false);
            return false;
        }
        if (verdict == ClientHello.NEED_MORE) {
            if (n < 0) {
                fail(CLOSED_DURING, "end of stream in the ClientHello", true);
            }
            return false;
        }
        final CertIndex.Cert cert = context.select(hello);
        if (cert == null) {
            fail(FAILURE, "no certificate for server name '" + hello.sni + "' (strict-sni)", false);
            return false;
        }
        served = cert;
        engine = context.newEngine(cert);
        engine.beginHandshake();
        return true;
    }

    private void finishHandshake() {
        handshaking = false;
        cancelTimer();
        final String alpn = engine.getApplicationProtocol();
        info = HandshakeInfo.info(engine, hello.sni, engine.getSession().getProtocol(),
            openSslName(engine.getSession().getCipherSuite()), alpn == null || alpn.isEmpty() ? null : alpn, served);
        served = null;
        hello = null;
        releaseEmpty();
        wanted = SelectionKey.OP_READ; // handed over as the listener hands a socket: registered for reads
        updateInterest(); // input that came with the handshake's last record is announced once a handler is set
        final Handover h = handover;
        handover = null;
        h.handshaken(this);
    }

    private void onTimeout(final long nowNs, final long id) {
        if (id == timerId) {
            timerId = -1;
            if (handshaking && !closed) {
                fail(TIMEOUT, null, false);
            }
        }
    }

    private void fail(final String reason, final String detail, final boolean empty) {
        if (closed) {
            return;
        }
        if (detail != null && Logger.isDebugEnabled()) {
            Logger.debug("{}: {}: {}", this, reason, detail);
        }
        remote = socket.remoteAddress();
        local = socket.localAddress();
        closed = true;
        cancelTimer();
        socket.close();
        releaseAll();
        final Handover h = handover;
        handover = null;
        if (h != null) {
            h.failed(this, reason, empty);
        }
    }

    @Override
    void onClose() {
        cancelTimer();
    }

    private void cancelTimer() {
        if (timerId != -1) {
            reactor.timers().cancel(timerId);
            timerId = -1;
        }
    }

    /** When the connection was accepted (wall clock, ms), for its log line. */
    public long acceptEpochMs() {
        return acceptEpochMs;
    }

    @Override
    public String toString() {
        return "tls" + (info == null ? "[handshaking]" : "[" + info + "]") + socket;
    }
}
