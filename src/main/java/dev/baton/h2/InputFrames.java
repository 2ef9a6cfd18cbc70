package dev.baton.h2;

import java.nio.ByteBuffer;

import static dev.baton.h2.FrameType.FLAG_ACK;
import static dev.baton.h2.FrameType.FLAG_END_HEADERS;
import static dev.baton.h2.FrameType.FLAG_END_STREAM;

/**
 * What each frame from the client does to its {@link H2Connection} (RFC 9113 sections 5 and 6): stream states and
 * ids, header blocks (HEADERS and CONTINUATION, decoded whole, always, so that HPACK stays in step even for a stream
 * refused or reset), the request body into its stream's buffer, SETTINGS, PING, GOAWAY, WINDOW_UPDATE, RST_STREAM.
 * Connection errors are thrown; stream errors reset the stream here and parsing goes on. Reactor thread only;
 * allocates nothing but the connection's streams the first time its pool needs one more.
 */
final class InputFrames {
    /** The largest header block (HEADERS and its CONTINUATIONs) taken: HPACK never makes a head much larger. */
    private static final int BLOCK_FACTOR = 2;

    private static final HpackDecoder.HeaderSink IGNORED = (buf, no, nl, vo, vl) -> { };

    private final H2Connection c;
    private final FrameReader reader;
    /** A header block spread over CONTINUATION frames, gathered (made on the first such block); null until then. */
    private byte[] block;
    /** The block being decoded: {@link #block}, or the input buffer's array for a block in one frame. */
    private byte[] blockBytes;
    private int blockOff;
    private int blockLen;
    /** The stream whose header block CONTINUATION frames complete (0: none expected), and its first frame's flags. */
    private int continuationOf;
    private int blockFlags;

    InputFrames(final H2Connection connection) {
        this.c = connection;
        this.reader = new FrameReader(connection.settings.maxFrameSize());
    }

    /** Handles the next whole frame of {@code in}; false when none is there, or when it must wait (left in place). */
    boolean next(final ByteBuffer in) throws H2Exception {
        final int at = in.position();
        try {
            if (!reader.next(in)) {
                return false;
            }
        } catch (final H2Exception e) {
            if (e.isConnectionError()) {
                throw e;
            }
            in.position(at + FrameType.HEADER_SIZE + reader.length); // a stream error of one frame: skip it
            streamError(e.streamId(), e.code());
            return true;
        }
        if (!c.settingsSeen) {
            if (reader.type != FrameType.SETTINGS || (reader.flags & FLAG_ACK) != 0) {
                throw H2Exception.connection(H2Error.PROTOCOL_ERROR, "the preface's SETTINGS missing");
            }
            c.settingsSeen = true;
        }
        if (continuationOf != 0 && (reader.type != FrameType.CONTINUATION || reader.streamId != continuationOf)) {
            throw H2Exception.connection(H2Error.PROTOCOL_ERROR, "header block interrupted");
        }
        switch (reader.type) {
            case FrameType.DATA:
                if (!data(in)) {
                    in.position(at); // no room in its stream's buffer yet
                    c.inputStalled = true;
                    return false;
                }
                return true;
            case FrameType.HEADERS:
                headers(in);
                return true;
            case FrameType.CONTINUATION:
                if (continuationOf == 0) {
                    throw H2Exception.connection(H2Error.PROTOCOL_ERROR, "CONTINUATION without HEADERS");
                }
                appendBlock(in);
                if ((reader.flags & FLAG_END_HEADERS) != 0) {
                    final int id = continuationOf;
                    continuationOf = 0;
                    headerBlock(id, blockFlags);
                }
                return true;
            case FrameType.RST_STREAM:
                rstStream();
                return true;
            case FrameType.SETTINGS:
                settings(in);
                return true;
            case FrameType.PING:
                if ((reader.flags & FLAG_ACK) == 0) {
                    c.sendPingAck(in.getLong(reader.payloadOffset));
                }
                return true;
            case FrameType.GOAWAY:
                c.goAwayReceived = true;
                c.goAway(H2Error.NO_ERROR); // no new stream either way; those under way finish
                return true;
            case FrameType.WINDOW_UPDATE:
                windowUpdate(in);
                return true;
            default:
                return true; // PRIORITY and unknown types: nothing to do
        }
    }

    // ================================================================== HEADERS

    private void headers(final ByteBuffer in) throws H2Exception {
        final int id = reader.streamId;
        if ((id & 1) == 0) {
            throw H2Exception.connection(H2Error.PROTOCOL_ERROR, "HEADERS on even stream " + id);
        }
        if (reader.dependency == id) {
            throw H2Exception.connection(H2Error.PROTOCOL_ERROR, "stream " + id + " depends on itself");
        }
        if ((reader.flags & FLAG_END_HEADERS) != 0) { // the whole block in this frame: decoded where it is
            blockBytes = in.array();
            blockOff = in.arrayOffset() + reader.payloadOffset;
            blockLen = reader.payloadLength;
            headerBlock(id, reader.flags);
            return;
        }
        blockLen = 0;
        appendBlock(in);
        continuationOf = id;
        blockFlags = reader.flags;
    }

    private void appendBlock(final ByteBuffer in) throws H2Exception {
        if (block == null) {
            block = new byte[c.settings.maxHeadSize() * BLOCK_FACTOR];
        }
        blockBytes = block;
        blockOff = 0;
        if (blockLen + reader.payloadLength > block.length) {
            throw H2Exception.connection(H2Error.ENHANCE_YOUR_CALM, "header block over " + block.length + " bytes");
        }
        in.get(reader.payloadOffset, block, blockLen, reader.payloadLength);
        blockLen += reader.payloadLength;
    }

    /** A whole header block for stream {@code id}: a new request, or the trailers of one under way. */
    private void headerBlock(final int id, final int flags) throws H2Exception {
        final boolean endStream = (flags & FLAG_END_STREAM) != 0;
        final H2Stream existing = c.stream(id);
        if (existing != null || id <= c.lastStreamId) {
            trailers(existing, id, endStream);
            return;
        }
        c.lastStreamId = id;
        final H2Stream s = c.newStream();
        final RequestHead rh = c.requestHead;
        rh.begin(s.head, s.head.length);
        final boolean fits = c.decoder.decode(blockBytes, blockOff, blockLen, c.settings.maxHeadSize(), rh);
        if (c.goAwaySent) {
            c.recycle(s); // after our GOAWAY new streams are ignored (section 6.8)
            return;
        }
        if (!fits || !rh.finish(endStream)) {
            c.recycle(s);
            c.sendReset(id, H2Error.PROTOCOL_ERROR);
            return;
        }
        if (c.openStreams >= c.settings.maxConcurrentStreams()) {
            c.recycle(s);
            c.sendReset(id, H2Error.REFUSED_STREAM);
            return;
        }
        s.headLen = rh.length();
        s.headRequest = rh.head;
        s.chunkedBody = rh.chunked;
        s.declaredLength = rh.contentLength;
        c.openStream(s, id, endStream);
    }

    /** A header block on a stream already opened: trailers, which must end it; their fields are dropped. */
    private void trailers(final H2Stream s, final int id, final boolean endStream) throws H2Exception {
        c.decoder.decode(blockBytes, blockOff, blockLen, Integer.MAX_VALUE, IGNORED);
        if (s == null) {
            throw H2Exception.connection(H2Error.STREAM_CLOSED, "HEADERS on closed stream " + id);
        }
        if (s.remoteEnded || s.reset) {
            streamError(id, H2Error.STREAM_CLOSED);
            return;
        }
        if (!endStream) {
            streamError(id, H2Error.PROTOCOL_ERROR);
            return;
        }
        endRemote(s);
    }

    // ================================================================== DATA

    /** The body bytes of a DATA frame into their stream's buffer; false when the buffer has no room for them yet. */
    private boolean data(final ByteBuffer in) throws H2Exception {
        final int id = reader.streamId;
        final H2Stream s = c.stream(id);
        if (s == null || s.reset || s.remoteEnded) {
            if (s == null && id > c.lastStreamId) {
                throw H2Exception.connection(H2Error.PROTOCOL_ERROR, "DATA on idle stream " + id);
            }
            c.creditConnection(reader.flowLength);
            streamError(id, H2Error.STREAM_CLOSED);
            return true;
        }
        if (reader.flowLength > s.recvWindow && c.settingsAcked) {
            c.creditConnection(reader.flowLength);
            streamError(id, H2Error.FLOW_CONTROL_ERROR);
            return true;
        }
        final int n = reader.payloadLength;
        final boolean end = (reader.flags & FLAG_END_STREAM) != 0;
        if (n > 0) {
            if (s.body == null) {
                s.body = c.host().buffers().acquire();
                s.body.flip();
            }
            if (room(s.body) < n) {
                return false;
            }
            final ByteBuffer b = s.body;
            b.compact();
            b.put(in.array(), in.arrayOffset() + reader.payloadOffset, n);
            b.flip();
        }
        s.recvWindow -= reader.flowLength;
        s.receivedLength += n;
        c.creditConnection(reader.flowLength);
        if (s.declaredLength >= 0 && s.receivedLength > s.declaredLength) {
            streamError(id, H2Error.PROTOCOL_ERROR);
            return true;
        }
        if (end) {
            endRemote(s);
        }
        c.wakeIfReady(s);
        return true;
    }

    /** END_STREAM from the client: a body shorter than its content-length is malformed; chunks get their end. */
    private void endRemote(final H2Stream s) {
        if (s.declaredLength >= 0 && s.receivedLength != s.declaredLength) {
            streamError(s.id, H2Error.PROTOCOL_ERROR);
            return;
        }
        s.remoteEnded = true;
        c.streamStateChanged(s);
        c.wakeIfReady(s);
    }

    /**
     * The session read some of {@code s}'s body: the client is granted the room the buffer now has beyond what it
     * may already send, once that is worth a frame (a quarter of the buffer).
     */
    void bodyConsumed(final H2Stream s) {
        if (s.remoteEnded || s.reset || s.body == null) {
            return;
        }
        final int grant = room(s.body) - s.recvWindow;
        if (grant >= s.body.capacity() / 4) {
            s.recvWindow += grant;
            c.sendWindowUpdate(s.id, grant);
        }
    }

    private static int room(final ByteBuffer readMode) {
        return readMode.capacity() - readMode.remaining();
    }


    // ================================================================== control frames

    private void rstStream() throws H2Exception {
        final int id = reader.streamId;
        if (id > c.lastStreamId) {
            throw H2Exception.connection(H2Error.PROTOCOL_ERROR, "RST_STREAM on idle stream " + id);
        }
        final H2Stream s = c.stream(id);
        if (s != null && !s.reset) {
            s.reset = true; // the client's: none goes back
            c.streamStateChanged(s);
            c.wakeIfReady(s);
        }
    }

    private void settings(final ByteBuffer in) throws H2Exception {
        if ((reader.flags & FLAG_ACK) != 0) {
            if (!c.settingsAcked) {
                c.settingsAcked = true;
                // the client now counts our smaller stream window for the streams it opened before
                final int delta = c.settings.streamWindow() - FrameType.DEFAULT_WINDOW;
                for (int i = 0; i < c.attachedCount(); i++) {
                    final H2Stream s = c.attachedAt(i);
                    s.recvWindow += delta;
                    bodyConsumed(s); // what the session already read is granted again
                }
            }
            return;
        }
        final int delta = c.peer.apply(in, reader.payloadOffset, reader.payloadLength);
        if (delta != 0) {
            for (int i = 0; i < c.attachedCount(); i++) {
                final H2Stream s = c.attachedAt(i);
                if ((long) s.sendWindow + delta > FrameType.MAX_WINDOW) {
                    throw H2Exception.connection(H2Error.FLOW_CONTROL_ERROR, "stream window over 2^31-1");
                }
                s.sendWindow += delta;
                c.wakeIfReady(s);
            }
        }
        c.sendSettingsAck();
    }

    private void windowUpdate(final ByteBuffer in) throws H2Exception {
        final int id = reader.streamId;
        final int increment = in.getInt(reader.payloadOffset) & 0x7fffffff;
        if (id == 0) {
            if (increment == 0) {
                throw H2Exception.connection(H2Error.PROTOCOL_ERROR, "WINDOW_UPDATE of 0 on the connection");
            }
            c.connectionWindowUpdate(increment);
            c.schedulePass();
            return;
        }
        if (id > c.lastStreamId) {
            throw H2Exception.connection(H2Error.PROTOCOL_ERROR, "WINDOW_UPDATE on idle stream " + id);
        }
        final H2Stream s = c.stream(id);
        if (s == null || s.reset) {
            return;
        }
        if (increment == 0) {
            streamError(id, H2Error.PROTOCOL_ERROR);
            return;
        }
        if ((long) s.sendWindow + increment > FrameType.MAX_WINDOW) {
            streamError(id, H2Error.FLOW_CONTROL_ERROR);
            return;
        }
        s.sendWindow += increment;
        c.wakeIfReady(s);
    }

    /** A stream error: RST_STREAM, and the stream (if attached) fails for its session. */
    private void streamError(final int id, final int code) {
        final H2Stream s = c.stream(id);
        if (s != null) {
            s.resetStream(code);
        } else {
            c.sendReset(id, code);
        }
    }
}
