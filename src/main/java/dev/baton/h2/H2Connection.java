package dev.baton.h2;

import dev.baton.io.Endpoint;
import dev.baton.io.EndpointHandler;
import dev.baton.reactor.LazyTimer;
import dev.baton.reactor.TimerHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;

/**
 * The server side of one HTTP/2 client connection (RFC 9113) over an {@link Endpoint} (a socket, or TLS after ALPN
 * chose h2): the preface and SETTINGS exchange, the streams (each an {@link H2Stream} that an unchanged
 * {@code HttpSession} serves), flow control both ways, PING, GOAWAY on connection errors and RST_STREAM on stream
 * errors, and the timeouts HAProxy gives a connection with no stream attached. The frames themselves are handled by
 * {@link InputFrames}.
 *
 * <p>Events: the endpoint's readiness reads and parses what came ({@link #onReady}); then every stream whose
 * interest can now make progress is told ({@link #dispatchStreams}), and the output is flushed once. A stream's own
 * calls (a session writing its response from a server event) frame into the output and flush at once; readiness a
 * stream's call makes (a new interest, the end of its response) is told from {@link H2Host#later}, never from inside
 * that call. Backpressure: frames are parsed only while the output keeps room for the control frames they may call
 * for, and while the attached streams do not pass the limit (HAProxy stops reading alike); a DATA frame a stream's
 * body buffer cannot take yet waits in the input.
 *
 * <p>Allocates per connection its input and output buffers, HPACK state and head scratch; per stream nothing once
 * the pool of {@link H2Stream}s (each with its head arrays) has grown to the connection's peak. Reactor thread only.
 */
public final class H2Connection implements EndpointHandler, TimerHandler {
    /** Output kept free for the control frames parsing may call for (SETTINGS ACK, PING ACK, RST, GOAWAY...). */
    static final int CONTROL_RESERVE = 512;
    private static final int OUTPUT_SIZE = 64 * 1024;
    /** Free streams kept for reuse; beyond, a finished stream goes to the GC. */
    private static final int STREAMS_KEPT = 8;

    private final H2Host host;
    private final Endpoint endpoint;
    final H2Settings settings;
    final PeerSettings peer = new PeerSettings();
    final HpackDecoder decoder;
    final HpackEncoder encoder = new HpackEncoder(false);
    final RequestHead requestHead;
    private final ResponseHead responseHead;
    private final InputFrames frames;
    private final ByteBuffer in;
    private final ByteBuffer out = ByteBuffer.allocate(OUTPUT_SIZE);
    private final ByteBuffer headerScratch;
    private final LazyTimer timer;
    private final ArrayDeque<H2Stream> freeStreams = new ArrayDeque<>();
    private H2Stream[] streams = new H2Stream[8];
    /** Streams attached (in {@link #streams}): open, or closed but not yet let go by their session. */
    private int attached;
    /** Streams open or half-closed in RFC terms: the count MAX_CONCURRENT_STREAMS limits. */
    int openStreams;
    /** The highest stream id the client opened (or tried to). */
    int lastStreamId;
    /** How many streams were started (the first one's start is the connection's accept). */
    long streamsStarted;
    /** Our connection-level send window. */
    private int sendWindow = FrameType.DEFAULT_WINDOW;
    /** DATA bytes received and not yet credited back on the connection. */
    private int connectionCredit;
    boolean prefaceSeen;
    boolean settingsSeen;
    /** The client acknowledged our SETTINGS: new streams start with our window, not the default. */
    boolean settingsAcked;
    boolean goAwaySent;
    boolean goAwayReceived;
    private boolean closed;
    private boolean inEvent;
    private boolean dispatchScheduled;
    /** A DATA frame waits in the input for room in its stream's body buffer. */
    boolean inputStalled;
    private long idleStartNs;
    /** When bytes last moved either way, and when our GOAWAY went: {@code timeout client}'s and client-fin's start. */
    private long lastIoNs;
    private long goAwayNs;
    private final Runnable deferredDispatch = this::runDeferred;

    /**
     * A connection over {@code endpoint}, whose input may already hold bytes read while detecting the preface
     * ({@code alreadyRead}, read mode; copied). Call {@link #start} next.
     */
    public H2Connection(final H2Host host, final Endpoint endpoint, final H2Settings settings,
                        final ByteBuffer alreadyRead) {
        this.host = host;
        this.endpoint = endpoint;
        this.settings = settings;
        final H2Scratch scratch = host.scratch();
        if (scratch.maxHeadSize < settings.maxHeadSize()) {
            throw new IllegalArgumentException("the reactor's HTTP/2 scratch is smaller than the heads allowed");
        }
        this.decoder = new HpackDecoder(settings.headerTableSize(), scratch.hpack);
        this.requestHead = scratch.requestHead;
        this.responseHead = scratch.responseHead;
        this.headerScratch = scratch.encodedHead;
        this.in = ByteBuffer.allocate(Math.max(settings.maxFrameSize() + FrameType.HEADER_SIZE, 32 * 1024));
        this.in.flip();
        if (alreadyRead != null) {
            in.clear();
            in.put(alreadyRead);
            in.flip();
        }
        this.frames = new InputFrames(this);
        this.timer = new LazyTimer(host.timers(), this);
    }

    /** Sends our SETTINGS (section 3.4: the server's preface), takes the endpoint's events, parses what came. */
    public void start() {
        endpoint.handler(this);
        idleStartNs = host.nowNs();
        lastIoNs = idleStartNs;
        FrameWriter.settings(out, settings.announced());
        onReady(endpoint, 0);
    }

    H2Host host() {
        return host;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    ResponseHead responseHead() {
        return responseHead;
    }

    int sendWindow() {
        return sendWindow;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Streams attached now (tests, stats). */
    public int attachedStreams() {
        return attached;
    }

    // ================================================================== events

    @Override
    public void onReady(final Endpoint ep, final int readyOps) {
        if (closed) {
            return;
        }
        inEvent = true;
        try {
            if ((readyOps & SelectionKey.OP_WRITE) != 0) {
                flush();
            }
            if ((readyOps & SelectionKey.OP_READ) != 0) {
                readInput();
            }
            parse();
            dispatchStreams();
        } finally {
            inEvent = false;
        }
        afterWork();
    }

    private void readInput() {
        if (closed || in.limit() == in.capacity() && in.position() == 0) {
            return;
        }
        in.compact();
        int n;
        try {
            n = endpoint.read(in);
        } catch (final IOException e) {
            n = -1;
        } finally {
            in.flip();
        }
        if (n < 0) {
            connectionLost();
        } else if (n > 0) {
            lastIoNs = host.nowNs();
        }
    }

    /** Parses the frames that came, as far as the output's room and the streams' limits allow. */
    void parse() {
        if (closed) {
            return;
        }
        try {
            if (!prefaceSeen) {
                if (in.remaining() < Preface.BYTES.length) {
                    return;
                }
                for (int i = 0; i < Preface.BYTES.length; i++) {
                    if (in.get(in.position() + i) != Preface.BYTES[i]) {
                        throw H2Exception.connection(H2Error.PROTOCOL_ERROR, "bad connection preface");
                    }
                }
                in.position(in.position() + Preface.BYTES.length);
                prefaceSeen = true;
            }
            while (!closed && out.remaining() >= CONTROL_RESERVE
                && attached <= settings.maxConcurrentStreams()) {
                if (!frames.next(in)) {
                    break;
                }
            }
        } catch (final H2Exception e) {
            connectionError(e.code());
        }
    }

    /** Tells every stream whose interest can move now; a stream may let go (and leave the array) meanwhile. */
    void dispatchStreams() {
        for (int i = 0; i < attached; i++) {
            final H2Stream s = streams[i];
            if (s.response.hasPending() && s.response.flushPending() && s.detached) {
                detach(s);
            }
        }
        for (int i = 0; i < attached; i++) {
            final H2Stream s = streams[i];
            s.dispatch();
            if (i < attached && streams[i] != s) {
                i--; // s left the array: the next one took its place
            }
        }
    }

    private void runDeferred() {
        dispatchScheduled = false;
        if (closed) {
            return;
        }
        onReady(endpoint, 0);
    }

    /** A stream's interest or state changed: tell it from {@link H2Host#later} if it can move now. */
    void wakeIfReady(final H2Stream s) {
        schedulePass();
    }

    /** Runs a pass (parse, tell the streams, flush) from {@link H2Host#later}, once however often asked. */
    void schedulePass() {
        if (!dispatchScheduled && !closed) {
            dispatchScheduled = true;
            host.later(deferredDispatch);
        }
    }

    /** After a stream's write or end from outside this connection's event: the frames go out now. */
    void flushAfterStreamWrite() {
        if (!inEvent && !closed) {
            afterWork();
        }
    }

    private void afterWork() {
        flush(); // what the turn framed goes now, not after another selection
        if (closed) {
            return;
        }
        int ops = 0;
        if (out.position() > 0) {
            ops |= SelectionKey.OP_WRITE;
        }
        if (!inputStalled && in.limit() - in.position() < in.capacity()) {
            ops |= SelectionKey.OP_READ;
        }
        endpoint.interest(ops);
        if (goAwaySent && attached == 0 && out.position() == 0) {
            close();
            return;
        }
        armTimer();
    }

    // ================================================================== output

    /** Writes what the output holds; a failed write is a lost connection. */
    void flush() {
        if (out.position() == 0 || closed) {
            return;
        }
        out.flip();
        try {
            if (endpoint.write(out) > 0) {
                lastIoNs = host.nowNs();
            }
        } catch (final IOException e) {
            out.clear();
            connectionLost();
            return;
        } finally {
            if (!closed) {
                out.compact();
            }
        }
        if (out.position() == 0 && inputStalled) {
            schedulePass();
        }
    }

    /** Room for a stream's frames, the control reserve kept. */
    int outRoom() {
        return out.remaining() - CONTROL_RESERVE;
    }

    /** The output buffer (write mode), for the frames a stream's response makes ({@link ResponseFramer}). */
    ByteBuffer out() {
        return out;
    }

    ByteBuffer encodedHead() {
        return headerScratch;
    }

    /** Frames up to {@code max} bytes of {@code src} as DATA within the windows and room; the bytes framed. */
    int writeData(final H2Stream s, final ByteBuffer src, final int max, final boolean endStream) {
        final int n = Math.min(Math.min(max, peer.maxFrameSize), Math.min(Math.min(s.sendWindow, sendWindow),
            outRoom() - FrameType.HEADER_SIZE));
        if (n <= 0) {
            return 0;
        }
        FrameWriter.dataHeader(out, s.id, n, endStream);
        final int limit = src.limit();
        src.limit(src.position() + n);
        out.put(src);
        src.limit(limit);
        s.sendWindow -= n;
        sendWindow -= n;
        return n;
    }

    /** An empty DATA frame with END_STREAM; false when there is no room. */
    boolean writeEndStream(final H2Stream s) {
        if (outRoom() < FrameType.HEADER_SIZE) {
            return false;
        }
        FrameWriter.dataHeader(out, s.id, 0, true);
        return true;
    }

    /** RST_STREAM for {@code s} (the control reserve always has room for it). */
    void sendReset(final H2Stream s, final int code) {
        if (!closed && out.remaining() >= 13) {
            FrameWriter.rstStream(out, s.id, code);
        }
        streamStateChanged(s);
        wakeIfReady(s);
    }

    /** RST_STREAM for a stream that has no {@link H2Stream} (refused, malformed, closed). */
    void sendReset(final int streamId, final int code) {
        if (!closed && out.remaining() >= 13) {
            FrameWriter.rstStream(out, streamId, code);
        }
    }

    void sendSettingsAck() {
        FrameWriter.settingsAck(out);
    }

    void sendPingAck(final long opaque) {
        FrameWriter.ping(out, true, opaque);
    }

    void sendWindowUpdate(final int streamId, final int increment) {
        if (!closed && out.remaining() >= 13) {
            FrameWriter.windowUpdate(out, streamId, increment);
        }
    }

    /** Connection-level WINDOW_UPDATE (stream 0): the client's connection window only limits what streams hold. */
    void creditConnection(final int bytes) {
        connectionCredit += bytes;
        if (connectionCredit >= FrameType.DEFAULT_WINDOW / 4) {
            sendWindowUpdate(0, connectionCredit);
            connectionCredit = 0;
        }
    }

    /** WINDOW_UPDATE from the client on stream 0. */
    void connectionWindowUpdate(final int increment) throws H2Exception {
        if ((long) sendWindow + increment > FrameType.MAX_WINDOW) {
            throw H2Exception.connection(H2Error.FLOW_CONTROL_ERROR, "connection window over 2^31-1");
        }
        sendWindow += increment;
    }

    // ================================================================== streams

    /** A pooled stream for a new request; its head goes to its {@link H2Stream#head}. */
    H2Stream newStream() {
        final H2Stream s = freeStreams.pollLast();
        return s != null ? s : new H2Stream(this, settings.maxHeadSize());
    }

    /** Keeps {@code s} for a next stream, up to a few (a burst's streams are not all kept). */
    void recycle(final H2Stream s) {
        s.releaseBody();
        if (freeStreams.size() < STREAMS_KEPT) {
            freeStreams.addLast(s);
        }
    }

    /** Opens {@code s} as stream {@code id} and starts its session. */
    void openStream(final H2Stream s, final int id, final boolean endStream) {
        final int recvWindow = settingsAcked ? settings.streamWindow() : FrameType.DEFAULT_WINDOW;
        final long now = host.nowNs();
        s.open(id, peer.initialWindowSize, recvWindow, streamsStarted == 0 && endpoint.acceptNs() != 0
            ? endpoint.acceptNs() : now);
        s.remoteEnded = endStream;
        streamsStarted++;
        if (attached == streams.length) {
            streams = java.util.Arrays.copyOf(streams, attached * 2);
        }
        streams[attached++] = s;
        openStreams++;
        s.countedOpen = true;
        host.startStream(s);
        streamStateChanged(s);
    }

    /** The attached stream {@code id}, or null. */
    H2Stream stream(final int id) {
        for (int i = 0; i < attached; i++) {
            if (streams[i].id == id) {
                return streams[i];
            }
        }
        return null;
    }

    int attachedCount() {
        return attached;
    }

    H2Stream attachedAt(final int i) {
        return streams[i];
    }

    /** The response's END_STREAM went out: a stream done both ways no longer counts; its session reads the end. */
    void streamEndedLocally(final H2Stream s) {
        streamStateChanged(s);
        wakeIfReady(s);
    }

    /** Counts {@code s} out of the open streams once it is closed in RFC terms. */
    void streamStateChanged(final H2Stream s) {
        if (s.countedOpen && s.protocolClosed()) {
            s.countedOpen = false;
            openStreams--;
        }
    }

    /** The session let {@code s} go: the stream, if still open, is reset; it leaves the connection. */
    void detach(final H2Stream s) {
        if (s.response.hasPending() && !s.reset) {
            return; // its last frames wait for room: dispatchStreams lets it go once they are out
        }
        if (!s.protocolClosed()) {
            s.resetStream(s.localEnded ? H2Error.NO_ERROR : H2Error.CANCEL);
        }
        for (int i = 0; i < attached; i++) {
            if (streams[i] == s) {
                streams[i] = streams[--attached];
                streams[attached] = null;
                recycle(s);
                break;
            }
        }
        if (attached == 0) {
            idleStartNs = host.nowNs();
        }
        schedulePass(); // parsing may have waited for this stream to go
    }

    /** The session read body bytes: grant the client what the body buffer can now take; a stalled frame may fit. */
    void bodyConsumed(final H2Stream s) {
        frames.bodyConsumed(s);
        if (inputStalled) {
            inputStalled = false;
            wakeIfReady(s);
        }
    }

    // ================================================================== errors and end

    /** A connection error: GOAWAY with {@code code}, then the connection closes once it is sent. */
    void connectionError(final int code) {
        goAway(code);
        resetAll();
        flush();
        close();
    }

    /** GOAWAY once: no new stream is accepted from now on. */
    void goAway(final int code) {
        if (!goAwaySent && !closed) {
            goAwaySent = true;
            goAwayNs = host.nowNs();
            if (out.remaining() >= 17) {
                FrameWriter.goAway(out, lastStreamId, code);
            }
        }
    }

    /** The client left (end of stream, reset, write failure): every stream fails as a reset socket would. */
    private void connectionLost() {
        resetAll();
        close();
    }

    /** Marks every attached stream reset and tells the sessions, which see it on their next read or write. */
    private void resetAll() {
        for (int i = 0; i < attached; i++) {
            final H2Stream s = streams[i];
            s.reset = true;
            streamStateChanged(s);
        }
        for (int i = 0; i < attached; i++) {
            final H2Stream s = streams[i];
            s.dispatch();
            if (i < attached && streams[i] != s) {
                i--;
            }
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.cancel();
        endpoint.close();
        for (int i = 0; i < attached; i++) {
            streams[i].releaseBody();
        }
        host.connectionClosed();
    }

    /** Closes at once, every stream failing (a kill, a stop that cannot wait). */
    public void kill() {
        connectionLost();
    }

    /**
     * A graceful stop: GOAWAY (NO_ERROR), no new stream; those under way finish, then the connection closes.
     */
    public void stopGracefully() {
        if (!closed) {
            goAway(H2Error.NO_ERROR);
            flushAfterStreamWrite();
        }
    }

    // ================================================================== timeouts

    private void armTimer() {
        final long d = deadlineNs();
        if (d != LazyTimer.NONE) {
            timer.armBy(d);
        }
    }

    /** HAProxy's: only while no stream is attached (the sessions time themselves). */
    private long deadlineNs() {
        if (attached > 0) {
            return LazyTimer.NONE;
        }
        return settings.idleDeadlineNs(goAwaySent, goAwayNs, out.position() > 0, lastIoNs, lastStreamId > 0,
            idleStartNs);
    }

    @Override
    public void onTimer(final long nowNs, final long id) {
        if (!timer.fired(id) || closed) {
            return;
        }
        final long d = deadlineNs();
        if (d != LazyTimer.NONE && nowNs - d >= 0) {
            goAway(H2Error.NO_ERROR);
            flush();
            close();
            return;
        }
        armTimer();
    }

    @Override
    public String toString() {
        return "h2-connection[streams=" + attached + " open=" + openStreams + " last=" + lastStreamId
            + (goAwaySent ? " goaway" : "") + (closed ? " closed" : "") + "]";
    }
}
