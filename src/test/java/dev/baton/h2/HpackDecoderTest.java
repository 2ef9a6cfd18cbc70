package dev.baton.h2;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decoder against the examples of RFC 7541 Appendix C, and against malformed blocks. */
class HpackDecoderTest {
    private static final String DATE_21 = "date: Mon, 21 Oct 2013 20:13:21 GMT";
    private static final String LOCATION = "location: https://www.example.com";

    static byte[] hex(final String s) {
        final String h = s.replace(" ", "");
        final byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static List<String> decode(final HpackDecoder d, final String hexBlock) throws H2Exception {
        final List<String> fields = new ArrayList<>();
        final byte[] b = hex(hexBlock);
        assertTrue(d.decode(b, 0, b.length, 1 << 20, (buf, no, nl, vo, vl) -> fields.add(
            new String(buf, no, nl, StandardCharsets.ISO_8859_1) + ": "
                + new String(buf, vo, vl, StandardCharsets.ISO_8859_1))));
        return fields;
    }

    /** The dynamic table, newest first, as "name: value" lines. */
    static List<String> table(final HpackDecoder d) {
        final HpackDynamicTable t = d.table();
        final List<String> out = new ArrayList<>();
        final byte[] buf = new byte[4096];
        for (int i = 1; i <= t.count(); i++) {
            final int n = t.copyName(i, buf, 0);
            final int v = t.copyValue(i, buf, n);
            out.add(new String(buf, 0, n, StandardCharsets.ISO_8859_1) + ": "
                + new String(buf, n, v, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @Test
    void c2LiteralsAndIndexed() throws H2Exception {
        HpackDecoder d = new HpackDecoder(4096, 16384);
        assertEquals(List.of("custom-key: custom-header"),
            decode(d, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"));
        assertEquals(List.of("custom-key: custom-header"), table(d));
        assertEquals(55, d.table().size());

        d = new HpackDecoder(4096, 16384);
        assertEquals(List.of(":path: /sample/path"), decode(d, "040c 2f73 616d 706c 652f 7061 7468"));
        assertEquals(0, d.table().count());

        d = new HpackDecoder(4096, 16384);
        assertEquals(List.of("password: secret"), decode(d, "1008 7061 7373 776f 7264 0673 6563 7265 74"));
        assertEquals(0, d.table().count());

        d = new HpackDecoder(4096, 16384);
        assertEquals(List.of(":method: GET"), decode(d, "82"));
        assertEquals(0, d.table().count());
    }

    @Test
    void c3RequestsWithoutHuffman() throws H2Exception {
        requests(new String[] {
            "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
            "8286 84be 5808 6e6f 2d63 6163 6865",
            "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65",
        });
    }

    @Test
    void c4RequestsWithHuffman() throws H2Exception {
        requests(new String[] {
            "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
            "8286 84be 5886 a8eb 1064 9cbf",
            "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
        });
    }

    private static void requests(final String[] blocks) throws H2Exception {
        final HpackDecoder d = new HpackDecoder(4096, 16384);
        assertEquals(List.of(":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com"),
            decode(d, blocks[0]));
        assertEquals(List.of(":authority: www.example.com"), table(d));
        assertEquals(57, d.table().size());

        assertEquals(List.of(":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com",
            "cache-control: no-cache"), decode(d, blocks[1]));
        assertEquals(List.of("cache-control: no-cache", ":authority: www.example.com"), table(d));
        assertEquals(110, d.table().size());

        assertEquals(List.of(":method: GET", ":scheme: https", ":path: /index.html",
            ":authority: www.example.com", "custom-key: custom-value"), decode(d, blocks[2]));
        assertEquals(List.of("custom-key: custom-value", "cache-control: no-cache", ":authority: www.example.com"),
            table(d));
        assertEquals(164, d.table().size());
    }

    @Test
    void c5ResponsesWithoutHuffmanEvict() throws H2Exception {
        responses(new String[] {
            "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32"
                + " 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
            "4803 3330 37c1 c0bf",
            "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970"
                + " 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178"
                + " 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31",
        });
    }

    @Test
    void c6ResponsesWithHuffmanEvict() throws H2Exception {
        responses(new String[] {
            "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad"
                + " 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
            "4883 640e ffc1 c0bf",
            "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2"
                + " e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07",
        });
    }

    private static void responses(final String[] blocks) throws H2Exception {
        final HpackDecoder d = new HpackDecoder(256, 16384);
        assertEquals(List.of(":status: 302", "cache-control: private", DATE_21, LOCATION), decode(d, blocks[0]));
        assertEquals(List.of(LOCATION, DATE_21, "cache-control: private", ":status: 302"), table(d));
        assertEquals(222, d.table().size());

        assertEquals(List.of(":status: 307", "cache-control: private", DATE_21, LOCATION), decode(d, blocks[1]));
        assertEquals(List.of(":status: 307", LOCATION, DATE_21, "cache-control: private"), table(d));
        assertEquals(222, d.table().size());

        final String date22 = "date: Mon, 21 Oct 2013 20:13:22 GMT";
        final String cookie = "set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";
        assertEquals(List.of(":status: 200", "cache-control: private", date22, LOCATION, "content-encoding: gzip",
            cookie), decode(d, blocks[2]));
        assertEquals(List.of(cookie, "content-encoding: gzip", date22), table(d));
        assertEquals(215, d.table().size());
    }

    @Test
    void sizeUpdateShrinksAndEvicts() throws H2Exception {
        final HpackDecoder d = new HpackDecoder(4096, 16384);
        decode(d, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572");
        assertEquals(1, d.table().count());
        assertEquals(List.of(":method: GET"), decode(d, "3f15 82")); // size update to 52 (< 55), then a field
        assertEquals(0, d.table().count());
        assertEquals(52, d.table().maxSize());
    }

    @Test
    void malformedBlocksAreCompressionErrors() {
        final String[] bad = {
            "80", // index 0
            "be", // dynamic index 62 with an empty table
            "ff", // truncated integer
            "ff ff ff ff ff 0f", // integer too large
            "40 0a 6375", // string longer than the block
            "40", // literal cut before its name
            "400a 6375 7374 6f6d 2d6b 6579", // literal cut before its value
            "3fe2 1f", // table size update to 4096 + 1 over the announced 4096
            "82 20", // table size update after a field
            "0081 fe", // Huffman padding not all ones
            "0083 ffff ff 00", // 3 Huffman bytes: padding longer than 7 bits
            "0084 ffff fffc 00", // EOS symbol (30 ones) inside a string
        };
        for (final String b : bad) {
            final HpackDecoder d = new HpackDecoder(4096, 16384);
            final byte[] block = hex(b);
            final H2Exception e = assertThrows(H2Exception.class,
                () -> d.decode(block, 0, block.length, 1 << 20, (buf, no, nl, vo, vl) -> { }), b);
            assertEquals(H2Error.COMPRESSION_ERROR, e.code(), b);
            assertTrue(e.isConnectionError(), b);
        }
    }

    @Test
    void oversizedListIsDecodedToItsEndButNotHandedOver() throws H2Exception {
        final HpackDecoder d = new HpackDecoder(4096, 16384);
        final byte[] block = hex("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d");
        final List<String> names = new ArrayList<>();
        // :method GET (42) + :scheme http (43) fit 100; :path / (38) does not
        assertFalse(d.decode(block, 0, block.length, 100, (buf, no, nl, vo, vl) ->
            names.add(new String(buf, no, nl, StandardCharsets.ISO_8859_1))));
        assertEquals(List.of(":method", ":scheme"), names);
        assertEquals(List.of(":authority: www.example.com"), table(d)); // still in step with the encoder
    }

    @Test
    void stringLongerThanScratchIsSkippedAndEmptiesTheTable() throws H2Exception {
        final HpackDecoder d = new HpackDecoder(64, 64);
        decode(d, "4003 6162 6301 78"); // abc: x, indexed
        assertEquals(1, d.table().count());
        final StringBuilder block = new StringBuilder("4003 6162 6350"); // abc: 80 bytes, with indexing
        block.append(" 61".repeat(80));
        final byte[] b = hex(block.toString());
        assertFalse(d.decode(b, 0, b.length, 1 << 20, (buf, no, nl, vo, vl) -> { }));
        assertEquals(0, d.table().count());
    }
}
