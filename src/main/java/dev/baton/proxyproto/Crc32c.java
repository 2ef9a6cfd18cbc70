package dev.baton.proxyproto;

import java.nio.ByteBuffer;

/**
 * CRC32C (Castagnoli, reflected polynomial 0x82F63B78, initial and final value 0xFFFFFFFF), the checksum of
 * the PROXY v2 {@code PP2_TYPE_CRC32C} TLV, computed over a header held in a buffer with the TLV's own four
 * value bytes taken as zero. Stateless; no allocation.
 */
final class Crc32c {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0x82F63B78 : c >>> 1;
            }
            TABLE[i] = c;
        }
    }

    private Crc32c() {
    }

    /**
     * The CRC32C of bytes {@code [from, to)} of {@code b} (absolute indexes), bytes {@code [zeroFrom, zeroFrom+4)}
     * counted as zero; {@code zeroFrom} -1: none.
     */
    static int of(final ByteBuffer b, final int from, final int to, final int zeroFrom) {
        int crc = 0xFFFFFFFF;
        for (int i = from; i < to; i++) {
            final int v = i >= zeroFrom && i < zeroFrom + 4 ? 0 : b.get(i) & 0xFF;
            crc = (crc >>> 8) ^ TABLE[(crc ^ v) & 0xFF];
        }
        return ~crc;
    }

    /** The CRC32C of {@code b[from, to)}. */
    static int of(final byte[] b, final int from, final int to) {
        int crc = 0xFFFFFFFF;
        for (int i = from; i < to; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ b[i]) & 0xFF];
        }
        return ~crc;
    }
}
