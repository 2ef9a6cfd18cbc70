package dev.baton.h2;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The encoder of response heads, read back by the decoder, and its exact bytes where RFC 7541 fixes them. */
class HpackEncoderTest {
    @Test
    void statusIsIndexedWhenTheStaticTableHasIt() {
        final ByteBuffer b = ByteBuffer.allocate(16);
        new HpackEncoder(false).status(b, 200);
        assertArrayEquals(new byte[] {(byte) 0x88}, bytes(b));
        b.clear();
        new HpackEncoder(false).status(b, 302);
        assertArrayEquals(HpackDecoderTest.hex("0803 3330 32"), bytes(b));
    }

    @Test
    void fieldsUseStaticNamesLowerCaseAndLongLengths() throws H2Exception {
        for (final boolean huffman : new boolean[] {false, true}) {
            final HpackEncoder enc = new HpackEncoder(huffman);
            final ByteBuffer b = ByteBuffer.allocate(4096);
            enc.status(b, 503);
            put(enc, b, "Content-Type", "text/html");
            put(enc, b, "X-Custom-Header", "v".repeat(300));
            put(enc, b, "Set-Cookie", "a=b; path=/");
            final byte[] block = bytes(b);
            final List<String> fields = new ArrayList<>();
            final HpackDecoder dec = new HpackDecoder(4096, 16384);
            assertTrue(dec.decode(block, 0, block.length, 1 << 20, (buf, no, nl, vo, vl) -> fields.add(
                new String(buf, no, nl, StandardCharsets.ISO_8859_1) + ": "
                    + new String(buf, vo, vl, StandardCharsets.ISO_8859_1))));
            assertEquals(List.of(":status: 503", "content-type: text/html", "x-custom-header: " + "v".repeat(300),
                "set-cookie: a=b; path=/"), fields);
            assertEquals(0, dec.table().count(), "literals without indexing leave the table alone");
        }
        final ByteBuffer b = ByteBuffer.allocate(64);
        put(new HpackEncoder(false), b, "Content-Type", "x");
        assertArrayEquals(HpackDecoderTest.hex("0f10 0178"), bytes(b)); // name index 31 over a 4-bit prefix
    }

    private static void put(final HpackEncoder enc, final ByteBuffer b, final String name, final String value) {
        final byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        final byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        enc.field(b, n, 0, n.length, v, 0, v.length);
    }

    private static byte[] bytes(final ByteBuffer b) {
        final byte[] out = new byte[b.position()];
        b.flip();
        b.get(out);
        b.clear();
        return out;
    }
}
