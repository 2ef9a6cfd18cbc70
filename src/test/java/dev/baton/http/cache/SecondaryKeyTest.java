package dev.baton.http.cache;

import dev.baton.http.HeadParser;
import dev.baton.http.HttpHead;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code process-vary on}'s secondary keys, as HAProxy 2.6 builds and compares them. */
class SecondaryKeyTest {
    private static HttpHead head(final boolean request, final String text) {
        final HttpHead h = new HttpHead();
        final int r = new HeadParser(request, 8192).parse(
            ByteBuffer.wrap((text + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)), h);
        assertTrue(r > 0, text);
        return h;
    }

    private static byte[] request(final String headers) {
        final byte[] key = new byte[SecondaryKey.LENGTH];
        assertTrue(SecondaryKey.build(head(true, "GET / HTTP/1.1" + headers), SecondaryKey.ALL, key));
        return key;
    }

    private static byte[] stored(final String contentEncoding, final String referer) {
        final byte[] key = request(referer);
        SecondaryKey.reduce(SecondaryKey.ACCEPT_ENCODING | SecondaryKey.REFERER, key);
        assertTrue(SecondaryKey.responseEncoding(head(false, "HTTP/1.1 200 OK" + contentEncoding), key));
        return key;
    }

    @Test
    void theKeyIsTheAcceptedEncodingsThenTheReferersCrc() {
        assertEquals("06010000" + "00000000", SecondaryKey.hex(request("\r\nAccept-Encoding: deflate, BR")),
            "deflate, br and identity, little-endian; no Referer");
        assertEquals("ffffffff", SecondaryKey.hex(request("")).substring(0, 8), "no Accept-Encoding: anything");
        assertEquals("fbffffff", SecondaryKey.hex(request("\r\nAccept-Encoding: *, br;q=0")).substring(0, 8));
        assertEquals("00050000", SecondaryKey.hex(request("\r\nAccept-Encoding: foo")).substring(0, 8),
            "an unknown encoding: other");
        final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("http://a/".getBytes(StandardCharsets.US_ASCII));
        final long v = crc.getValue();
        assertEquals(String.format("%02x%02x%02x%02x", v & 0xff, v >> 8 & 0xff, v >> 16 & 0xff, v >> 24 & 0xff),
            SecondaryKey.hex(request("\r\nReferer: http://a/")).substring(8));
        final StringBuilder many = new StringBuilder("\r\nAccept-Encoding: gzip");
        for (int i = 0; i < 15; i++) {
            many.append(", br");
        }
        assertFalse(SecondaryKey.build(head(true, "GET / HTTP/1.1" + many), SecondaryKey.ALL,
            new byte[SecondaryKey.LENGTH]), "16 values: no key, as HAProxy");
    }

    @Test
    void anObjectIsGivenToRequestsThatAcceptItsEncodings() {
        final byte[] br = stored("\r\nContent-Encoding: br", "");
        assertTrue(SecondaryKey.matches(br, request("\r\nAccept-Encoding: gzip, br")));
        assertTrue(SecondaryKey.matches(br, request("")));
        assertFalse(SecondaryKey.matches(br, request("\r\nAccept-Encoding: gzip")));
        assertFalse(SecondaryKey.matches(br, request("\r\nAccept-Encoding: br;q=0")));
        final byte[] identity = stored("", "\r\nReferer: x");
        assertTrue(SecondaryKey.matches(identity, request("\r\nAccept-Encoding: gzip\r\nReferer: x")));
        assertFalse(SecondaryKey.matches(identity, request("\r\nReferer: y")));
        assertFalse(SecondaryKey.responseEncoding(head(false, "HTTP/1.1 200 OK\r\nContent-Encoding: foo"),
            new byte[SecondaryKey.LENGTH]), "an unknown encoding is not stored");
    }

    @Test
    void onlyAcceptEncodingAndRefererAreManaged() {
        assertEquals(3, SecondaryKey.signature(head(false, "HTTP/1.1 200 OK\r\nVary: Accept-Encoding, referer")));
        assertEquals(0, SecondaryKey.signature(head(false, "HTTP/1.1 200 OK")));
        assertEquals(-1, SecondaryKey.signature(head(false, "HTTP/1.1 200 OK\r\nVary: Accept-Encoding, Cookie")));
    }
}
