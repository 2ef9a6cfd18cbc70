package dev.baton.proxyproto;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Reads a PROXY protocol header (v1 text line or v2 binary block) from the first bytes a client sent, as HAProxy
 * 2.6's conn_recv_proxy judges them, but incrementally: {@link #parse} is called again with more bytes when it says
 * {@link #NEED_MORE}, so a header split over several reads completes (HAProxy peeks once and calls a partial
 * header truncated). Owner reactor's thread; one parser per connection, which allocates only the addresses it
 * returns and the TLV values it keeps.
 *
 * <p>What it keeps: the source and destination of a v1 {@code TCP4}/{@code TCP6} line or of a v2 {@code PROXY}
 * command for {@code TCPv4}/{@code TCPv6} (null for v1 {@code UNKNOWN}, the v2 {@code LOCAL} command and other v2
 * families: the connection's real addresses stay); the v2 {@code AUTHORITY} (at most 255 bytes) and
 * {@code UNIQUE_ID} (at most 128) TLVs. A {@code CRC32C} TLV is verified (a mismatch rejects the header); others
 * ({@code ALPN}, {@code SSL}, {@code NETNS}, {@code NOOP}, unknown) are skipped, as HAProxy does without TLS and
 * namespaces. As in HAProxy, TLVs of the {@code LOCAL} command are not read at all, and a {@code PROXY} command of
 * another family walks its TLVs from the start of the block (which in practice rejects it).
 */
public final class ProxyHeaderParser {
    /** {@link #parse}: the bytes so far are a header's beginning; read more (up to {@link #readLimit()}). */
    public static final int NEED_MORE = 0;
    /** {@link #parse}: not a valid header; {@link #error()} says why. */
    public static final int FAILED = -1;

    /** The v2 signature: {@code \r\n\r\n\0\r\nQUIT\n}. */
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    static final int V2_HEADER_LEN = 16;
    static final int TYPE_AUTHORITY = 0x02;
    static final int TYPE_CRC32C = 0x03;
    static final int TYPE_UNIQUE_ID = 0x05;
    static final int AUTHORITY_MAX = 255;
    static final int UNIQUE_ID_MAX = 128;
    /**
     * The longest v1 line read: the protocol allows 107 bytes, IPv6 texts with an embedded IPv4 part make a
     * valid line longer, and HAProxy looks as far as its buffer; a line without CRLF by then is truncated.
     */
    static final int V1_MAX = 232;

    private static final byte[] PROXY = {'P', 'R', 'O', 'X', 'Y', ' '};
    private static final byte[] TCP4 = {'T', 'C', 'P', '4', ' '};
    private static final byte[] TCP6 = {'T', 'C', 'P', '6', ' '};
    private static final byte[] UNKNOWN = {'U', 'N', 'K', 'N', 'O', 'W', 'N', '\r', '\n'};

    private final int capacity;
    private int readLimit = V2_HEADER_LEN;
    private ProxyError error;
    private int version;
    private InetSocketAddress source;
    private InetSocketAddress destination;
    private byte[] authority;
    private byte[] uniqueId;

    /** {@code capacity}: the most bytes a header may take (the buffer it is read into, {@code tune.bufsize}). */
    public ProxyHeaderParser(final int capacity) {
        this.capacity = capacity;
    }

    /**
     * Judges bytes {@code [0, n)} of {@code b} (absolute indexes; position and limit are not used nor changed), all
     * that the client sent so far: the header's length when complete (the bytes after it belong to the stream),
     * {@link #NEED_MORE}, or {@link #FAILED}. Once complete or failed, it must not be called again.
     */
    public int parse(final ByteBuffer b, final int n) {
        if (n >= PROXY.length && matches(b, 0, n, PROXY) == PROXY.length) {
            version = 1;
            readLimit = Math.min(V1_MAX, capacity);
            return v1(b, n);
        }
        final int v1Prefix = matches(b, 0, n, PROXY);
        final int v2Prefix = matches(b, 0, n, V2_SIGNATURE);
        if (v1Prefix == n && n < PROXY.length || v2Prefix == Math.min(n, V2_SIGNATURE.length) && n < V2_HEADER_LEN) {
            return NEED_MORE;
        }
        if (v2Prefix < V2_SIGNATURE.length) {
            return fail(n >= V2_HEADER_LEN ? ProxyError.NOT_HDR : ProxyError.TRUNCATED);
        }
        return v2(b, n);
    }

    /** How many bytes it is worth having read in all, so that nothing past a v2 header is read. */
    public int readLimit() {
        return readLimit;
    }

    public ProxyError error() {
        return error;
    }

    /** 1 or 2 once known, else 0. */
    public int version() {
        return version;
    }

    /**
     * The client's address the header gives, or null: keep the connection's own. After a v2 header failed on a TLV,
     * the address it gave (HAProxy logs that one).
     */
    public InetSocketAddress source() {
        return source;
    }

    /** The address the client connected to per the header, or null: keep the connection's own. */
    public InetSocketAddress destination() {
        return destination;
    }

    /** The v2 AUTHORITY TLV's value, or null. */
    public byte[] authority() {
        return authority;
    }

    /** The v2 UNIQUE_ID TLV's value, or null. */
    public byte[] uniqueId() {
        return uniqueId;
    }

    // ------------------------------------------------------------------ v1

    private int v1(final ByteBuffer b, final int n) {
        final int at = PROXY.length;
        final int avail = n - at;
        if (matches(b, at, n, TCP4) == TCP4.length) {
            return tcp4(b, at + TCP4.length, n);
        }
        if (matches(b, at, n, TCP6) == TCP6.length) {
            return tcp6(b, at + TCP6.length, n);
        }
        if (matches(b, at, n, UNKNOWN) == UNKNOWN.length) {
            return at + UNKNOWN.length; // a unix socket upstream, or a LOCAL-like line: the real addresses stay
        }
        if (avail < UNKNOWN.length && (matches(b, at, n, TCP4) == avail || matches(b, at, n, TCP6) == avail
            || matches(b, at, n, UNKNOWN) == avail)) {
            return needMoreV1(n);
        }
        return fail(ProxyError.BAD_PROTO);
    }

    private int needMoreV1(final int n) {
        return n >= readLimit ? fail(ProxyError.TRUNCATED) : NEED_MORE;
    }

    private int tcp4(final ByteBuffer b, final int from, final int n) {
        final byte[][] ips = new byte[2][];
        int i = from;
        for (int k = 0; k < ips.length; k++) { // SRC ' ' DST ' '
            final int end = ipv4End(b, i, n);
            if (end == n) {
                return needMoreV1(n);
            }
            ips[k] = ipv4(b, i, end);
            if (b.get(end) != ' ') {
                return fail(ProxyError.BAD_HDR);
            }
            i = end + 1;
        }
        final int sportEnd = digitsEnd(b, i, n);
        if (sportEnd == n) {
            return needMoreV1(n);
        }
        final int sport = port(b, i, sportEnd);
        if (b.get(sportEnd) != ' ') {
            return fail(ProxyError.BAD_HDR);
        }
        i = sportEnd + 1;
        final int dportEnd = digitsEnd(b, i, n);
        if (dportEnd > n - 2) {
            return needMoreV1(n);
        }
        final int dport = port(b, i, dportEnd);
        if (b.get(dportEnd) != '\r' || b.get(dportEnd + 1) != '\n' || ips[0] == null || ips[1] == null) {
            return fail(ProxyError.BAD_HDR);
        }
        return addresses(ips[0], sport, ips[1], dport, dportEnd + 2);
    }

    private int tcp6(final ByteBuffer b, final int from, final int n) {
        int cr = -1;
        for (int i = from; i < n; i++) {
            if (b.get(i) == '\r') {
                cr = i;
                break;
            }
        }
        if (cr < 0 || cr == n - 1) {
            return needMoreV1(n);
        }
        if (b.get(cr + 1) != '\n') {
            return fail(ProxyError.BAD_HDR);
        }
        final int[] sp = new int[3];
        int spaces = 0;
        for (int i = from; i < cr && spaces < sp.length; i++) {
            if (b.get(i) == ' ') {
                sp[spaces++] = i;
            }
        }
        if (spaces < sp.length || digitsEnd(b, sp[1] + 1, sp[2]) != sp[2] || digitsEnd(b, sp[2] + 1, cr) != cr) {
            return fail(ProxyError.BAD_HDR);
        }
        final byte[] src = ipv6(b, from, sp[0]);
        final byte[] dst = ipv6(b, sp[0] + 1, sp[1]);
        if (src == null || dst == null) {
            return fail(ProxyError.BAD_HDR);
        }
        return addresses(src, port(b, sp[1] + 1, sp[2]), dst, port(b, sp[2] + 1, cr), cr + 2);
    }

    /** Where a run of digits and dots from {@code i} ends (HAProxy's address scan stops at anything else). */
    private static int ipv4End(final ByteBuffer b, final int from, final int n) {
        int i = from;
        while (i < n && (b.get(i) >= '0' && b.get(i) <= '9' || b.get(i) == '.')) {
            i++;
        }
        return i;
    }

    private static int digitsEnd(final ByteBuffer b, final int from, final int n) {
        int i = from;
        while (i < n && b.get(i) >= '0' && b.get(i) <= '9') {
            i++;
        }
        return i;
    }

    /** A decimal port as HAProxy reads it: no digits is 0, and only the low 16 bits count (its htons). */
    private static int port(final ByteBuffer b, final int from, final int to) {
        long v = 0;
        for (int i = from; i < to && v < 0x1_0000_0000L; i++) {
            v = v * 10 + (b.get(i) - '0');
        }
        return (int) (v & 0xFFFF);
    }

    /** Four dotted decimal bytes, or null. */
    private static byte[] ipv4(final ByteBuffer b, final int from, final int to) {
        final byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = from; i <= to; i++) {
            final byte c = i < to ? b.get(i) : (byte) '.';
            if (c == '.') {
                if (value < 0 || part == 4) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            }
        }
        return part == 4 ? out : null;
    }

    /** An IPv6 literal (hex, colons, an optional dotted tail), as 16 bytes, or null. */
    private static byte[] ipv6(final ByteBuffer b, final int from, final int to) {
        if (to - from < 2 || to - from > 45) {
            return null;
        }
        final StringBuilder text = new StringBuilder(to - from);
        boolean colon = false;
        for (int i = from; i < to; i++) {
            final char c = (char) (b.get(i) & 0xFF);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
                return null;
            }
            colon |= c == ':';
            text.append(c);
        }
        if (!colon) {
            return null;
        }
        try {
            final InetAddress a = InetAddress.getByName(text.toString()); // a literal with ':': parsed, never resolved
            if (a instanceof Inet4Address) { // an IPv4-mapped text: the JDK folds it, the header meant IPv6
                final byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xFF;
                mapped[11] = (byte) 0xFF;
                System.arraycopy(a.getAddress(), 0, mapped, 12, 4);
                return mapped;
            }
            return a.getAddress();
        } catch (final UnknownHostException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ v2

    private int v2(final ByteBuffer b, final int n) {
        if ((b.get(12) & 0xF0) != 0x20) {
            return fail(ProxyError.NOT_HDR);
        }
        version = 2;
        final int len = u16(b, 14);
        final int total = V2_HEADER_LEN + len;
        if (total > capacity) {
            return fail(ProxyError.TRUNCATED); // HAProxy's peek sees one buffer at most
        }
        readLimit = total;
        if (n < total) {
            return NEED_MORE;
        }
        switch (b.get(12) & 0x0F) {
            case 0x00: // LOCAL: the connection's own addresses stay
                return total;
            case 0x01:
                return proxyCommand(b, len, total);
            default:
                return fail(ProxyError.BAD_HDR);
        }
    }

    private int proxyCommand(final ByteBuffer b, final int len, final int total) {
        final int family = b.get(13) & 0xFF;
        // TCPv4 and TCPv6 carry addresses of 4 or 16 bytes; another family keeps the real ones, and HAProxy then
        // walks TLVs from offset 0
        final int size = family == 0x11 ? 4 : family == 0x21 ? 16 : 0;
        if (size > 0 && len < 2 * size + 4) {
            return fail(ProxyError.BAD_HDR);
        }
        final byte[] src = size > 0 ? bytes(b, 16, size) : null;
        final byte[] dst = size > 0 ? bytes(b, 16 + size, size) : null;
        final int sport = size > 0 ? u16(b, 16 + 2 * size) : 0;
        final int dport = size > 0 ? u16(b, 18 + 2 * size) : 0;
        int tlv = size > 0 ? 20 + 2 * size : 0;
        if (size > 0) {
            addresses(src, sport, dst, dport, total); // taken before the TLVs are read, as HAProxy (its log shows them)
        }
        while (tlv < total) {
            if (tlv + 3 > total) {
                return fail(ProxyError.BAD_HDR);
            }
            final int type = b.get(tlv) & 0xFF;
            final int length = u16(b, tlv + 1);
            final int value = tlv + 3;
            tlv = value + length;
            if (tlv > total) {
                return fail(ProxyError.BAD_HDR);
            }
            if (type == TYPE_CRC32C) {
                if (length != 4 || Crc32c.of(b, 0, total, value) != b.getInt(value)) {
                    return fail(ProxyError.BAD_HDR);
                }
            } else if (type == TYPE_AUTHORITY) {
                if (length > AUTHORITY_MAX) {
                    return fail(ProxyError.BAD_HDR);
                }
                authority = bytes(b, value, length);
            } else if (type == TYPE_UNIQUE_ID) {
                if (length > UNIQUE_ID_MAX) {
                    return fail(ProxyError.BAD_HDR);
                }
                uniqueId = bytes(b, value, length);
            }
        }
        return total;
    }

    private static int u16(final ByteBuffer b, final int at) {
        return (b.get(at) & 0xFF) << 8 | b.get(at + 1) & 0xFF;
    }

    private static byte[] bytes(final ByteBuffer b, final int at, final int length) {
        final byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = b.get(at + i);
        }
        return out;
    }

    // ------------------------------------------------------------------ common

    private int addresses(final byte[] src, final int sport, final byte[] dst, final int dport, final int length) {
        source = new InetSocketAddress(address(src), sport);
        destination = new InetSocketAddress(address(dst), dport);
        return length;
    }

    /** The address of 4 or 16 bytes as the header gave it (16 bytes stay IPv6, even IPv4-mapped). */
    private static InetAddress address(final byte[] raw) {
        try {
            return raw.length == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
        } catch (final UnknownHostException e) {
            throw new IllegalArgumentException(e); // 4 or 16 bytes: cannot happen
        }
    }

    private int fail(final ProxyError e) {
        error = e;
        return FAILED;
    }

    /** How many of {@code expected}'s bytes {@code b[from, n)} starts with (stops at the first difference). */
    private static int matches(final ByteBuffer b, final int from, final int n, final byte[] expected) {
        int i = 0;
        while (i < expected.length && from + i < n && b.get(from + i) == expected[i]) {
            i++;
        }
        return i;
    }
}
