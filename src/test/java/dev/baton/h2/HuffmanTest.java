package dev.baton.h2;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Huffman code against RFC 7541's table and its Appendix C strings. */
class HuffmanTest {
    @Test
    void codesAreTheRfcs() {
        assertEquals(0x1ff8, Huffman.code(0));
        assertEquals(13, Huffman.codeLength(0));
        assertEquals(0x0, Huffman.code('0'));
        assertEquals(0x3, Huffman.code('a'));
        assertEquals(0x5c, Huffman.code(':'));
        assertEquals(0x7fff0, Huffman.code('\\'));
        assertEquals(0xfffe6, Huffman.code(128));
        assertEquals(0x3ffffee, Huffman.code(255));
        assertEquals(0x3fffffff, Huffman.code(Huffman.EOS));
        assertEquals(30, Huffman.codeLength(Huffman.EOS));
    }

    @Test
    void encodesTheAppendixCStrings() {
        check("www.example.com", "f1e3 c2e5 f23a 6ba0 ab90 f4ff");
        check("no-cache", "a8eb 1064 9cbf");
        check("custom-key", "25a8 49e9 5ba9 7d7f");
        check("custom-value", "25a8 49e9 5bb8 e8b4 bf");
        check("302", "6402");
        check("private", "aec3 771a 4b");
        check("Mon, 21 Oct 2013 20:13:21 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff");
        check("https://www.example.com", "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3");
    }

    private static void check(final String text, final String hex) {
        final byte[] src = text.getBytes(StandardCharsets.ISO_8859_1);
        final byte[] expected = HpackDecoderTest.hex(hex);
        assertEquals(expected.length, Huffman.encodedLength(src, 0, src.length));
        final byte[] out = new byte[expected.length];
        assertEquals(expected.length, Huffman.encode(src, 0, src.length, out, 0));
        assertArrayEquals(expected, out, text);
        final byte[] back = new byte[src.length];
        assertEquals(src.length, Huffman.decode(expected, 0, expected.length, back, 0, back.length));
        assertArrayEquals(src, back);
        assertEquals(Huffman.TOO_LONG, Huffman.decode(expected, 0, expected.length, back, 0, src.length - 1));
    }

    @Test
    void everyByteRoundTrips() {
        final Random random = new Random(7541);
        for (int round = 0; round < 200; round++) {
            final byte[] src = new byte[random.nextInt(300)];
            random.nextBytes(src);
            final byte[] coded = new byte[Huffman.encodedLength(src, 0, src.length)];
            Huffman.encode(src, 0, src.length, coded, 0);
            final byte[] back = new byte[src.length];
            assertEquals(src.length, Huffman.decode(coded, 0, coded.length, back, 0, back.length));
            assertArrayEquals(src, back);
        }
    }
}
