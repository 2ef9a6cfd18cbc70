package dev.baton.peers;

import java.nio.charset.StandardCharsets;

/**
 * Reads one message body: HAProxy's variable-length integers, 32-bit big-endian integers and byte runs, never past
 * its end; reading past it throws {@link Malformed}. Mutable, reused by its session (peers thread).
 */
final class WireReader {
    /** A message shorter than its content says, or an integer that does not end. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(final String what) {
            super(what, null, false, false);
        }
    }

    private byte[] buf;
    private int pos;
    private int end;

    /** Reads {@code buf[from..to)}. */
    WireReader reset(final byte[] b, final int from, final int to) {
        this.buf = b;
        this.pos = from;
        this.end = to;
        return this;
    }

    boolean atEnd() {
        return pos >= end;
    }

    int position() {
        return pos;
    }

    int end() {
        return end;
    }

    /** HAProxy's variable-length unsigned integer. */
    long varint() throws Malformed {
        if (pos >= end) {
            throw new Malformed("truncated integer");
        }
        long v = buf[pos++] & 0xFF;
        if (v >= 240) {
            int shift = 4;
            int b;
            do {
                if (pos >= end || shift > 63) {
                    throw new Malformed("truncated integer");
                }
                b = buf[pos++] & 0xFF;
                v += (long) b << shift;
                shift += 7;
            } while (b >= 128);
        }
        return v;
    }

    /** A 32-bit big-endian integer, unsigned. */
    long u32() throws Malformed {
        need(4);
        final long v = (buf[pos] & 0xFFL) << 24 | (buf[pos + 1] & 0xFFL) << 16 | (buf[pos + 2] & 0xFFL) << 8
            | buf[pos + 3] & 0xFFL;
        pos += 4;
        return v;
    }

    /** The next {@code n} bytes, copied. */
    byte[] bytes(final int n) throws Malformed {
        need(n);
        final byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** The next {@code n} bytes as ISO-8859-1 text (names and server keys are ASCII). */
    String text(final int n) throws Malformed {
        need(n);
        final String s = new String(buf, pos, n, StandardCharsets.ISO_8859_1);
        pos += n;
        return s;
    }

    void skip(final int n) throws Malformed {
        need(n);
        pos += n;
    }

    private void need(final int n) throws Malformed {
        if (n < 0 || end - pos < n) {
            throw new Malformed("truncated message");
        }
    }
}
