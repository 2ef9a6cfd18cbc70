package dev.baton.h2;

import java.nio.ByteBuffer;

/**
 * Turns the HTTP/1.1 response an {@code HttpSession} writes to its stream into frames: the head (status line and
 * fields, the connection-specific ones dropped) becomes a HEADERS frame (with CONTINUATIONs past the client's frame
 * size), interim 1xx heads too; the body, sized by {@code content-length}, chunked (de-chunked here, trailers
 * dropped) or delimited by the end of output, becomes DATA frames within both flow-control windows, the client's
 * frame size and the room of the connection's output. Bytes are taken only as far as they could be framed, so a
 * closed window shows as a write that took nothing: the session waits for write readiness, and nothing piles up.
 * The head is the exception: it is gathered whole first, then framed when the output has room. One per stream,
 * reused with it; reactor thread only; allocates nothing.
 */
final class ResponseFramer {
    private enum State { HEAD, HEAD_READY, LENGTH, CHUNK_SIZE, CHUNK_EXT, CHUNK_DATA, CHUNK_CRLF, TRAILERS,
        TRAILER_LINE, UNTIL_CLOSE, ENDING, DONE }

    private final H2Stream stream;
    private final byte[] head;
    private int headLen;
    private State state = State.HEAD;
    private long remaining;
    private long chunkSize;
    private int status;

    ResponseFramer(final H2Stream stream, final int maxHeadSize) {
        this.stream = stream;
        this.head = new byte[maxHeadSize];
    }

    void reset() {
        headLen = 0;
        state = State.HEAD;
        remaining = 0;
        chunkSize = 0;
        status = 0;
    }

    /** The final status sent (0 before it). */
    int status() {
        return status;
    }

    /** The whole response was framed, END_STREAM included. */
    boolean done() {
        return state == State.DONE;
    }

    /** Bytes taken, or frames waiting for room: what {@link #flushPending} may move without new input. */
    boolean hasPending() {
        return state == State.HEAD_READY || state == State.ENDING;
    }

    /** Whether a write could make progress now (the session's OP_WRITE readiness). */
    boolean writable() {
        final H2Connection c = stream.conn;
        switch (state) {
            case HEAD:
            case CHUNK_SIZE:
            case CHUNK_EXT:
            case CHUNK_CRLF:
            case TRAILERS:
            case TRAILER_LINE:
            case DONE:
                return true;
            case HEAD_READY:
                return c.outRoom() >= headLen + HpackEncoder.FIELD_OVERHEAD * 2 + 64;
            default:
                return c.outRoom() > FrameType.HEADER_SIZE && stream.sendWindow > 0 && c.sendWindow() > 0;
        }
    }

    /** Takes what it can of {@code src}: the bytes taken. */
    int write(final ByteBuffer src) {
        final int start = src.position();
        while (src.hasRemaining() && step(src)) {
            // step until nothing moves
        }
        return src.position() - start;
    }

    /** Frames what waits for room (a gathered head, an END_STREAM); true if something moved. */
    boolean flushPending() {
        if (state == State.HEAD_READY) {
            return emitHead();
        }
        if (state == State.ENDING) {
            return endStream();
        }
        return false;
    }

    /**
     * The session ends its output ({@code shutdownOutput}, or close): a response delimited by it ends now. True when
     * the response is (or will be, once the output has room) complete; false when it was cut (the caller resets the
     * stream).
     */
    boolean endOfOutput() {
        switch (state) {
            case UNTIL_CLOSE:
                state = State.ENDING;
                endStream();
                return true;
            case ENDING:
            case DONE:
                return true;
            default:
                return false;
        }
    }

    private boolean step(final ByteBuffer src) {
        switch (state) {
            case HEAD:
                return gatherHead(src);
            case HEAD_READY:
                return emitHead();
            case LENGTH: {
                final int n = data(src, (int) Math.min(remaining, Integer.MAX_VALUE), false);
                remaining -= n;
                if (remaining == 0) {
                    state = State.ENDING;
                    endStream();
                }
                return n > 0;
            }
            case UNTIL_CLOSE:
                return data(src, Integer.MAX_VALUE, false) > 0;
            case CHUNK_DATA: {
                final int n = data(src, (int) Math.min(chunkSize, Integer.MAX_VALUE), false);
                chunkSize -= n;
                if (chunkSize == 0) {
                    state = State.CHUNK_CRLF;
                }
                return n > 0;
            }
            case ENDING:
                return endStream();
            case DONE:
                src.position(src.limit()); // nothing may follow a complete response: dropped
                return false;
            default:
                chunkSyntax(src.get());
                return true;
        }
    }

    /** One byte of chunk size line, chunk end or trailer. */
    private void chunkSyntax(final byte b) {
        switch (state) {
            case CHUNK_SIZE:
                final int d = Character.digit(b, 16);
                if (d >= 0) {
                    chunkSize = chunkSize * 16 + d;
                } else if (b == '\n') {
                    chunkLineEnd();
                } else if (b != '\r') {
                    state = State.CHUNK_EXT;
                }
                break;
            case CHUNK_EXT:
                if (b == '\n') {
                    chunkLineEnd();
                }
                break;
            case CHUNK_CRLF:
                if (b == '\n') {
                    state = State.CHUNK_SIZE;
                    chunkSize = 0;
                }
                break;
            case TRAILERS:
                if (b == '\n') {
                    state = State.ENDING;
                    endStream();
                } else if (b != '\r') {
                    state = State.TRAILER_LINE;
                }
                break;
            case TRAILER_LINE:
                if (b == '\n') {
                    state = State.TRAILERS;
                }
                break;
            default:
                break;
        }
    }

    private void chunkLineEnd() {
        state = chunkSize == 0 ? State.TRAILERS : State.CHUNK_DATA;
    }

    private boolean gatherHead(final ByteBuffer src) {
        final int room = head.length - headLen;
        if (room == 0) {
            stream.resetStream(H2Error.INTERNAL_ERROR); // a head larger than a buffer: the session never makes one
            return false;
        }
        final int n = Math.min(room, src.remaining());
        final int at = src.position();
        // take bytes up to the blank line at most, so the body stays in src
        int taken = n;
        boolean complete = false;
        for (int i = 0; i < n; i++) {
            head[headLen + i] = src.get(at + i);
            final int end = headLen + i + 1;
            if (end >= 4 && head[end - 1] == '\n' && head[end - 2] == '\r' && head[end - 3] == '\n'
                && head[end - 4] == '\r') {
                taken = i + 1;
                complete = true;
                break;
            }
        }
        src.position(at + taken);
        headLen += taken;
        if (complete) {
            state = State.HEAD_READY;
            emitHead();
        }
        return true;
    }

    /** Frames the gathered head if the output has room; picks the body's framing. */
    private boolean emitHead() {
        final H2Connection c = stream.conn;
        final ResponseHead parsed = c.responseHead();
        if (!parsed.parse(head, headLen)) {
            stream.resetStream(H2Error.INTERNAL_ERROR);
            return false;
        }
        final int code = parsed.status();
        final boolean interim = code >= 100 && code < 200;
        final boolean noBody = !interim && (stream.headRequest || code == 204 || code == 304
            || parsed.contentLength() == 0);
        if (!writeHeaders(stream, parsed, head, noBody)) {
            return false; // no room yet: HEAD_READY
        }
        headLen = 0;
        if (interim) {
            state = State.HEAD;
            return true;
        }
        status = code;
        if (noBody) {
            state = State.DONE;
            stream.localEnded();
        } else if (parsed.chunked()) {
            state = State.CHUNK_SIZE;
            chunkSize = 0;
        } else if (parsed.contentLength() > 0) {
            state = State.LENGTH;
            remaining = parsed.contentLength();
        } else {
            state = State.UNTIL_CLOSE;
        }
        return true;
    }

    /** Frames a response head (HEADERS, CONTINUATION past the client's frame size); false when there is no room. */
    private static boolean writeHeaders(final H2Stream s, final ResponseHead h, final byte[] head,
                                        final boolean endStream) {
        final H2Connection c = s.conn;
        final ByteBuffer headerScratch = c.encodedHead();
        final ByteBuffer out = c.out();
        if (h.encodedBound() > headerScratch.capacity()) {
            s.resetStream(H2Error.INTERNAL_ERROR);
            return true;
        }
        headerScratch.clear();
        c.encoder.status(headerScratch, h.status());
        for (int i = 0; i < h.count(); i++) {
            c.encoder.field(headerScratch, head, h.nameOff(i), h.nameLen(i), head, h.valueOff(i), h.valueLen(i));
        }
        headerScratch.flip();
        final int size = headerScratch.remaining();
        final int frameMax = c.peer.maxFrameSize;
        final int frameCount = Math.max(1, (size + frameMax - 1) / frameMax);
        if (c.outRoom() < size + frameCount * FrameType.HEADER_SIZE) {
            return false;
        }
        int type = FrameType.HEADERS;
        int flags = endStream ? FrameType.FLAG_END_STREAM : 0;
        do {
            final int n = Math.min(frameMax, headerScratch.remaining());
            final boolean last = n == headerScratch.remaining();
            FrameWriter.header(out, n, type, flags | (last ? FrameType.FLAG_END_HEADERS : 0), s.id);
            final int limit = headerScratch.limit();
            headerScratch.limit(headerScratch.position() + n);
            out.put(headerScratch);
            headerScratch.limit(limit);
            type = FrameType.CONTINUATION;
            flags = 0;
        } while (headerScratch.hasRemaining());
        return true;
    }

    /** Frames up to {@code max} bytes of {@code src} as one DATA frame; the bytes framed. */
    private int data(final ByteBuffer src, final int max, final boolean end) {
        final int n = stream.conn.writeData(stream, src, Math.min(max, src.remaining()), end);
        return Math.max(n, 0);
    }

    /** The empty DATA frame with END_STREAM, when the output has room. */
    private boolean endStream() {
        if (!stream.conn.writeEndStream(stream)) {
            return false;
        }
        state = State.DONE;
        stream.localEnded();
        return true;
    }
}
