package dev.baton.backend.balance;

import dev.baton.config.HashFunction;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hash functions against vectors computed from HAProxy's definitions with arbitrary-precision arithmetic
 * (sdbm: h = c + 65599 h; djb2: h = 33 h + c from 5381; wt6 and full_hash step by step; all mod 2^32), a few of
 * them checked against HAProxy 2.6's own converters ({@code str(abc),sdbm} ...), and CRC-32 against the JDK's.
 */
class HashFunctionsTest {
    private static final String FOX = "The quick brown fox jumps over the lazy dog";

    private static ByteBuffer bytes(final String text) {
        // a view that starts past other bytes, to check that the functions honour from and len
        final byte[] raw = ("xx" + text + "yy").getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.wrap(raw);
    }

    private static int hash(final HashFunction f, final String text) {
        return HashFunctions.hash(f, bytes(text), 2, text.length());
    }

    @Test
    void sdbm() {
        assertEquals(0, hash(HashFunction.SDBM, ""));
        assertEquals(0x61, hash(HashFunction.SDBM, "a"));
        assertEquals(807794786, hash(HashFunction.SDBM, "abc")); // HAProxy: str(abc),sdbm
        assertEquals(0x33242976, hash(HashFunction.SDBM, "/index.html"));
        assertEquals(0x8ca77173, hash(HashFunction.SDBM, FOX));
    }

    @Test
    void djb2() {
        assertEquals(5381, hash(HashFunction.DJB2, ""));
        assertEquals(0x2b606, hash(HashFunction.DJB2, "a"));
        assertEquals(193485963, hash(HashFunction.DJB2, "abc")); // HAProxy: str(abc),djb2
        assertEquals(0xe114b9cf, hash(HashFunction.DJB2, "/index.html"));
        assertEquals(0x34cc38de, hash(HashFunction.DJB2, FOX));
    }

    @Test
    void wt6() {
        assertEquals(0xf99a0360, hash(HashFunction.WT6, ""));
        assertEquals(1900802597, hash(HashFunction.WT6, "a")); // HAProxy: str(a),wt6
        assertEquals((int) 2483038440L, hash(HashFunction.WT6, "abc")); // HAProxy: str(abc),wt6
        assertEquals(822151038, hash(HashFunction.WT6, "/index.html")); // HAProxy: str(/index.html),wt6
        assertEquals(0xe4e7b045, hash(HashFunction.WT6, FOX));
    }

    @Test
    void crc32IsTheCrcOfZlib() {
        assertEquals(0, hash(HashFunction.CRC32, ""));
        assertEquals(891568578, hash(HashFunction.CRC32, "abc")); // HAProxy: str(abc),crc32
        for (final String text : new String[] {"a", "/index.html", FOX, "\u00ff\u0080\u0000"}) {
            final CRC32 crc = new CRC32();
            crc.update(text.getBytes(StandardCharsets.ISO_8859_1));
            assertEquals((int) crc.getValue(), hash(HashFunction.CRC32, text), text);
        }
    }

    @Test
    void fullHash() {
        assertEquals(0xab4ed927, HashFunctions.fullHash(0));
        assertEquals(0x348681b6, HashFunctions.fullHash(1));
        assertEquals(0x49c2008b, HashFunctions.fullHash(4096));
        assertEquals(0x8a1b584b, HashFunctions.fullHash(0x7f000001));
        assertEquals(0x7e64c182, HashFunctions.fullHash(0xffffffff));
        assertEquals(659243622, HashFunctions.fullHash(hash(HashFunction.SDBM, "abc"))); // HAProxy: sdbm(1)
    }

    @Test
    void theBufferPositionDoesNotMove() {
        final ByteBuffer b = bytes("abc");
        b.position(1);
        HashFunctions.wt6(b, 2, 3);
        assertEquals(1, b.position());
    }
}
