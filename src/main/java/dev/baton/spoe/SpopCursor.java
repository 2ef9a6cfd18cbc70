package dev.baton.spoe;

import dev.baton.sample.Sample;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads one SPOP frame in place, from a buffer's bytes {@code [pos, end)}: the header ({@link #frame}), then
 * integers, names and typed data. A read past the end, or a malformed integer, sets {@link #bad} and yields zeros,
 * so that a parser checks once at the end. No allocation but in {@link #text}. One per connection, reactor thread.
 */
public final class SpopCursor {
    private ByteBuffer buf;
    private int pos;
    private int end;
    /** Whether a read went past the frame or met a malformed value. */
    public boolean bad;
    /** The header read by {@link #frame}. */
    public int type;
    public int flags;
    public long streamId;
    public long frameId;
    /** Where the bytes of the last {@link #bytes} read start in the buffer. */
    public int at;
    private final byte[] ipv6 = new byte[16];

    /** Reads {@code length} bytes of {@code b} from {@code from} (absolute positions; the buffer is not moved). */
    public SpopCursor reset(final ByteBuffer b, final int from, final int length) {
        this.buf = b;
        this.pos = from;
        this.end = from + length;
        this.bad = false;
        return this;
    }

    /** Reads the frame header (type, flags, stream and frame ids); false when it is short. */
    public boolean frame() {
        type = u8();
        flags = u32();
        streamId = varint();
        frameId = varint();
        return !bad;
    }

    public ByteBuffer buffer() {
        return buf;
    }

    /** Whether the frame has bytes left. */
    public boolean more() {
        return !bad && pos < end;
    }

    public int u8() {
        if (pos >= end) {
            bad = true;
            return 0;
        }
        return buf.get(pos++) & 0xFF;
    }

    public int u32() {
        if (end - pos < 4) {
            bad = true;
            pos = end;
            return 0;
        }
        final int v = buf.getInt(pos);
        pos += 4;
        return v;
    }

    /** HAProxy's variable-length integer (unsigned). */
    public long varint() {
        long v = u8();
        if (v < 240) {
            return v;
        }
        int shift = 4;
        int b;
        do {
            if (shift > 63) {
                bad = true;
                return 0;
            }
            b = u8();
            v += (long) b << shift;
            shift += 7;
        } while (b >= 128 && !bad);
        return bad ? 0 : v;
    }

    /** A length-prefixed byte string: returns its length, its start in {@link #at}; -1 when it runs past the end. */
    public int bytes() {
        final long n = varint();
        if (bad || n > end - pos) {
            bad = true;
            pos = end;
            return -1;
        }
        at = pos;
        pos += (int) n;
        return (int) n;
    }

    /** Whether the {@code length} bytes at {@code off} are {@code expected}. */
    public boolean equals(final int off, final int length, final byte[] expected) {
        if (length != expected.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buf.get(off + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** The {@code length} bytes at {@code off} as text (handshakes only: it allocates). */
    public String text(final int off, final int length) {
        final byte[] b = new byte[length];
        buf.get(off, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * A typed value into {@code out}: strings and binaries point into this frame's buffer (copy before the buffer is
     * reused). Returns false for NULL and for types baton has no sample for (nothing set in {@code out}); check
     * {@link #bad} for a malformed one.
     */
    public boolean typed(final Sample out) {
        final int t = u8();
        switch (t & 0x0F) {
            case Spop.T_NULL:
                return false;
            case Spop.T_BOOL:
                out.setBool((t & Spop.BOOL_TRUE) != 0);
                return !bad;
            case Spop.T_INT32:
                out.setInt((int) varint());
                return !bad;
            case Spop.T_UINT32:
                out.setInt(varint() & 0xFFFFFFFFL);
                return !bad;
            case Spop.T_INT64:
            case Spop.T_UINT64:
                out.setInt(varint());
                return !bad;
            case Spop.T_IPV4:
                out.setIpv4(u32());
                return !bad;
            case Spop.T_IPV6:
                if (end - pos < 16) {
                    bad = true;
                    return false;
                }
                buf.get(pos, ipv6);
                pos += 16;
                out.setAddress(ipv6);
                return true;
            case Spop.T_STR:
            case Spop.T_BIN: {
                final int n = bytes();
                if (n < 0) {
                    return false;
                }
                if ((t & 0x0F) == Spop.T_STR) {
                    out.setString(buf, at, n);
                } else {
                    out.setBinary(buf, at, n);
                }
                return true;
            }
            default:
                bad = true;
                return false;
        }
    }

    /** Skips a typed value. */
    public void skipTyped(final Sample scratch) {
        typed(scratch);
    }
}
