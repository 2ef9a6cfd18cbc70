package dev.baton.http;

import dev.baton.http.text.Ascii;

import java.nio.ByteBuffer;

/**
 * Follows a chunked body (RFC 9112 §7.1) as its bytes pass through the proxy unchanged, to find where it
 * ends. One per connection side, reused per message ({@link #reset()}). Owner thread only; no allocation.
 *
 * <p>The state persists across {@link #scan} calls, so every piece of framing may be split anywhere, down
 * to one byte per call. Chunk data is skipped, not read. Because the bytes are forwarded as they are, the
 * framing is held to the strict grammar, to leave no room for a next hop to read it differently
 * (request smuggling): every line ends with CRLF (a bare LF or CR is refused, unlike in heads), a chunk size
 * is hex digits only (at most 2^62), optionally followed by spaces/tabs and {@code ;extensions} free of
 * CTLs other than HTAB, and trailer fields are {@code token ":" value} lines without obs-fold or CTLs.
 */
public final class ChunkedScanner {
    /** The largest accepted chunk size, as HAProxy. */
    static final long MAX_CHUNK_SIZE = 1L << 62;

    private static final int SIZE_FIRST = 0;
    private static final int SIZE = 1;
    private static final int SIZE_WS = 2;
    private static final int EXTENSION = 3;
    private static final int SIZE_LF = 4;
    private static final int DATA = 5;
    private static final int DATA_CR = 6;
    private static final int DATA_LF = 7;
    private static final int TRAILER_START = 8;
    private static final int TRAILER_NAME = 9;
    private static final int TRAILER_VALUE = 10;
    private static final int TRAILER_LF = 11;
    private static final int END_LF = 12;
    private static final int DONE = 13;
    private static final int FAILED = 14;

    private final int error;
    private int state;
    private long size;

    /** A scanner for request bodies ({@code request}: errors are 400) or response bodies (errors are 502). */
    public ChunkedScanner(final boolean request) {
        this.error = HttpError.bad(request);
        reset();
    }

    /** Prepares for the next chunked body. */
    public void reset() {
        state = SIZE_FIRST;
        size = 0;
    }

    /**
     * Scans {@code buf[from, to)} (absolute indexes, {@code from <= to <= buf.limit()}; the position is neither
     * used nor moved) and returns the index just past the last byte that belongs to this body: {@code to}
     * while the body goes on, less once its end is in range, {@code from} when it had already ended. Then
     * {@link #isDone()}. On malformed framing, a negative {@link HttpError} code, again on every later call
     * until {@link #reset()}.
     */
    public int scan(final ByteBuffer buf, final int from, final int to) {
        int i = from;
        while (i < to) {
            switch (state) {
                case DATA: {
                    final long skip = Math.min(size, to - i);
                    i += (int) skip;
                    size -= skip;
                    if (size == 0) {
                        state = DATA_CR;
                    }
                    continue;
                }
                case DONE:
                    return i;
                case FAILED:
                    return error;
                default:
                    state = next(state, buf.get(i));
                    i++;
                    if (state == DONE) {
                        return i;
                    }
            }
        }
        return state == FAILED ? error : i;
    }

    /**
     * For a reader that takes the chunk data out itself (the compressor): scans {@code buf[from, to)} like
     * {@link #scan} but stops where chunk data starts ({@link #inData()}) or where the last chunk's line ended
     * ({@link #inTrailers()}), without passing over data. Returns the index where it stopped, or a negative
     * {@link HttpError} code.
     */
    public int scanFraming(final ByteBuffer buf, final int from, final int to) {
        int i = from;
        while (i < to && state != DATA && !inTrailers()) {
            if (state == FAILED) {
                return error;
            }
            state = next(state, buf.get(i));
            i++;
        }
        return state == FAILED ? error : i;
    }

    /** Whether the scanner stands in chunk data, {@link #dataLeft()} bytes of it to go. */
    public boolean inData() {
        return state == DATA;
    }

    public long dataLeft() {
        return state == DATA ? size : 0;
    }

    /** Passes over {@code n} bytes ({@code 0 < n <= dataLeft()}) of chunk data read by the caller. */
    public void skipData(final long n) {
        size -= n;
        if (size == 0) {
            state = DATA_CR;
        }
    }

    /** Whether the last chunk was read: what is left is the trailer section (possibly already scanned). */
    public boolean inTrailers() {
        return state >= TRAILER_START && state <= DONE;
    }

    /** Whether the last chunk and the trailer section have been scanned completely. */
    public boolean isDone() {
        return state == DONE;
    }

    /** The state after byte {@code b} in every state but DATA, DONE and FAILED. */
    private int next(final int current, final byte b) {
        switch (current) {
            case SIZE_FIRST:
            case SIZE: {
                final int digit = Ascii.hexValue(b);
                if (digit >= 0) {
                    if (size > MAX_CHUNK_SIZE >> 4) {
                        return FAILED;
                    }
                    size = size << 4 | digit;
                    return size > MAX_CHUNK_SIZE ? FAILED : SIZE;
                }
                return current == SIZE ? afterSize(b) : FAILED;
            }
            case SIZE_WS:
                return afterSize(b);
            case EXTENSION:
                if (b == Ascii.CR) {
                    return SIZE_LF;
                }
                return Ascii.isFieldByte(b) ? EXTENSION : FAILED;
            case SIZE_LF:
                if (b != Ascii.LF) {
                    return FAILED;
                }
                return size == 0 ? TRAILER_START : DATA;
            case DATA_CR:
                return b == Ascii.CR ? DATA_LF : FAILED;
            case DATA_LF:
                return b == Ascii.LF ? SIZE_FIRST : FAILED;
            case TRAILER_START:
                if (b == Ascii.CR) {
                    return END_LF;
                }
                return Ascii.isTchar(b) ? TRAILER_NAME : FAILED;
            case TRAILER_NAME:
                if (b == ':') {
                    return TRAILER_VALUE;
                }
                return Ascii.isTchar(b) ? TRAILER_NAME : FAILED;
            case TRAILER_VALUE:
                if (b == Ascii.CR) {
                    return TRAILER_LF;
                }
                return Ascii.isFieldByte(b) ? TRAILER_VALUE : FAILED;
            case TRAILER_LF:
                return b == Ascii.LF ? TRAILER_START : FAILED;
            case END_LF:
                return b == Ascii.LF ? DONE : FAILED;
            default:
                return FAILED;
        }
    }

    /** After the size's digits: BWS, an extension or the CR. */
    private static int afterSize(final byte b) {
        if (Ascii.isOws(b)) {
            return SIZE_WS;
        }
        if (b == ';') {
            return EXTENSION;
        }
        return b == Ascii.CR ? SIZE_LF : FAILED;
    }
}
