package dev.baton.backend.balance;

import dev.baton.config.HashFunction;

import java.nio.ByteBuffer;

/**
 * The 32-bit hash functions HAProxy 2.6 balances by ({@code hash-type}: sdbm, djb2, wt6, crc32) and its avalanche
 * step ({@link #fullHash}), written from their definitions so that baton puts a key on the same server. Each
 * reads {@code len} bytes at absolute index {@code from} of a buffer without moving its position: no allocation,
 * no String. The results are HAProxy's unsigned ints held in Java ints. Stateless, any thread.
 */
public final class HashFunctions {
    /** The CRC-32 (IEEE 802.3, reflected polynomial 0xedb88320) of each byte value. */
    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int bit = 0; bit < 8; bit++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
            }
            CRC_TABLE[n] = c;
        }
    }

    private HashFunctions() {
    }

    /** {@code function} over the bytes. */
    public static int hash(final HashFunction function, final ByteBuffer b, final int from, final int len) {
        return switch (function) {
            case SDBM -> sdbm(b, from, len);
            case DJB2 -> djb2(b, from, len);
            case WT6 -> wt6(b, from, len);
            case CRC32 -> crc32(b, from, len);
        };
    }

    /** sdbm: h = c + h * 65599, from 0 (written with shifts, as HAProxy does: 65599 = 2^6 + 2^16 - 1). */
    public static int sdbm(final ByteBuffer b, final int from, final int len) {
        int h = 0;
        for (int i = from, end = from + len; i < end; i++) {
            h = (b.get(i) & 0xff) + (h << 6) + (h << 16) - h;
        }
        return h;
    }

    /** djb2: h = h * 33 + c, from 5381. */
    public static int djb2(final ByteBuffer b, final int from, final int len) {
        int h = 5381;
        for (int i = from, end = from + len; i < end; i++) {
            h = (h << 5) + h + (b.get(i) & 0xff);
        }
        return h;
    }

    /**
     * wt6 (Willy Tarreau's 6-cycle hash): two 32-bit lanes, each byte complemented into both, the lanes rotated
     * and swapped by amounts that the previous step's result chooses; the result is the lanes' xor.
     */
    public static int wt6(final ByteBuffer b, final int from, final int len) {
        int h0 = 0xa53c965a;
        int h1 = 0x5ca6953a;
        int step0 = 6;
        int step1 = 18;
        for (int i = from, end = from + len; i < end; i++) {
            final int c = b.get(i) & 0xff;
            h0 = ~(h0 ^ c);
            h1 = ~(h1 + c);
            final int rotated = Integer.rotateLeft(h1, step0);
            h1 = Integer.rotateLeft(h0, step1);
            h0 = rotated;
            final int t = ((h0 >>> 16) ^ h1) & 0xffff;
            step0 = t & 0x1f;
            step1 = t >>> 11;
        }
        return h0 ^ h1;
    }

    /** The CRC-32 of zlib and Ethernet (initial and final value all ones). */
    public static int crc32(final ByteBuffer b, final int from, final int len) {
        int crc = ~0;
        for (int i = from, end = from + len; i < end; i++) {
            crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ b.get(i)) & 0xff];
        }
        return ~crc;
    }

    /**
     * HAProxy's full_hash: one of Bob Jenkins' integer hashes with full avalanche (each input bit flips each
     * output bit with probability one half), then a multiplication by 3221225473 that spreads consecutive
     * inputs around the 32-bit ring. It places consistent-hashing points and is the {@code avalanche} modifier.
     */
    public static int fullHash(final int input) {
        int a = input;
        a = (a + 0x7ed55d16) + (a << 12);
        a = (a ^ 0xc761c23c) ^ (a >>> 19);
        a = (a + 0x165667b1) + (a << 5);
        a = (a + 0xd3a2646c) ^ (a << 9);
        a = (a + 0xfd7046c5) + (a << 3);
        a = (a ^ 0xb55a4f09) ^ (a >>> 16);
        return a * (int) 3221225473L;
    }
}
