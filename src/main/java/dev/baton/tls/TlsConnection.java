package dev.baton.tls;

import dev.baton.io.BufferPool;
import dev.baton.io.Endpoint;
import dev.baton.io.EndpointHandler;
import dev.baton.io.TlsInfo;
import dev.baton.reactor.CoalescedCommand;
import dev.baton.reactor.Reactor;
import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.util.ReferenceCountUtil;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * What a TLS connection over a socket endpoint does once its engine exists, the same on both sides: the handshake's
 * record loop ({@link #advanceHandshake}), and, behind the {@link Endpoint} interface, the data path ({@link #read}
 * unwraps records, {@link #write} wraps them), readiness, close_notify and the buffers. {@link TlsEndpoint} (a
 * client's connection to a bind) and {@link TlsClientEndpoint} (baton's connection to a server) add how their
 * handshake starts and ends; what the TLS layer takes from the socket as is (addresses, PROXY header facts,
 * session variables, socket options) is {@link LayeredEndpoint}'s. Owner reactor's thread only, like the socket it
 * wraps.
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
abstract class TlsConnection extends LayeredEndpoint implements EndpointHandler {
    static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Bounds one readiness event's handshake work; a handshake takes about three steps. */
    private static final int HANDSHAKE_STEPS = 32;
    private static final int RECORD_HEADER = 5;

    /** The reactor whose thread owns the connection (changes only with a server connection's takeover). */
    Reactor reactor;
    BufferPool pool;
    private final CoalescedCommand redispatch = new CoalescedCommand(r -> redispatch());
    SSLEngine engine;
    /** {@code tune.ssl.hard-maxrecord}: the most plaintext bytes one record carries (0: a full record). */
    private int maxRecord;
    ByteBuffer netIn;
    ByteBuffer netOut;
    ByteBuffer appIn;
    EndpointHandler handler;
    int wanted;
    boolean handshaking = true;
    /** The peer sent close_notify or FIN: reads return -1 once the buffered plaintext is out. */
    private boolean inboundDone;
    private boolean outputShut;
    /** FIN is due once {@code netOut} has drained. */
    private boolean finPending;
    private IOException writeFailure;
    boolean closed;
    TlsInfo info;

    TlsConnection(final Reactor reactor, final Endpoint socket, final BufferPool pool) {
        super(socket);
        this.reactor = reactor;
        this.pool = pool;
    }

    /**
     * Caps every record this connection sends at {@code bytes} of plaintext ({@code tune.ssl.hard-maxrecord}; 0: a
     * full record), as HAProxy caps each SSL_write. Before any data is written.
     */
    public void maxRecord(final int bytes) {
        this.maxRecord = bytes;
    }

    /** A readiness event while handshaking. */
    abstract void handshakeEvent();

    /** Closing (close or abort): what the subclass must stop first (a timer). */
    void onClose() {
    }

    @Override
    public void onReady(final Endpoint from, final int readyOps) {
        if (closed) {
            return;
        }
        if (handshaking) {
            handshakeEvent();
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

    /** Unwraps and wraps until the handshake is done (true) or needs the peer (false). */
    boolean advanceHandshake() throws IOException {
        boolean finished = false;
        boolean unwrapped = false;
        for (int step = 0; step < HANDSHAKE_STEPS; step++) {
            boolean progress = false;
            if (netIn != null && netIn.position() > 0) {
                final SSLEngineResult r = unwrap();
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new SSLException("the peer closed the session");
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
    SSLEngineResult unwrap() throws SSLException {
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
    void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Wraps every handshake message the engine has: true if any. */
    boolean wrapHandshake() throws IOException {
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

    /** What the finished handshake negotiated; {@code sni}: the server name asked for. */
    final TlsInfo negotiated(final String sni) {
        final String alpn = engine.getApplicationProtocol();
        return new TlsInfo(sni, engine.getSession().getProtocol(), openSslName(engine.getSession().getCipherSuite()),
            alpn == null || alpn.isEmpty() ? null : alpn);
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
    void sendAlert() {
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
            final SSLEngineResult r = wrapRecord(src);
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

    /** One record of {@code src}'s bytes into {@code netOut}: at most {@link #maxRecord} of them when set. */
    private SSLEngineResult wrapRecord(final ByteBuffer src) throws SSLException {
        if (maxRecord <= 0 || src.remaining() <= maxRecord) {
            return engine.wrap(src, netOut);
        }
        final int limit = src.limit();
        src.limit(src.position() + maxRecord);
        try {
            return engine.wrap(src, netOut);
        } finally {
            src.limit(limit);
        }
    }

    /** Writes what {@code netOut} holds; it goes back to the pool once empty. */
    void flushNet() throws IOException {
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

    boolean pendingOut() {
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

    void updateInterest() {
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
        onClose();
        socket.close();
        releaseAll();
    }

    /** RST without close_notify, once. */
    @Override
    public void abort() {
        endAbruptly(false);
    }

    /** The socket drops silently, without close_notify, once. */
    @Override
    public void silentDrop() {
        endAbruptly(true);
    }

    /** Ends without close_notify, once: the socket reset, or dropped silently. */
    private void endAbruptly(final boolean silent) {
        if (closed) {
            return;
        }
        closed = true;
        onClose();
        if (silent) {
            socket.silentDrop();
        } else {
            socket.abort();
        }
        releaseAll();
    }

    void releaseNetOut() {
        if (netOut != null) {
            pool.release(netOut);
            netOut = null;
        }
    }

    /** Gives back the buffers that hold nothing. */
    void releaseEmpty() {
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

    void releaseAll() {
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
    public TlsInfo tls() {
        return info;
    }
}
