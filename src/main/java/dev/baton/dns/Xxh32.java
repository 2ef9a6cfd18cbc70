package dev.baton.dns;

/**
 * The 32-bit xxHash of a byte range (Yann Collet's published algorithm, little-endian lanes). HAProxy 2.6 keys the
 * records of a DNS answer by it (seeded with the record type) and walks them in key order, which decides which
 * record an SRV-fed server takes first; baton computes the same key to walk them in the same order. Pure.
 */
final class Xxh32 {
    private static final int P1 = 0x9E3779B1;
    private static final int P2 = 0x85EBCA77;
    private static final int P3 = 0xC2B2AE3D;
    private static final int P4 = 0x27D4EB2F;
    private static final int P5 = 0x165667B1;

    private Xxh32() {
    }

    static int hash(final byte[] in, final int off, final int len, final int seed) {
        final int end = off + len;
        int p = off;
        int h;
        if (len >= 16) {
            int v1 = seed + P1 + P2;
            int v2 = seed + P2;
            int v3 = seed;
            int v4 = seed - P1;
            final int limit = end - 16;
            while (p <= limit) {
                v1 = round(v1, lane(in, p));
                v2 = round(v2, lane(in, p + 4));
                v3 = round(v3, lane(in, p + 8));
                v4 = round(v4, lane(in, p + 12));
                p += 16;
            }
            h = Integer.rotateLeft(v1, 1) + Integer.rotateLeft(v2, 7) + Integer.rotateLeft(v3, 12)
                + Integer.rotateLeft(v4, 18);
        } else {
            h = seed + P5;
        }
        h += len;
        while (p + 4 <= end) {
            h = Integer.rotateLeft(h + lane(in, p) * P3, 17) * P4;
            p += 4;
        }
        while (p < end) {
            h = Integer.rotateLeft(h + (in[p] & 0xff) * P5, 11) * P1;
            p++;
        }
        h ^= h >>> 15;
        h *= P2;
        h ^= h >>> 13;
        h *= P3;
        h ^= h >>> 16;
        return h;
    }

    private static int round(final int acc, final int lane) {
        return Integer.rotateLeft(acc + lane * P2, 13) * P1;
    }

    private static int lane(final byte[] in, final int p) {
        return (in[p] & 0xff) | (in[p + 1] & 0xff) << 8 | (in[p + 2] & 0xff) << 16 | (in[p + 3] & 0xff) << 24;
    }
}
