package dev.baton.sample;

import java.nio.ByteBuffer;

/**
 * HAProxy's variable-length integer, as its SPOP, peers protocol and {@code *.hdrs_bin} fetches write it: below 240
 * one byte; otherwise the low four bits with 0xF0 set, then groups of seven bits, each byte but the last with its
 * high bit set. Stateless.
 */
public final class Varint {
    private Varint() {
    }

    /** Writes {@code v}, taken as unsigned, at {@code b}'s position. */
    public static void write(final ByteBuffer b, final long v) {
        if (Long.compareUnsigned(v, 240) < 0) {
            b.put((byte) v);
            return;
        }
        b.put((byte) (v | 0xF0));
        long rest = (v - 240) >>> 4;
        while (Long.compareUnsigned(rest, 128) >= 0) {
            b.put((byte) (rest | 0x80));
            rest = (rest - 128) >>> 7;
        }
        b.put((byte) rest);
    }
}
