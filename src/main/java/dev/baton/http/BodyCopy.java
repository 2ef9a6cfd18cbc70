package dev.baton.http;

import java.nio.ByteBuffer;

/**
 * Moves one message's body from an input buffer (read mode) to an output buffer (write mode), as far
 * as its framing allows: exactly Content-Length bytes, a chunked body up to and including its last chunk
 * and trailers, or everything until the source closes. Bytes after the body (a pipelined next message)
 * stay in the input. Reactor thread only; one per direction, reset per message; allocation-free.
 */
final class BodyCopy {
    private final ChunkedScanner chunks;
    private BodyFraming framing = BodyFraming.NONE;
    private long remaining;
    private boolean done = true;
    private long moved;
    /** The response compressor that re-encodes this body, or null: the bytes pass unchanged. */
    private ResponseCompressor encoder;

    /** {@code request}: malformed chunked framing reports 400, else 502. */
    BodyCopy(final boolean request) {
        this.chunks = new ChunkedScanner(request);
    }

    void start(final BodyFraming framing, final long contentLength) {
        this.framing = framing;
        this.remaining = Math.max(0, contentLength);
        this.moved = 0;
        chunks.reset();
        encoder = null;
        done = framing == BodyFraming.NONE || (framing == BodyFraming.CONTENT_LENGTH && remaining == 0);
    }

    /**
     * The body just started goes through {@code c} (already started on the same framing) instead of passing
     * unchanged; {@link #copy} then reports what it moves and {@link #isDone()} its end.
     */
    void compressWith(final ResponseCompressor c) {
        encoder = c;
        done = c.isDone();
    }

    /** Whether the compressor has output to make without more input (the body's end, a flush). */
    boolean hasOutputToMake() {
        return encoder != null && !done && encoder.hasOutputToMake();
    }

    /**
     * Copies what framing, input and output room allow. Returns the bytes moved (0 if none), or a
     * negative {@link HttpError} code when a chunked body is malformed.
     */
    int copy(final ByteBuffer in, final ByteBuffer out) {
        if (done) {
            return 0;
        }
        if (encoder != null) {
            final int n = encoder.pump(in, out);
            moved = encoder.moved();
            done = encoder.isDone();
            return n;
        }
        int n = Math.min(in.remaining(), out.remaining());
        if (n == 0) {
            return 0;
        }
        switch (framing) {
            case CONTENT_LENGTH:
                n = (int) Math.min(n, remaining);
                remaining -= n;
                done = remaining == 0;
                break;
            case CHUNKED: {
                final int end = chunks.scan(in, in.position(), in.position() + n);
                if (end < 0) {
                    return end;
                }
                n = end - in.position();
                done = chunks.isDone();
                break;
            }
            case UNTIL_CLOSE:
                break;
            default:
                return 0;
        }
        final int limit = in.limit();
        in.limit(in.position() + n);
        out.put(in);
        in.limit(limit);
        moved += n;
        return n;
    }

    /** The source closed. A close-delimited body ends here; any other unfinished body was truncated. */
    boolean endOfInput() {
        if (framing == BodyFraming.UNTIL_CLOSE) {
            done = true;
        }
        return done;
    }

    boolean isDone() {
        return done;
    }

    BodyFraming framing() {
        return framing;
    }

    long moved() {
        return moved;
    }
}
