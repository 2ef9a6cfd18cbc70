package dev.baton.tls;

import dev.baton.io.BufferPool;
import dev.baton.io.Endpoint;
import dev.baton.io.EndpointHandler;
import dev.baton.io.TlsInfo;
import dev.baton.reactor.CoalescedCommand;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;
import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.util.ReferenceCountUtil;
import org.tinylog.Logger;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * A TLS server connection over a socket endpoint (as accepted, or behind its PROXY protocol header), behind the same {@link Endpoint} interface: the protocol
 * code reads and writes plaintext and never knows. Owner reactor's thread only, like the socket it wraps.
 *
 * <p>Life: {@link #start} reads the client's first record, picks the certificate from its server name
 * ({@link BindTlsContext}), creates the engine and drives the handshake, non-blocking, as the socket becomes
 * readable or writable, bounded by a timer (HAProxy's {@code timeout client}); then it hands itself over once
 * ({@link Handover}), and from there {@link #read} unwraps records and {@link #write} wraps them. The engine's
 * computations (BoringSSL, no delegated tasks) run inline on the reactor, as HAProxy runs OpenSSL on its threads
 * without {@code ssl-mode-async}.
 *
 * <p>Buffers: records come in through {@code netIn}, leave through {@code netOut}, and plaintext that did not fit
 * the caller's buffer waits in {@code appIn}; all three come from the reactor's TLS {@link BufferPool} (one record
 * each) and go back as soon as they are empty, so an idle connection holds none and a request allocates nothing.
 * All three are kept in fill mode (bytes from 0 to the position).
 *
 * <p>Readiness: the protocol's interest ({@link #interest}) becomes the socket's, plus OP_WRITE while encrypted
 * bytes wait to be sent. Plaintext or a whole record already buffered would never make the socket readable
 * again, so while the protocol wants to read and such input waits, a coalesced command tells it again, later in
 * the same reactor turn.
 */
public final class TlsEndpoint implements Endpoint, EndpointHandler {
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

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** HAProxy's words for why a handshake ended (connection.c, conn_err_code_str). */
    static final String FAILURE = "SSL handshake failure";
    static final String TIMEOUT = "Timeout during SSL handshake";
    static final String CLOSED_DURING = "Connection closed during SSL handshake";
    static final String ABORTED = "Connection error during SSL handshake";
    /** Bounds one readiness event's handshake work; a handshake takes about three steps. */
    private static final int HANDSHAKE_STEPS = 32;
    private static final int RECORD_HEADER = 5;

    private final Reactor reactor;
    /** The socket endpoint (or what wraps it, after a PROXY protocol header). */
    private final Endpoint socket;
    private final BindTlsContext context;
    private final BufferPool pool;
    private final CoalescedCommand redispatch = new CoalescedCommand(r -> redispatch());
    private final TimerHandler onTimeout = this::onTimeout;
    private Handover handover;
    private long timerId = -1;
    private ClientHello hello = new ClientHello();
    private SSLEngine engine;
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private ByteBuffer appIn;
    private EndpointHandler handler;
    private int wanted;
    private boolean handshaking = true;
    /** The peer sent close_notify or FIN: reads return -1 once the buffered plaintext is out. */
    private boolean inboundDone;
    private boolean outputShut;
    /** FIN is due once {@code netOut} has drained. */
    private boolean finPending;
    private IOException writeFailure;
    private boolean closed;
    private TlsInfo info;
    /** The certificate chosen for the ClientHello, until the handshake ends. */
    private CertIndex.Cert served;
    private final long acceptEpochMs = System.currentTimeMillis();
    /** The addresses, kept when the handshake fails (the closed socket no longer tells them). */
    private InetSocketAddress remote;
    private InetSocketAddress local;

    /** Wraps an accepted {@code socket}, registered on {@code reactor}; {@code pool} gives record-sized buffers. */
    public TlsEndpoint(final Reactor reactor, final Endpoint socket, final BindTlsContext context,
                       final BufferPool pool) {
        this.reactor = reactor;
        this.socket = socket;
        this.context = context;
        this.pool = pool;
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

    @Override
    public void onReady(final Endpoint from, final int readyOps) {
        if (closed) {
            return;
        }
        if (handshaking) {
            handshake();
            return;
        }
        int ready = readyOps & wanted & (SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && pendingOut()) {
            try {
                flushNet();
            } catch (final IOException e) {
                writeFailure = e; // the protocol's next write reports it
                releaseNetOut();
                ready |= wanted & SelectionKey.OP_WRITE;
            }
        }
        if (pendingOut()) {
            ready &= ~SelectionKey.OP_WRITE;
        } else if (finPending) {
            finPending = false;
            socket.shutdownOutput();
        }
        updateInterest();
        if (ready != 0) {
            handler.onReady(this, ready);
        }
    }

    // ---------------------------------------------------------------- handshake

    private void handshake() {
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

    /** Unwraps and wraps until the handshake is done (true) or needs the client (false). */
    private boolean advanceHandshake() throws IOException {
        boolean finished = false;
        boolean unwrapped = false;
        for (int step = 0; step < HANDSHAKE_STEPS; step++) {
            boolean progress = false;
            if (netIn != null && netIn.position() > 0) {
                final SSLEngineResult r = unwrap();
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new SSLException("the client closed the session");
                }
                progress = r.bytesConsumed() > 0;
                runTasks();
                unwrapped |= progress;
                finished |= r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED;
            }
            progress |= wrapHandshake();
            finished |= lastWrapFinished;
            flushNet();
            if (finished || unwrapped
                && engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                wrapHandshake(); // what follows the handshake at once (TLS 1.3 session tickets)
                flushNet();
                return true;
            }
            if (!progress) {
                if (netIn == null) {
                    netIn = pool.acquire();
                }
                if (!netIn.hasRemaining()) {
                    throw new SSLException("handshake record too large");
                }
                final int n = socket.read(netIn);
                if (n < 0) {
                    throw new EOFException("connection closed during SSL handshake");
                }
                if (n == 0) {
                    releaseEmpty();
                    return false;
                }
            }
        }
        return false;
    }

    private boolean lastWrapFinished;

    /** Unwraps one record of {@code netIn} (which holds bytes) into {@code appIn}. */
    private SSLEngineResult unwrap() throws SSLException {
        if (appIn == null) {
            appIn = pool.acquire();
        }
        netIn.flip();
        try {
            return engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
    }

    /**
     * Runs what the engine delegates, inline: the contexts are built without delegated tasks (BindTlsContext), so
     * there should be none; should one come, it runs here, on the reactor, as HAProxy runs OpenSSL on its threads.
     */
    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Wraps every handshake message the engine has: true if any. */
    private boolean wrapHandshake() throws IOException {
        boolean produced = false;
        lastWrapFinished = false;
        while (true) {
            if (netOut == null) {
                netOut = pool.acquire();
            }
            final SSLEngineResult w = engine.wrap(EMPTY, netOut);
            runTasks();
            lastWrapFinished |= w.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED;
            if (w.getStatus() == SSLEngineResult.Status.CLOSED && w.bytesProduced() == 0) {
                throw new SSLException("the TLS engine closed the session");
            }
            if (w.bytesProduced() == 0) {
                return produced;
            }
            produced = true;
            if (w.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW || netOut.remaining() < RECORD_HEADER) {
                flushNet();
                if (pendingOut()) {
                    return true;
                }
            }
        }
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

    /** The cipher as OpenSSL (and HAProxy's {@code ssl_fc_cipher}) names it. */
    static String openSslName(final String javaName) {
        if (javaName == null || BindTlsContext.TLS13_SUITES.contains(javaName)) {
            return javaName;
        }
        final String name = CipherSuiteConverter.toOpenSsl(javaName, false);
        return name != null ? name : javaName;
    }

    /** Best effort: sends the alert a failed engine prepared, so that the client hears why. */
    private void sendAlert() {
        if (engine != null && !closed) {
            try {
                engine.closeOutbound();
                wrapHandshake();
                flushNet();
            } catch (final IOException | RuntimeException ignored) {
                // closing anyway
            }
        }
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

    private void cancelTimer() {
        if (timerId != -1) {
            reactor.timers().cancel(timerId);
            timerId = -1;
        }
    }

    // ---------------------------------------------------------------- data

    @Override
    public int read(final ByteBuffer dst) throws IOException {
        if (appIn != null && appIn.position() > 0) {
            return drainPlaintext(dst);
        }
        if (closed || inboundDone) {
            return -1;
        }
        while (true) {
            if (netIn != null && netIn.position() > 0) {
                final SSLEngineResult r = unwrap();
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    inboundDone = true; // close_notify
                    return appIn.position() > 0 ? drainPlaintext(dst) : endOfInput();
                }
                if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                    wrapHandshake(); // a post-handshake message asks for an answer (key update)
                    flushNet();
                }
                if (r.bytesProduced() > 0) {
                    return drainPlaintext(dst);
                }
                if (r.bytesConsumed() > 0) {
                    continue;
                }
                if (r.getStatus() != SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                    throw new SSLException("TLS record not processed: " + r.getStatus());
                }
            }
            if (netIn == null) {
                netIn = pool.acquire();
            }
            if (!netIn.hasRemaining()) {
                throw new SSLException("TLS record too large");
            }
            final int n = socket.read(netIn);
            if (n < 0) {
                inboundDone = true;
                return endOfInput();
            }
            if (n == 0) {
                releaseEmpty();
                return 0;
            }
        }
    }

    private int endOfInput() {
        releaseEmpty();
        return -1;
    }

    /** Moves buffered plaintext into {@code dst}: the bytes moved. */
    private int drainPlaintext(final ByteBuffer dst) {
        appIn.flip();
        final int n = Math.min(appIn.remaining(), dst.remaining());
        final int limit = appIn.limit();
        appIn.limit(appIn.position() + n);
        dst.put(appIn);
        appIn.limit(limit);
        appIn.compact();
        if (appIn.position() == 0) {
            pool.release(appIn);
            appIn = null;
        }
        return n;
    }

    @Override
    public int write(final ByteBuffer src) throws IOException {
        if (writeFailure != null) {
            throw writeFailure;
        }
        if (closed || outputShut) {
            throw new IOException("TLS output closed");
        }
        if (pendingOut()) {
            flushNet();
            if (pendingOut()) {
                return 0;
            }
        }
        int consumed = 0;
        while (src.hasRemaining()) {
            if (netOut == null) {
                netOut = pool.acquire();
            }
            final SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("TLS session closed");
            }
            consumed += r.bytesConsumed();
            flushNet();
            if (pendingOut() || r.bytesConsumed() == 0) {
                break; // the kernel is full: the rest waits for OP_WRITE
            }
        }
        updateInterest();
        return consumed;
    }

    /** Writes what {@code netOut} holds; it goes back to the pool once empty. */
    private void flushNet() throws IOException {
        if (netOut == null) {
            return;
        }
        if (netOut.position() > 0) {
            netOut.flip();
            try {
                socket.write(netOut);
            } finally {
                netOut.compact();
            }
        }
        if (netOut.position() == 0) {
            releaseNetOut();
        }
    }

    private boolean pendingOut() {
        return netOut != null && netOut.position() > 0;
    }

    /** A whole record waits in {@code netIn}, or plaintext in {@code appIn}. */
    private boolean bufferedInput() {
        if (appIn != null && appIn.position() > 0) {
            return true;
        }
        if (netIn == null || netIn.position() < RECORD_HEADER) {
            return false;
        }
        final int len = (netIn.get(3) & 0xFF) << 8 | (netIn.get(4) & 0xFF);
        return netIn.position() >= RECORD_HEADER + len;
    }

    @Override
    public void interest(final int ops) {
        wanted = ops;
        if (!handshaking && !closed) {
            updateInterest();
        }
    }

    private void updateInterest() {
        int ops = 0;
        final boolean wantsRead = (wanted & SelectionKey.OP_READ) != 0;
        if (wantsRead && !inboundDone) {
            ops |= SelectionKey.OP_READ;
        }
        if ((wanted & SelectionKey.OP_WRITE) != 0 || pendingOut()) {
            ops |= SelectionKey.OP_WRITE;
        }
        socket.interest(ops);
        if (wantsRead && (inboundDone || bufferedInput())) {
            reactor.executeCoalescedLater(redispatch);
        }
    }

    /** Buffered input the socket will not announce: tells the protocol it may read. */
    private void redispatch() {
        if (!closed && !handshaking && (wanted & SelectionKey.OP_READ) != 0 && (inboundDone || bufferedInput())) {
            handler.onReady(this, SelectionKey.OP_READ);
        }
    }

    @Override
    public int interestOps() {
        return wanted;
    }

    /** Sends close_notify, then FIN once every encrypted byte is out. */
    @Override
    public void shutdownOutput() {
        if (outputShut || closed) {
            return;
        }
        outputShut = true;
        try {
            closeNotify();
        } catch (final IOException e) {
            socket.shutdownOutput();
            return;
        }
        if (pendingOut()) {
            finPending = true;
            updateInterest();
        } else {
            socket.shutdownOutput();
        }
    }

    private void closeNotify() throws IOException {
        if (engine != null && !handshaking) {
            engine.closeOutbound();
            if (netOut == null) {
                netOut = pool.acquire();
            }
            engine.wrap(EMPTY, netOut);
            flushNet();
        }
    }

    /** close_notify (best effort: one non-blocking write), then FIN, once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (!outputShut) {
            outputShut = true;
            try {
                closeNotify();
            } catch (final IOException | RuntimeException ignored) {
                // the peer is gone: nothing to tell it
            }
        }
        closed = true;
        cancelTimer();
        socket.close();
        releaseAll();
    }

    /** RST without close_notify, once. */
    @Override
    public void abort() {
        if (closed) {
            return;
        }
        closed = true;
        cancelTimer();
        socket.abort();
        releaseAll();
    }

    private void releaseNetOut() {
        if (netOut != null) {
            pool.release(netOut);
            netOut = null;
        }
    }

    /** Gives back the buffers that hold nothing. */
    private void releaseEmpty() {
        if (netIn != null && netIn.position() == 0) {
            pool.release(netIn);
            netIn = null;
        }
        if (appIn != null && appIn.position() == 0) {
            pool.release(appIn);
            appIn = null;
        }
        if (netOut != null && netOut.position() == 0) {
            releaseNetOut();
        }
    }

    private void releaseAll() {
        if (netIn != null) {
            pool.release(netIn);
            netIn = null;
        }
        if (appIn != null) {
            pool.release(appIn);
            appIn = null;
        }
        releaseNetOut();
        if (engine != null) {
            ReferenceCountUtil.release(engine);
            engine = null;
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void handler(final EndpointHandler handler) {
        this.handler = handler;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote != null ? remote : socket.remoteAddress();
    }

    /** When the connection was accepted (wall clock, ms), for its log line. */
    public long acceptEpochMs() {
        return acceptEpochMs;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local != null ? local : socket.localAddress();
    }

    @Override
    public TlsInfo tls() {
        return info;
    }

    @Override
    public byte[] proxyAuthority() {
        return socket.proxyAuthority();
    }

    @Override
    public String toString() {
        return "tls" + (info == null ? "[handshaking]" : "[" + info + "]") + socket;
    }
}
