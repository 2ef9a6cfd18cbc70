package dev.baton.h2;

import dev.baton.io.Endpoint;
import dev.baton.io.EndpointHandler;
import dev.baton.io.TlsInfo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * One HTTP/2 stream as the {@link Endpoint} of an unchanged {@code HttpSession}: {@link #read} yields the request
 * as HTTP/1.1 bytes (the head {@link RequestHead} made, then the body from DATA frames, chunked when it has no
 * length), {@link #write} takes the HTTP/1.1 response and frames it ({@link ResponseFramer}). The end of the stream
 * is the session's: {@link #read} says end of stream once the response is sent whole, and {@link #close}
 * (or {@link #abort}) lets the stream go, with RST_STREAM when it was not complete both ways. A stream reset by the
 * client, or whose connection died, fails reads and writes as a reset socket would. Addresses, TLS facts and the
 * session's variables are the connection's.
 *
 * <p>Flow control: the body waits in one pooled buffer; the client is granted (WINDOW_UPDATE) only the room that
 * buffer has left, so a session that stops reading stops the client, not the connection. Readiness comes from the
 * connection, level-triggered like a selector: when the stream can move what its interest asks. Pooled by its
 * connection; owner reactor's thread only.
 */
public final class H2Stream implements Endpoint {
    final H2Connection conn;
    final ResponseFramer response;
    /** The request head as HTTP/1.1 bytes; delivered from {@link #headPos}. */
    final byte[] head;
    int headLen;
    private int headPos;
    /** The request body as DATA frames brought it (read mode); null while none waits. */
    ByteBuffer body;
    /** The body has no length: {@link #read} frames it in chunks, one per run of bytes waiting. */
    boolean chunkedBody;
    /** Chunk framing to deliver before more body: {@link #framing}[{@link #framingPos}, {@link #framingLen}). */
    private final byte[] framing = new byte[16];
    private int framingPos;
    private int framingLen;
    /** Body bytes of the current chunk still to deliver; a chunk's data was delivered and needs its CRLF. */
    private int chunkLeft;
    private boolean chunkOpen;
    private boolean lastChunkDone;
    /** {@code content-length} of the request (-1: none) and the DATA bytes received. */
    long declaredLength;
    long receivedLength;
    /** The client may still send this much on the stream. */
    int recvWindow;
    /** We may still send this much on the stream (may go negative after a SETTINGS change). */
    int sendWindow;

    int id;
    boolean headRequest;
    /** END_STREAM received. */
    boolean remoteEnded;
    /** END_STREAM sent. */
    boolean localEnded;
    /** RST_STREAM sent or received, or the connection is gone. */
    boolean reset;
    /** Counted in the connection's open streams (until {@link #protocolClosed}). */
    boolean countedOpen;
    /** The session let the stream go ({@link #close}, {@link #abort}). */
    boolean detached;
    /** When the stream's session starts: its accept time (the first stream of a connection: the connection's). */
    long startNs;
    private EndpointHandler handler;
    private int interestOps = SelectionKey.OP_READ;

    H2Stream(final H2Connection conn, final int maxHeadSize) {
        this.conn = conn;
        this.head = new byte[maxHeadSize];
        this.response = new ResponseFramer(this, maxHeadSize);
    }

    /** Makes the pooled stream stream {@code streamId}, its request head already in {@link #head}. */
    void open(final int streamId, final int initialSendWindow, final int initialRecvWindow, final long nowNs) {
        id = streamId;
        headPos = 0;
        receivedLength = 0;
        recvWindow = initialRecvWindow;
        sendWindow = initialSendWindow;
        remoteEnded = false;
        framingPos = 0;
        framingLen = 0;
        chunkLeft = 0;
        chunkOpen = false;
        lastChunkDone = false;
        localEnded = false;
        reset = false;
        detached = false;
        handler = null;
        interestOps = SelectionKey.OP_READ;
        startNs = nowNs;
        response.reset();
    }

    /** The stream id (odd, from the client). */
    public int id() {
        return id;
    }

    /** Both directions ended, or the stream was reset: it no longer counts against the concurrent streams. */
    boolean protocolClosed() {
        return reset || (remoteEnded && localEnded);
    }

    // ================================================================== readiness

    boolean readReady() {
        return reset || headPos < headLen || (body != null && body.hasRemaining()) || localEnded
            || (chunkedBody && remoteEnded && !lastChunkDone) || framingPos < framingLen;
    }

    boolean writeReady() {
        return reset || response.writable();
    }

    /** The ready part of the interest, told to the handler; false when there was nothing to tell. */
    boolean dispatch() {
        if (detached || handler == null) {
            return false;
        }
        int ready = 0;
        if ((interestOps & SelectionKey.OP_READ) != 0 && readReady()) {
            ready |= SelectionKey.OP_READ;
        }
        if ((interestOps & SelectionKey.OP_WRITE) != 0 && writeReady()) {
            ready |= SelectionKey.OP_WRITE;
        }
        if (ready == 0) {
            return false;
        }
        handler.onReady(this, ready);
        return true;
    }

    // ================================================================== Endpoint

    @Override
    public int read(final ByteBuffer dst) throws IOException {
        if (reset) {
            throw new IOException("HTTP/2 stream reset");
        }
        int n = 0;
        if (headPos < headLen) {
            final int k = Math.min(dst.remaining(), headLen - headPos);
            dst.put(head, headPos, k);
            headPos += k;
            n += k;
        }
        final int bodyRead = chunkedBody ? readChunked(dst) : readBody(dst, Integer.MAX_VALUE);
        if (bodyRead > 0) {
            n += bodyRead;
            conn.bodyConsumed(this);
            conn.flushAfterStreamWrite(); // a WINDOW_UPDATE goes at once
        }
        if (n == 0 && localEnded && (body == null || !body.hasRemaining())) {
            return -1;
        }
        return n;
    }

    /** Up to {@code max} body bytes into {@code dst}. */
    private int readBody(final ByteBuffer dst, final int max) {
        if (body == null || !body.hasRemaining() || !dst.hasRemaining()) {
            return 0;
        }
        final int k = Math.min(max, Math.min(dst.remaining(), body.remaining()));
        final int limit = body.limit();
        body.limit(body.position() + k);
        dst.put(body);
        body.limit(limit);
        return k;
    }

    /**
     * The body of a request without length, as HTTP/1.1 chunks: each run of bytes waiting becomes a chunk, the end
     * of the stream the last chunk. The framing is made here, as the session reads, so the body buffer holds DATA
     * payload only (what the window granted). Returns the body bytes delivered; the framing bytes count in
     * {@code dst} too.
     */
    private int readChunked(final ByteBuffer dst) {
        int bodyBytes = 0;
        while (dst.hasRemaining()) {
            if (framingPos < framingLen) {
                final int k = Math.min(dst.remaining(), framingLen - framingPos);
                dst.put(framing, framingPos, k);
                framingPos += k;
                continue;
            }
            if (chunkLeft > 0) {
                final int k = readBody(dst, chunkLeft);
                if (k == 0) {
                    break;
                }
                chunkLeft -= k;
                bodyBytes += k;
                continue;
            }
            final boolean more = body != null && body.hasRemaining();
            if (!more && !(remoteEnded && !lastChunkDone)) {
                break;
            }
            framingPos = 0;
            framingLen = 0;
            if (chunkOpen) {
                framing[framingLen++] = '\r';
                framing[framingLen++] = '\n';
            }
            final int size = more ? body.remaining() : 0;
            framingLen += hex(size, framingLen);
            framing[framingLen++] = '\r';
            framing[framingLen++] = '\n';
            if (more) {
                chunkLeft = size;
                chunkOpen = true;
            } else {
                framing[framingLen++] = '\r';
                framing[framingLen++] = '\n';
                lastChunkDone = true;
                chunkOpen = false;
            }
        }
        return bodyBytes;
    }

    /** Writes {@code n} in hex at {@code framing[at..]}; the digits written. */
    private int hex(final int n, final int at) {
        final int digits = Math.max(1, (32 - Integer.numberOfLeadingZeros(n) + 3) / 4);
        for (int i = 0; i < digits; i++) {
            framing[at + i] = (byte) Character.forDigit((n >>> (4 * (digits - 1 - i))) & 0xf, 16);
        }
        return digits;
    }

    @Override
    public int write(final ByteBuffer src) throws IOException {
        if (reset) {
            throw new IOException("HTTP/2 stream reset");
        }
        final int n = response.write(src);
        conn.flushAfterStreamWrite();
        return n;
    }

    @Override
    public void interest(final int ops) {
        if (ops != interestOps) {
            interestOps = ops;
            conn.wakeIfReady(this);
        }
    }

    @Override
    public int interestOps() {
        return interestOps;
    }

    @Override
    public void shutdownOutput() {
        if (!reset && !localEnded && !response.endOfOutput()) {
            resetStream(H2Error.CANCEL);
        }
        conn.flushAfterStreamWrite();
    }

    @Override
    public void close() {
        if (detached) {
            return;
        }
        detached = true;
        if (!reset && !localEnded && !response.endOfOutput()) {
            resetStream(H2Error.CANCEL); // the response was cut
        }
        conn.detach(this);
    }

    @Override
    public void abort() {
        if (!detached && !reset && !localEnded) {
            resetStream(H2Error.CANCEL);
        }
        close();
    }

    @Override
    public boolean isClosed() {
        return detached;
    }

    @Override
    public void handler(final EndpointHandler h) {
        handler = h;
    }

    /** RST_STREAM with {@code code} (once), and the stream is over both ways. */
    void resetStream(final int code) {
        if (!reset) {
            reset = true;
            conn.sendReset(this, code);
        }
    }

    /** The response's END_STREAM went out. */
    void localEnded() {
        localEnded = true;
        conn.streamEndedLocally(this);
    }

    /** Gives the body buffer back to the pool. */
    void releaseBody() {
        if (body != null) {
            conn.host().buffers().release(body);
            body = null;
        }
    }

    // ================================================================== the connection's facts

    @Override
    public InetSocketAddress remoteAddress() {
        return conn.endpoint().remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return conn.endpoint().localAddress();
    }

    @Override
    public int unixListenerId() {
        return conn.endpoint().unixListenerId();
    }

    @Override
    public TlsInfo tls() {
        return conn.endpoint().tls();
    }

    @Override
    public dev.baton.sample.vars.VarStore sessionVars() {
        return conn.endpoint().sessionVars();
    }

    @Override
    public void sessionVars(final dev.baton.sample.vars.VarStore vars) {
        conn.endpoint().sessionVars(vars);
    }

    @Override
    public void addresses(final InetSocketAddress remote, final InetSocketAddress local) {
        conn.endpoint().addresses(remote, local);
    }

    @Override
    public dev.baton.stick.StickCounters connectionCounters() {
        return conn.host().connectionCounters();
    }

    @Override
    public dev.baton.counters.ListenerCounters listenerCounters() {
        return conn.endpoint().listenerCounters();
    }

    @Override
    public byte[] proxyAuthority() {
        return conn.endpoint().proxyAuthority();
    }

    @Override
    public byte[] proxyUniqueId() {
        return conn.endpoint().proxyUniqueId();
    }

    @Override
    public boolean receivedProxyHeader() {
        return conn.endpoint().receivedProxyHeader();
    }

    /** The stream's start: the connection's accept for its first stream (handshakes count there), else its own. */
    @Override
    public long acceptNs() {
        return startNs;
    }

    @Override
    public boolean setTos(final int tos) {
        return conn.endpoint().setTos(tos);
    }

    @Override
    public boolean setMark(final int mark) {
        return conn.endpoint().setMark(mark);
    }

    @Override
    public String toString() {
        return "h2-stream[" + id + (reset ? " reset" : "") + (remoteEnded ? " remote-ended" : "")
            + (localEnded ? " local-ended" : "") + (detached ? " detached" : "") + "]";
    }
}
