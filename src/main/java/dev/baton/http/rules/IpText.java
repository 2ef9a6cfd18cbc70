package dev.baton.http.rules;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Addresses as text, the way {@code inet_ntop} (and so HAProxy's {@code %[src]}) writes them: dotted quad
 * for IPv4; for IPv6 lower-case hex groups without leading zeros, the longest run of two or more zero
 * groups (the first of equal runs) shortened to {@code ::}, and an IPv4-mapped or IPv4-compatible address
 * ending in its dotted quad ({@code ::ffff:10.0.0.1}).
 */
public final class IpText {
    /** The longest text, eight full groups: {@code ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff}. */
    public static final int MAX_LENGTH = 39;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private IpText() {
    }

    /**
     * Writes {@code address} (4 or 16 bytes) at {@code out}'s position and returns the count written, or -1,
     * with nothing written, when fewer than {@link #MAX_LENGTH} bytes remain. Allocation-free.
     */
    public static int write(final byte[] address, final ByteBuffer out) {
        if (out.remaining() < MAX_LENGTH) {
            return -1;
        }
        final int start = out.position();
        if (address.length == 4) {
            dottedQuad(address, 0, out);
        } else {
            ipv6(address, out);
        }
        return out.position() - start;
    }

    public static String toString(final byte[] address) {
        final ByteBuffer out = ByteBuffer.allocate(MAX_LENGTH);
        write(address, out);
        return new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII);
    }

    private static void ipv6(final byte[] a, final ByteBuffer out) {
        int bestStart = -1;
        int bestLength = 0;
        for (int g = 0; g < 8; ) {
            if (group(a, g) != 0) {
                g++;
                continue;
            }
            int end = g;
            while (end < 8 && group(a, end) == 0) {
                end++;
            }
            if (end - g > bestLength) {
                bestStart = g;
                bestLength = end - g;
            }
            g = end;
        }
        if (bestLength < 2) {
            bestStart = -1;
        }
        for (int g = 0; g < 8; g++) {
            if (bestStart >= 0 && g >= bestStart && g < bestStart + bestLength) {
                if (g == bestStart) {
                    out.put((byte) ':');
                }
                continue;
            }
            if (g > 0) {
                out.put((byte) ':');
            }
            // inet_ntop: ::a.b.c.d (compatible) and ::ffff:a.b.c.d (mapped) end in a dotted quad
            if (g == 6 && bestStart == 0 && (bestLength == 6 || (bestLength == 5 && group(a, 5) == 0xffff))) {
                dottedQuad(a, 12, out);
                return;
            }
            hex(group(a, g), out);
        }
        if (bestStart >= 0 && bestStart + bestLength == 8) {
            out.put((byte) ':');
        }
    }

    private static int group(final byte[] a, final int g) {
        return (a[2 * g] & 0xff) << 8 | (a[2 * g + 1] & 0xff);
    }

    private static void hex(final int value, final ByteBuffer out) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            final int digit = value >>> shift & 0xf;
            if (started || digit != 0 || shift == 0) {
                out.put(HEX[digit]);
                started = true;
            }
        }
    }

    private static void dottedQuad(final byte[] a, final int from, final ByteBuffer out) {
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                out.put((byte) '.');
            }
            final int v = a[from + i] & 0xff;
            if (v >= 100) {
                out.put((byte) ('0' + v / 100));
            }
            if (v >= 10) {
                out.put((byte) ('0' + v / 10 % 10));
            }
            out.put((byte) ('0' + v % 10));
        }
    }
}
