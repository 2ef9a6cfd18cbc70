package dev.baton.sample.conv;

import java.nio.ByteBuffer;

/**
 * XXH3 64-bit with a seed (xxHash 0.8's {@code XXH3_64bits_withSeed}), the hash of HAProxy's {@code xxh3} converter,
 * written from the published XXH3 specification: short inputs (0-16, 17-128, 129-240 bytes) are mixed with the
 * default secret and the seed directly; longer ones are accumulated in 64-byte stripes over 1 KiB blocks, with a secret
 * derived from the seed (made once per seed: {@link #Xxh3(long)}). The input is read as little-endian words, whatever
 * the buffer's byte order. Immutable; {@link #hash} allocates nothing and may run on any thread.
 */
final class Xxh3 {
    private static final long P32_1 = 0x9E3779B1L;
    private static final long P32_2 = 0x85EBCA77L;
    private static final long P32_3 = 0xC2B2AE3DL;
    private static final long P64_1 = 0x9E3779B185EBCA87L;
    private static final long P64_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P64_3 = 0x165667B19E3779F9L;
    private static final long P64_4 = 0x85EBCA77C2B2AE63L;
    private static final long P64_5 = 0x27D4EB2F165667C5L;
    private static final long MX1 = 0x165667919E3779F9L;
    private static final long MX2 = 0x9FB21C651E98DF25L;
    private static final int STRIPE = 64;
    private static final int SECRET_SIZE = 192;
    private static final int STRIPES_PER_BLOCK = (SECRET_SIZE - STRIPE) / 8;
    private static final int BLOCK = STRIPE * STRIPES_PER_BLOCK;

    /** The specification's default secret (192 bytes): a constant of the algorithm. */
    private static final ByteBuffer DEFAULT_SECRET = ByteBuffer.wrap(new byte[] {
        (byte) 0xb8, (byte) 0xfe, 0x6c, 0x39, 0x23, (byte) 0xa4, 0x4b, (byte) 0xbe, 0x7c, 0x01, (byte) 0x81, 0x2c,
        (byte) 0xf7, 0x21, (byte) 0xad, 0x1c, (byte) 0xde, (byte) 0xd4, 0x6d, (byte) 0xe9, (byte) 0x83, (byte) 0x90,
        (byte) 0x97, (byte) 0xdb, 0x72, 0x40, (byte) 0xa4, (byte) 0xa4, (byte) 0xb7, (byte) 0xb3, 0x67, 0x1f,
        (byte) 0xcb, 0x79, (byte) 0xe6, 0x4e, (byte) 0xcc, (byte) 0xc0, (byte) 0xe5, 0x78, (byte) 0x82, 0x5a,
        (byte) 0xd0, 0x7d, (byte) 0xcc, (byte) 0xff, 0x72, 0x21, (byte) 0xb8, 0x08, 0x46, 0x74, (byte) 0xf7, 0x43,
        0x24, (byte) 0x8e, (byte) 0xe0, 0x35, (byte) 0x90, (byte) 0xe6, (byte) 0x81, 0x3a, 0x26, 0x4c,
        0x3c, 0x28, 0x52, (byte) 0xbb, (byte) 0x91, (byte) 0xc3, 0x00, (byte) 0xcb, (byte) 0x88, (byte) 0xd0, 0x65,
        (byte) 0x8b, 0x1b, 0x53, 0x2e, (byte) 0xa3, 0x71, 0x64, 0x48, (byte) 0x97, (byte) 0xa2, 0x0d, (byte) 0xf9,
        0x4e, 0x38, 0x19, (byte) 0xef, 0x46, (byte) 0xa9, (byte) 0xde, (byte) 0xac, (byte) 0xd8,
        (byte) 0xa8, (byte) 0xfa, 0x76, 0x3f, (byte) 0xe3, (byte) 0x9c, 0x34, 0x3f, (byte) 0xf9, (byte) 0xdc,
        (byte) 0xbb, (byte) 0xc7, (byte) 0xc7, 0x0b, 0x4f, 0x1d, (byte) 0x8a, 0x51, (byte) 0xe0, 0x4b, (byte) 0xcd,
        (byte) 0xb4, 0x59, 0x31, (byte) 0xc8, (byte) 0x9f, 0x7e, (byte) 0xc9, (byte) 0xd9, 0x78, 0x73, 0x64,
        (byte) 0xea, (byte) 0xc5, (byte) 0xac, (byte) 0x83, 0x34, (byte) 0xd3, (byte) 0xeb, (byte) 0xc3, (byte) 0xc5,
        (byte) 0x81, (byte) 0xa0, (byte) 0xff, (byte) 0xfa, 0x13, 0x63, (byte) 0xeb,
        0x17, 0x0d, (byte) 0xdd, 0x51, (byte) 0xb7, (byte) 0xf0, (byte) 0xda, 0x49, (byte) 0xd3, 0x16, 0x55, 0x26,
        0x29, (byte) 0xd4, 0x68, (byte) 0x9e, 0x2b, 0x16, (byte) 0xbe, 0x58, 0x7d, 0x47, (byte) 0xa1, (byte) 0xfc,
        (byte) 0x8f, (byte) 0xf8, (byte) 0xb8, (byte) 0xd1, 0x7a, (byte) 0xd0, 0x31, (byte) 0xce,
        0x45, (byte) 0xcb, 0x3a, (byte) 0x8f, (byte) 0x95, 0x16, 0x04, 0x28, (byte) 0xaf, (byte) 0xd7, (byte) 0xfb,
        (byte) 0xca, (byte) 0xbb, 0x4b, 0x40, 0x7e});

    private final long seed;
    /** The secret long inputs are hashed with: the default one for seed 0, else derived from the seed. */
    private final ByteBuffer longSecret;

    Xxh3(final long seed) {
        this.seed = seed;
        if (seed == 0) {
            longSecret = DEFAULT_SECRET;
        } else {
            final ByteBuffer s = ByteBuffer.allocate(SECRET_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < SECRET_SIZE; i += 16) {
                s.putLong(i, le64(DEFAULT_SECRET, i) + seed);
                s.putLong(i + 8, le64(DEFAULT_SECRET, i + 8) - seed);
            }
            longSecret = s;
        }
    }

    /** The hash of the {@code len} bytes of {@code in} from {@code off}. */
    long hash(final ByteBuffer in, final int off, final int len) {
        final ByteBuffer k = DEFAULT_SECRET;
        if (len <= 16) {
            return upTo16(in, off, len);
        }
        if (len <= 128) {
            long acc = len * P64_1;
            if (len > 32) {
                if (len > 64) {
                    if (len > 96) {
                        acc += mix16(in, off + 48, k, 96);
                        acc += mix16(in, off + len - 64, k, 112);
                    }
                    acc += mix16(in, off + 32, k, 64);
                    acc += mix16(in, off + len - 48, k, 80);
                }
                acc += mix16(in, off + 16, k, 32);
                acc += mix16(in, off + len - 32, k, 48);
            }
            acc += mix16(in, off, k, 0);
            acc += mix16(in, off + len - 16, k, 16);
            return avalanche(acc);
        }
        if (len <= 240) {
            long acc = len * P64_1;
            final int rounds = len / 16;
            for (int i = 0; i < 8; i++) {
                acc += mix16(in, off + 16 * i, k, 16 * i);
            }
            acc = avalanche(acc);
            for (int i = 8; i < rounds; i++) {
                acc += mix16(in, off + 16 * i, k, 16 * (i - 8) + 3);
            }
            acc += mix16(in, off + len - 16, k, 136 - 17);
            return avalanche(acc);
        }
        return hashLong(in, off, len, longSecret);
    }

    private long upTo16(final ByteBuffer in, final int off, final int len) {
        final ByteBuffer k = DEFAULT_SECRET;
        if (len > 8) {
            final long lo = le64(in, off) ^ ((le64(k, 24) ^ le64(k, 32)) + seed);
            final long hi = le64(in, off + len - 8) ^ ((le64(k, 40) ^ le64(k, 48)) - seed);
            return avalanche(len + Long.reverseBytes(lo) + hi + fold(lo, hi));
        }
        if (len >= 4) {
            final long s = seed ^ ((long) Integer.reverseBytes((int) seed) & 0xffffffffL) << 32;
            final long first = le32(in, off);
            final long last = le32(in, off + len - 4);
            final long keyed = (last + (first << 32)) ^ ((le64(k, 8) ^ le64(k, 16)) - s);
            return rrmxmx(keyed, len);
        }
        if (len > 0) {
            final int c1 = in.get(off) & 0xff;
            final int c2 = in.get(off + (len >> 1)) & 0xff;
            final int c3 = in.get(off + len - 1) & 0xff;
            final long combined = ((long) c1 << 16 | (long) c2 << 24 | c3 | (long) len << 8) & 0xffffffffL;
            return avalanche64(combined ^ ((le32(k, 0) ^ le32(k, 4)) + seed));
        }
        return avalanche64(seed ^ le64(k, 56) ^ le64(k, 64));
    }

    /** Inputs over 240 bytes: 8 accumulators over 64-byte stripes, scrambled after each block. */
    private static long hashLong(final ByteBuffer in, final int off, final int len, final ByteBuffer secret) {
        long a0 = P32_3;
        long a1 = P64_1;
        long a2 = P64_2;
        long a3 = P64_3;
        long a4 = P64_4;
        long a5 = P32_2;
        long a6 = P64_5;
        long a7 = P32_1;
        final int blocks = (len - 1) / BLOCK;
        final int tail = ((len - 1) - BLOCK * blocks) / STRIPE;
        // every full block's stripes (scrambled after each block), the last block's, then the stripe that ends the
        // input, against the secret's end
        final int last = blocks * STRIPES_PER_BLOCK + tail;
        for (int i = 0; i <= last; i++) {
            final int n = i % STRIPES_PER_BLOCK;
            final int p = i == last ? off + len - STRIPE : off + i / STRIPES_PER_BLOCK * BLOCK + n * STRIPE;
            final int s = i == last ? SECRET_SIZE - STRIPE - 7 : n * 8;
            long v;
            long x;
            v = le64(in, p);
            x = v ^ le64(secret, s);
            a1 += v;
            a0 += (x & 0xffffffffL) * (x >>> 32);
            v = le64(in, p + 8);
            x = v ^ le64(secret, s + 8);
            a0 += v;
            a1 += (x & 0xffffffffL) * (x >>> 32);
            v = le64(in, p + 16);
            x = v ^ le64(secret, s + 16);
            a3 += v;
            a2 += (x & 0xffffffffL) * (x >>> 32);
            v = le64(in, p + 24);
            x = v ^ le64(secret, s + 24);
            a2 += v;
            a3 += (x & 0xffffffffL) * (x >>> 32);
            v = le64(in, p + 32);
            x = v ^ le64(secret, s + 32);
            a5 += v;
            a4 += (x & 0xffffffffL) * (x >>> 32);
            v = le64(in, p + 40);
            x = v ^ le64(secret, s + 40);
            a4 += v;
            a5 += (x & 0xffffffffL) * (x >>> 32);
            v = le64(in, p + 48);
            x = v ^ le64(secret, s + 48);
            a7 += v;
            a6 += (x & 0xffffffffL) * (x >>> 32);
            v = le64(in, p + 56);
            x = v ^ le64(secret, s + 56);
            a6 += v;
            a7 += (x & 0xffffffffL) * (x >>> 32);
            if (i != last && n == STRIPES_PER_BLOCK - 1) {
                final int k = SECRET_SIZE - STRIPE;
                a0 = scramble(a0, le64(secret, k));
                a1 = scramble(a1, le64(secret, k + 8));
                a2 = scramble(a2, le64(secret, k + 16));
                a3 = scramble(a3, le64(secret, k + 24));
                a4 = scramble(a4, le64(secret, k + 32));
                a5 = scramble(a5, le64(secret, k + 40));
                a6 = scramble(a6, le64(secret, k + 48));
                a7 = scramble(a7, le64(secret, k + 56));
            }
        }
        final int m = 11;
        long result = len * P64_1;
        result += fold(a0 ^ le64(secret, m), a1 ^ le64(secret, m + 8));
        result += fold(a2 ^ le64(secret, m + 16), a3 ^ le64(secret, m + 24));
        result += fold(a4 ^ le64(secret, m + 32), a5 ^ le64(secret, m + 40));
        result += fold(a6 ^ le64(secret, m + 48), a7 ^ le64(secret, m + 56));
        return avalanche(result);
    }

    private static long scramble(final long acc, final long key) {
        return (acc ^ acc >>> 47 ^ key) * P32_1;
    }

    private long mix16(final ByteBuffer in, final int at, final ByteBuffer k, final int s) {
        return fold(le64(in, at) ^ (le64(k, s) + seed), le64(in, at + 8) ^ (le64(k, s + 8) - seed));
    }

    /** The 128-bit product of two unsigned 64-bit words, its halves xored. */
    private static long fold(final long a, final long b) {
        final long hi = Math.multiplyHigh(a, b) + (a >> 63 & b) + (b >> 63 & a);
        return a * b ^ hi;
    }

    private static long avalanche(final long h) {
        final long x = (h ^ h >>> 37) * MX1;
        return x ^ x >>> 32;
    }

    private static long avalanche64(final long h) {
        long x = (h ^ h >>> 33) * P64_2;
        x = (x ^ x >>> 29) * P64_3;
        return x ^ x >>> 32;
    }

    private static long rrmxmx(final long h, final int len) {
        long x = h ^ (Long.rotateLeft(h, 49) ^ Long.rotateLeft(h, 24));
        x *= MX2;
        x ^= (x >>> 35) + len;
        x *= MX2;
        return x ^ x >>> 28;
    }

    private static long le64(final ByteBuffer b, final int at) {
        return le32(b, at) | le32(b, at + 4) << 32;
    }

    private static long le32(final ByteBuffer b, final int at) {
        return (b.get(at) & 0xffL) | (b.get(at + 1) & 0xffL) << 8 | (b.get(at + 2) & 0xffL) << 16
            | (b.get(at + 3) & 0xffL) << 24;
    }
}
