package dev.baton.proxyproto;

import dev.baton.config.SendProxy;
import dev.baton.http.rules.IpText;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Writes the PROXY protocol header a server connection starts with, as HAProxy 2.6's make_proxy_line does for
 * a server's {@code send-proxy}/{@code send-proxy-v2}/{@code proxy-v2-options} ({@link SendProxy}).
 *
 * <p>v1: {@code PROXY TCP4|TCP6 SRC DST SPORT DPORT\r\n} (TCP6, with IPv4-mapped texts, as soon as one side is
 * IPv6), or {@code PROXY UNKNOWN\r\n} when an address is unknown. v2: the {@code PROXY} command with the
 * {@code TCPv4} or {@code TCPv6} family, or the {@code LOCAL} command with no address (a health check's
 * connection, an unknown address), then, in HAProxy's order, the TLVs the options ask for: {@code CRC32C}
 * (filled last, over the whole header), {@code AUTHORITY} (the one the client's own PROXY header carried; with no
 * TLS, there is no SNI to fall back on), {@code UNIQUE_ID} (streams only) and {@code SSL} (any of {@code ssl},
 * {@code cert-cn}, {@code cert-key}, {@code cert-sig}, {@code ssl-cipher}: baton's clients are never TLS, so, as
 * HAProxy for a plain client connection, an SSL TLV whose client flags and verify result are 0 and which has no
 * sub-TLV). No ALPN (nothing is negotiated without TLS) nor NETNS TLV. Stateless; writes into the caller's
 * buffer, allocation-free.
 */
public final class ProxyLineWriter {
    /** Room for any header baton writes: v2 over IPv6 with CRC32C, a 255-byte authority, a 128-byte id, SSL. */
    public static final int MAX_LENGTH = 52 + 7 + 258 + 131 + 8;

    private static final byte[] UNKNOWN = bytes("PROXY UNKNOWN\r\n");
    private static final byte[] TCP4 = bytes("PROXY TCP4 ");
    private static final byte[] TCP6 = bytes("PROXY TCP6 ");
    private static final int TYPE_SSL = 0x20;

    private ProxyLineWriter() {
    }

    /**
     * Writes the header {@code options} ask for into {@code out} (cleared first; flipped for reading after) and
     * returns its length. {@code src}/{@code dst}: the client stream's addresses (after its own PROXY header), or
     * null for an unknown one; {@code local}: a connection of baton's own (a health check), which v2 announces
     * with the {@code LOCAL} command. {@code authority}: the client's received AUTHORITY TLV, or null;
     * {@code uniqueId}: the stream's unique id (empty without {@code unique-id-format}), or null when there is no
     * stream.
     */
    public static int write(final ByteBuffer out, final SendProxy options, final InetSocketAddress src,
                            final InetSocketAddress dst, final boolean local, final byte[] authority,
                            final byte[] uniqueId) {
        out.clear();
        if (options.v2()) {
            v2(out, options, local ? null : src, local ? null : dst, authority, uniqueId);
        } else {
            v1(out, src, dst);
        }
        out.flip();
        return out.remaining();
    }

    private static void v1(final ByteBuffer out, final InetSocketAddress src, final InetSocketAddress dst) {
        if (src == null || dst == null || src.getAddress() == null || dst.getAddress() == null) {
            out.put(UNKNOWN);
            return;
        }
        final boolean both4 = src.getAddress() instanceof Inet4Address && dst.getAddress() instanceof Inet4Address;
        out.put(both4 ? TCP4 : TCP6);
        IpText.write(both4 ? src.getAddress().getAddress() : sixteen(src), out);
        out.put((byte) ' ');
        IpText.write(both4 ? dst.getAddress().getAddress() : sixteen(dst), out);
        out.put((byte) ' ');
        decimal(src.getPort(), out);
        out.put((byte) ' ');
        decimal(dst.getPort(), out);
        out.put((byte) '\r').put((byte) '\n');
    }

    private static void v2(final ByteBuffer out, final SendProxy options, final InetSocketAddress src,
                           final InetSocketAddress dst, final byte[] authority, final byte[] uniqueId) {
        out.put(ProxyHeaderParser.V2_SIGNATURE);
        if (src == null || dst == null || src.getAddress() == null || dst.getAddress() == null) {
            out.put((byte) 0x20).put((byte) 0x00).putShort((short) 0); // LOCAL, UNSPEC
        } else if (src.getAddress() instanceof Inet4Address && dst.getAddress() instanceof Inet4Address) {
            out.put((byte) 0x21).put((byte) 0x11).putShort((short) 0);
            out.put(src.getAddress().getAddress()).put(dst.getAddress().getAddress());
            out.putShort((short) src.getPort()).putShort((short) dst.getPort());
        } else {
            out.put((byte) 0x21).put((byte) 0x21).putShort((short) 0);
            out.put(sixteen(src)).put(sixteen(dst));
            out.putShort((short) src.getPort()).putShort((short) dst.getPort());
        }
        int crcAt = -1;
        if (options.has(SendProxy.CRC32C)) {
            tlvHeader(out, ProxyHeaderParser.TYPE_CRC32C, 4);
            crcAt = out.position();
            out.putInt(0);
        }
        if (options.has(SendProxy.AUTHORITY) && authority != null) {
            tlvHeader(out, ProxyHeaderParser.TYPE_AUTHORITY, authority.length);
            out.put(authority);
        }
        if (options.has(SendProxy.UNIQUE_ID) && uniqueId != null) {
            tlvHeader(out, ProxyHeaderParser.TYPE_UNIQUE_ID, uniqueId.length);
            out.put(uniqueId);
        }
        if (options.has(SendProxy.SSL)) {
            tlvHeader(out, TYPE_SSL, 5);
            out.put((byte) 0).putInt(0); // client: not TLS; verify: 0
        }
        out.putShort(14, (short) (out.position() - ProxyHeaderParser.V2_HEADER_LEN));
        if (crcAt >= 0) {
            out.putInt(crcAt, Crc32c.of(out.array(), out.arrayOffset(), out.arrayOffset() + out.position()));
        }
    }

    private static void tlvHeader(final ByteBuffer out, final int type, final int length) {
        out.put((byte) type).putShort((short) length);
    }

    /** The address as 16 bytes, an IPv4 one mapped ({@code ::ffff:a.b.c.d}), as HAProxy's v4tov6. */
    private static byte[] sixteen(final InetSocketAddress a) {
        final byte[] raw = a.getAddress().getAddress();
        if (raw.length == 16) {
            return raw;
        }
        final byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }

    private static void decimal(final int v, final ByteBuffer out) {
        if (v >= 10) {
            decimal(v / 10, out);
        }
        out.put((byte) ('0' + v % 10));
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
