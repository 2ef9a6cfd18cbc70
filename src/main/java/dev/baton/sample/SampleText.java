package dev.baton.sample;

import java.nio.ByteBuffer;

/**
 * Allocation-free text conversions of samples: integers read and written in decimal, addresses parsed from their
 * text. Stateless.
 */
public final class SampleText {
    /** What {@link #parseLong} returns for text that is not a number. */
    public static final long NOT_A_NUMBER = Long.MIN_VALUE;

    private SampleText() {
    }

    /**
     * The integer at the start of the text, HAProxy's string-to-integer cast: an optional sign then decimal digits,
     * anything after them ignored; {@link #NOT_A_NUMBER} when there is no digit.
     */
    public static long parseLong(final ByteBuffer b, final int off, final int len) {
        int i = off;
        final int end = off + len;
        boolean negative = false;
        if (i < end && (b.get(i) == '-' || b.get(i) == '+')) {
            negative = b.get(i) == '-';
            i++;
        }
        final int digits = i;
        long value = 0;
        while (i < end && b.get(i) >= '0' && b.get(i) <= '9') {
            value = value * 10 + (b.get(i) - '0');
            i++;
        }
        if (i == digits) {
            return NOT_A_NUMBER;
        }
        return negative ? -value : value;
    }

    /** Writes {@code v} in decimal at {@code out}'s position. */
    public static void putLong(final ByteBuffer out, final long v) {
        if (v == Long.MIN_VALUE) {
            final String s = "-9223372036854775808";
            for (int i = 0; i < s.length(); i++) {
                out.put((byte) s.charAt(i));
            }
            return;
        }
        long n = v;
        if (n < 0) {
            out.put((byte) '-');
            n = -n;
        }
        final int start = out.position();
        do {
            out.put((byte) ('0' + n % 10));
            n /= 10;
        } while (n != 0);
        for (int a = start, z = out.position() - 1; a < z; a++, z--) {
            final byte t = out.get(a);
            out.put(a, out.get(z));
            out.put(z, t);
        }
    }

    /** Parses a dotted quad into {@code out} (4 bytes); false when it is not exactly one. */
    public static boolean parseIpv4(final ByteBuffer b, final int off, final int len, final byte[] out) {
        return parseIpv4(b, off, len, out, 0);
    }

    /** {@link #parseIpv4} writing at {@code out[at..at+4)}. */
    private static boolean parseIpv4(final ByteBuffer b, final int off, final int len, final byte[] out, final int at) {
        int part = 0;
        int value = -1;
        for (int i = off; i < off + len; i++) {
            final byte c = b.get(i);
            if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return false;
                }
            } else if (c == '.' && value >= 0 && part < 3) {
                out[at + part++] = (byte) value;
                value = -1;
            } else {
                return false;
            }
        }
        if (part != 3 || value < 0) {
            return false;
        }
        out[at + 3] = (byte) value;
        return true;
    }

    /** Parses an IPv6 address (with {@code ::} and an optional dotted-quad tail) into {@code out} (16 bytes). */
    public static boolean parseIpv6(final ByteBuffer b, final int off, final int len, final byte[] out) {
        final int end = off + len;
        int group = 0;
        int gap = -1;
        int i = off;
        if (len >= 2 && b.get(i) == ':' && b.get(i + 1) == ':') {
            gap = 0;
            i += 2;
        } else if (len == 0 || b.get(i) == ':') {
            return false;
        }
        while (i < end) {
            if (group >= 8) {
                return false;
            }
            int j = i;
            int value = 0;
            boolean dot = false;
            while (j < end && b.get(j) != ':') {
                if (b.get(j) == '.') {
                    dot = true;
                }
                j++;
            }
            if (dot) {
                if (j != end || group > 6) {
                    return false;
                }
                if (!parseIpv4(b, i, j - i, out, group * 2)) {
                    return false;
                }
                group += 2;
                i = j;
                break;
            }
            if (j == i || j - i > 4) {
                return false;
            }
            for (int k = i; k < j; k++) {
                final int d = Character.digit(b.get(k), 16);
                if (d < 0) {
                    return false;
                }
                value = value << 4 | d;
            }
            out[group * 2] = (byte) (value >>> 8);
            out[group * 2 + 1] = (byte) value;
            group++;
            i = j;
            if (i < end) {
                i++;
                if (i < end && b.get(i) == ':') {
                    if (gap >= 0) {
                        return false;
                    }
                    gap = group;
                    i++;
                } else if (i == end) {
                    return false;
                }
            }
        }
        if (gap < 0) {
            return group == 8;
        }
        if (group > 7) {
            return false;
        }
        final int tail = group - gap;
        System.arraycopy(out, gap * 2, out, 16 - tail * 2, tail * 2);
        java.util.Arrays.fill(out, gap * 2, 16 - tail * 2, (byte) 0);
        return true;
    }
}
