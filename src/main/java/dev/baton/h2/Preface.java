package dev.baton.h2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The client connection preface of HTTP/2 (RFC 9113 section 3.4), and its detection on a clear-text connection
 * whose client speaks HTTP/2 with prior knowledge. Stateless; any thread; allocates nothing.
 */
public final class Preface {
    static final byte[] BYTES = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** {@link #of}: the input is no HTTP/2 preface. */
    public static final int NONE = -1;
    /** {@link #of}: what came so far begins the preface; wait for the rest. */
    public static final int BEGUN = 0;
    /** {@link #of}: the input begins with the whole preface. */
    public static final int WHOLE = 1;

    private Preface() {
    }

    /**
     * Whether read-mode {@code in} (the first bytes a client sent) holds the preface. An HTTP/1 request is told
     * apart by its first two bytes at most.
     */
    public static int of(final ByteBuffer in) {
        final int n = Math.min(in.remaining(), BYTES.length);
        for (int i = 0; i < n; i++) {
            if (in.get(in.position() + i) != BYTES[i]) {
                return NONE;
            }
        }
        return n == BYTES.length ? WHOLE : BEGUN;
    }
}
