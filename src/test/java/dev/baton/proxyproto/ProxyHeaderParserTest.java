package dev.baton.proxyproto;

import dev.baton.config.SendProxy;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The PROXY header parser on v1 and v2 headers, whole and split, good and bad, and the writer's output. */
class ProxyHeaderParserTest {
    private static final int CAPACITY = 16_384;

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Feeds {@code bytes} whole; the parser's verdict. */
    private static int parseWhole(final ProxyHeaderParser p, final byte[] bytes) {
        final ByteBuffer b = ByteBuffer.allocateDirect(CAPACITY);
        b.put(bytes);
        return p.parse(b, bytes.length);
    }

    /**
     * Feeds {@code bytes} one more byte at a time, as the handshake reads them, never past the parser's read
     * limit; the verdict once it is not NEED_MORE (or NEED_MORE when the bytes run out), and how many bytes were fed.
     */
    private static int[] parseSplit(final ProxyHeaderParser p, final byte[] bytes) {
        final ByteBuffer b = ByteBuffer.allocateDirect(CAPACITY);
        for (int n = 1; n <= bytes.length; n++) {
            if (n > p.readLimit()) {
                throw new AssertionError("read past the limit " + p.readLimit());
            }
            b.put(bytes[n - 1]);
            final int r = p.parse(b, n);
            if (r != ProxyHeaderParser.NEED_MORE) {
                return new int[] {r, n};
            }
        }
        return new int[] {ProxyHeaderParser.NEED_MORE, bytes.length};
    }

    @Test
    void v1Tcp4WholeAndSplitGivesTheAddressesAndLeavesWhatFollows() {
        final byte[] line = ascii("PROXY TCP4 192.168.0.1 10.0.0.2 56324 443\r\nGET / HTTP/1.1\r\n");
        final int headerLength = "PROXY TCP4 192.168.0.1 10.0.0.2 56324 443\r\n".length();
        final ProxyHeaderParser whole = new ProxyHeaderParser(CAPACITY);
        assertEquals(headerLength, parseWhole(whole, line));
        assertEquals(new InetSocketAddress("192.168.0.1", 56324), whole.source());
        assertEquals(new InetSocketAddress("10.0.0.2", 443), whole.destination());
        assertEquals(1, whole.version());

        final ProxyHeaderParser split = new ProxyHeaderParser(CAPACITY);
        final int[] r = parseSplit(split, line);
        assertEquals(headerLength, r[0]);
        assertEquals(headerLength, r[1], "complete at its last byte");
        assertEquals(new InetSocketAddress("192.168.0.1", 56324), split.source());
    }

    @Test
    void v1Tcp6AndUnknown() {
        final ProxyHeaderParser p = new ProxyHeaderParser(CAPACITY);
        final byte[] line = ascii("PROXY TCP6 2001:db8::1 ::ffff:10.0.0.1 1234 80\r\n");
        assertEquals(line.length, parseSplit(p, line)[0]);
        assertEquals(new InetSocketAddress("2001:db8::1", 1234), p.source());
        assertEquals(16, p.destination().getAddress().getAddress().length, "an IPv4-mapped text stays IPv6");
        assertEquals(80, p.destination().getPort());

        final ProxyHeaderParser unknown = new ProxyHeaderParser(CAPACITY);
        assertEquals(15, parseSplit(unknown, ascii("PROXY UNKNOWN\r\nxyz"))[0]);
        assertNull(unknown.source(), "UNKNOWN keeps the real addresses");
        assertNull(unknown.destination());
    }

    @Test
    void badV1LinesAreRefusedWithHaproxysReasons() {
        assertEquals(ProxyError.BAD_PROTO, failure(ascii("PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n")));
        assertEquals(ProxyError.BAD_PROTO, failure(ascii("PROXY UNKNOWN 1.2.3.4 5.6.7.8 1 2\r\n")),
            "HAProxy 2.6 wants UNKNOWN right before CRLF");
        assertEquals(ProxyError.BAD_HDR, failure(ascii("PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n")));
        assertEquals(ProxyError.BAD_HDR, failure(ascii("PROXY TCP4 1.2.3.400 5.6.7.8 1 2\r\n")));
        assertEquals(ProxyError.BAD_HDR, failure(ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\nGET")));
        assertEquals(ProxyError.BAD_HDR, failure(ascii("PROXY TCP6 1.2.3.4 5.6.7.8 1 2\r\n")),
            "TCP6 needs IPv6 texts");
        assertEquals(ProxyError.BAD_HDR, failure(ascii("PROXY TCP6 ::1 ::1 1x 2\r\n")));
        final ProxyHeaderParser http = new ProxyHeaderParser(CAPACITY);
        assertEquals(ProxyHeaderParser.FAILED, parseWhole(http, ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n")));
        assertEquals(ProxyError.NOT_HDR, http.error(), "16 bytes or more of something else");
        assertEquals(ProxyError.TRUNCATED, failure(ascii("GET /\r\n")), "HAProxy: fewer than 16 bytes");
        final byte[] endless = new byte[300];
        System.arraycopy(ascii("PROXY TCP6 "), 0, endless, 0, 11);
        java.util.Arrays.fill(endless, 11, endless.length, (byte) 'a');
        assertEquals(ProxyError.TRUNCATED, failure(endless), "no CRLF within the line's bound");
    }

    private static ProxyError failure(final byte[] bytes) {
        final ProxyHeaderParser p = new ProxyHeaderParser(CAPACITY);
        final int[] r = parseSplit(p, bytes);
        assertEquals(ProxyHeaderParser.FAILED, r[0], "refused: " + new String(bytes, StandardCharsets.ISO_8859_1));
        return p.error();
    }

    /** A v2 header: command, family, address block, TLVs (each type, value); CRC32C filled when {@code crc}. */
    private static byte[] v2(final int command, final int family, final byte[] addresses, final boolean crc,
                             final Object... tlvs) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ProxyHeaderParser.V2_SIGNATURE);
        out.write(0x20 | command);
        out.write(family);
        out.write(0);
        out.write(0);
        out.writeBytes(addresses);
        int crcAt = -1;
        if (crc) {
            out.write(0x03);
            out.write(0);
            out.write(4);
            crcAt = out.size();
            out.writeBytes(new byte[4]);
        }
        for (int i = 0; i < tlvs.length; i += 2) {
            final byte[] v = (byte[]) tlvs[i + 1];
            out.write((Integer) tlvs[i]);
            out.write(v.length >> 8);
            out.write(v.length & 0xFF);
            out.writeBytes(v);
        }
        final byte[] h = out.toByteArray();
        h[14] = (byte) ((h.length - 16) >> 8);
        h[15] = (byte) (h.length - 16);
        if (crc) {
            final CRC32C c = new CRC32C(); // the JDK's, to check baton's own table against
            c.update(h);
            ByteBuffer.wrap(h).putInt(crcAt, (int) c.getValue());
        }
        return h;
    }

    private static byte[] ipv4Block() {
        return new byte[] {(byte) 203, 0, 113, 7, 10, 0, 0, 1, (byte) 0xC3, 0x50, 0x01, (byte) 0xBB};
    }

    @Test
    void v2ProxyWithTlvsSplitAndWhole() {
        final byte[] h = v2(1, 0x11, ipv4Block(), true, 0x02, ascii("example.com"), 0x05, ascii("id-42"),
            0x20, new byte[] {1, 0, 0, 0, 0}, 0x01, ascii("h2"));
        final ProxyHeaderParser p = new ProxyHeaderParser(CAPACITY);
        final int[] r = parseSplit(p, h);
        assertEquals(h.length, r[0]);
        assertEquals(new InetSocketAddress("203.0.113.7", 50000), p.source());
        assertEquals(new InetSocketAddress("10.0.0.1", 443), p.destination());
        assertArrayEquals(ascii("example.com"), p.authority());
        assertArrayEquals(ascii("id-42"), p.uniqueId());
        assertEquals(2, p.version());
    }

    @Test
    void v2ChecksumMismatchAndBadLengthsAreRefused() {
        final byte[] h = v2(1, 0x11, ipv4Block(), true);
        h[h.length - 1] ^= 1;
        assertEquals(ProxyError.BAD_HDR, failure(h), "CRC32C mismatch");
        assertEquals(ProxyError.BAD_HDR, failure(v2(1, 0x11, new byte[8], false)), "TCPv4 needs 12 bytes");
        assertEquals(ProxyError.BAD_HDR, failure(v2(1, 0x11, ipv4Block(), false, 0x02, new byte[256])),
            "authority over 255 bytes");
        assertEquals(ProxyError.BAD_HDR, failure(v2(1, 0x11, ipv4Block(), false, 0x05, new byte[129])),
            "unique id over 128 bytes");
        assertEquals(ProxyError.BAD_HDR, failure(v2(2, 0x11, ipv4Block(), false)), "no command 2");
        final byte[] v3 = v2(1, 0x11, ipv4Block(), false);
        v3[12] = 0x31;
        assertEquals(ProxyError.NOT_HDR, failure(v3), "version 3");
        final byte[] cut = v2(1, 0x11, ipv4Block(), false, 0x02, ascii("abc"));
        cut[15] -= 1; // the TLV now runs past the announced length
        assertEquals(ProxyError.BAD_HDR, failure(java.util.Arrays.copyOf(cut, cut.length - 1)));
    }

    @Test
    void v2LocalKeepsTheRealAddressesAndSkipsItsTlvs() {
        final byte[] h = v2(0, 0x00, new byte[0], false, 0x03, new byte[] {1, 2, 3, 4});
        final ProxyHeaderParser p = new ProxyHeaderParser(CAPACITY);
        assertEquals(h.length, parseWhole(p, h), "LOCAL: its TLVs are not even read (a wrong CRC32C passes)");
        assertNull(p.source());
        assertNull(p.destination());
    }

    @Test
    void v2ReadLimitNeverPassesTheHeader() {
        final byte[] h = v2(1, 0x11, ipv4Block(), false);
        final ProxyHeaderParser p = new ProxyHeaderParser(CAPACITY);
        final ByteBuffer b = ByteBuffer.allocateDirect(CAPACITY);
        b.put(h, 0, 16);
        assertEquals(ProxyHeaderParser.NEED_MORE, p.parse(b, 16));
        assertEquals(h.length, p.readLimit());
        final ProxyHeaderParser small = new ProxyHeaderParser(64);
        final byte[] big = v2(1, 0x11, ipv4Block(), false, 0x04, new byte[100]);
        assertEquals(ProxyHeaderParser.FAILED, small.parse(ByteBuffer.wrap(big), 16));
        assertEquals(ProxyError.TRUNCATED, small.error(), "longer than the buffer, as HAProxy's peek");
    }

    @Test
    void writerOutputParsesBack() {
        final InetSocketAddress src = new InetSocketAddress("198.51.100.9", 40000);
        final InetSocketAddress dst = new InetSocketAddress("192.0.2.1", 8443);
        final ByteBuffer out = ByteBuffer.allocate(ProxyLineWriter.MAX_LENGTH);
        ProxyLineWriter.write(out, new SendProxy(SendProxy.V1, false), src, dst, false, null, null);
        assertEquals("PROXY TCP4 198.51.100.9 192.0.2.1 40000 8443\r\n",
            new String(out.array(), 0, out.limit(), StandardCharsets.US_ASCII));

        ProxyLineWriter.write(out, new SendProxy(SendProxy.V1, false),
            new InetSocketAddress("2001:db8::5", 1), dst, false, null, null);
        assertEquals("PROXY TCP6 2001:db8::5 ::ffff:192.0.2.1 1 8443\r\n",
            new String(out.array(), 0, out.limit(), StandardCharsets.US_ASCII));

        final SendProxy all = new SendProxy(SendProxy.V2 | SendProxy.CRC32C | SendProxy.AUTHORITY
            | SendProxy.UNIQUE_ID | SendProxy.SSL, false);
        final int n = ProxyLineWriter.write(out, all, src, dst, false, ascii("app.example"), new byte[0]);
        final ProxyHeaderParser p = new ProxyHeaderParser(CAPACITY);
        final byte[] bytes = java.util.Arrays.copyOf(out.array(), n);
        assertEquals(n, parseWhole(p, bytes), "its own CRC32C verifies");
        assertEquals(src, p.source());
        assertEquals(dst, p.destination());
        assertArrayEquals(ascii("app.example"), p.authority());
        assertArrayEquals(new byte[0], p.uniqueId());

        final int local = ProxyLineWriter.write(out, all, src, dst, true, null, null);
        assertEquals(0x20, out.get(12), "a connection of baton's own: LOCAL");
        assertEquals(local - 16, out.getShort(14));
    }
}
