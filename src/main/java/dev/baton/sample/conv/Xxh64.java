package dev.baton.sample.conv;

import java.nio.ByteBuffer;

/**
 * The 64-bit XXH64 hash (xxHash's original 64-bit function), as HAProxy computes dynamic cookies with it and as its
 * {@code xxh64([SEED])} converter gives it. Stateless; reads the input with absolute gets; allocation-free.
 */
public final class Xxh64 {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private Xxh64() {
    }

    /** XXH64 of {@code in[off..off+len)} with {@code seed}. */
    public static long hash(final ByteBuffer in, final int off, final int len, final long seed) {
        final int end = off + len;
        int p = off;
        long h;
        if (len >= 32) {
            long v1 = seed + P1 + P2;
            long v2 = seed + P2;
            long v3 = seed;
            long v4 = seed - P1;
            for (; p + 32 <= end; p += 32) {
                v1 = round(v1, le64(in, p));
                v2 = round(v2, le64(in, p + 8));
                v3 = round(v3, le64(in, p + 16));
                v4 = round(v4, le64(in, p + 24));
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = seed + P5;
        }
        h += len;
        for (; p + 8 <= end; p += 8) {
            h ^= round(0, le64(in, p));
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        if (p + 4 <= end) {
            h ^= (le32(in, p) & 0xffffffffL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            p += 4;
        }
        for (; p < end; p++) {
            h ^= (in.get(p) & 0xffL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    private static long round(final long acc, final long input) {
        return Long.rotateLeft(acc + input * P2, 31) * P1;
    }

    private static long merge(final long acc, final long v) {
        return (acc ^ round(0, v)) * P1 + P4;
    }

    private static long le64(final ByteBuffer b, final int i) {
        return le32(b, i) & 0xffffffffL | (long) le32(b, i + 4) << 32;
    }

    private static int le32(final ByteBuffer b, final int i) {
        return b.get(i) & 0xff | (b.get(i + 1) & 0xff) << 8 | (b.get(i + 2) & 0xff) << 16 | (b.get(i + 3) & 0xff) << 24;
    }
}
