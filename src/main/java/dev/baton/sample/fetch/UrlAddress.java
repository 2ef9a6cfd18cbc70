package dev.baton.sample.fetch;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;
import dev.baton.sample.Uses;

import java.nio.ByteBuffer;

/**
 * {@code url_ip} and {@code url_port}: the IPv4 literal and port of an absolute request target
 * ({@code http://10.0.0.1:8080/x}), as HAProxy 2.6 reads them. The scheme before {@code ://} must be {@code http}
 * (default port 80) or {@code https} (443), any case; the host must be a dotted-quad IPv4 literal (a name or an
 * IPv6 literal makes both fetches fail, since nothing is resolved at run time); the port is the digits after a
 * colon, if any. Reads the head in place; allocation-free; any thread evaluating the head.
 */
public final class UrlAddress {
    private UrlAddress() {
    }

    public static void register(final SampleRegistry r) {
        r.fetch("url_ip", SampleType.IPV4, Uses.REQ, 0, 0, a -> (ctx, out) -> {
            final long v = parse(ctx);
            return v >= 0 && out.setIpv4((int) (v >>> 16)) != null;
        });
        r.fetch("url_port", SampleType.SINT, Uses.REQ, 0, 0, a -> (ctx, out) -> {
            final long v = parse(ctx);
            return v >= 0 && out.setInt(v & 0xffff) != null;
        });
    }

    /** The target's address (upper 32 bits, shifted by 16) and port (lower 16 bits), or -1 when it has none. */
    static long parse(final SampleContext ctx) {
        final ByteBuffer b = ctx.buffer();
        if (b == null || ctx.targetLength() <= 0) {
            return -1;
        }
        final int start = ctx.targetStart();
        final int end = start + ctx.targetLength();
        final int sep = indexOfSchemeEnd(b, start, end);
        if (sep < 0) {
            return -1;
        }
        final int port;
        if (schemeIs(b, start, sep, "http")) {
            port = 80;
        } else if (schemeIs(b, start, sep, "https")) {
            port = 443;
        } else {
            return -1;
        }
        return address(b, sep + 3, end, port);
    }

    /** The offset of the first {@code ://} in {@code b[from..end)}, or -1. */
    private static int indexOfSchemeEnd(final ByteBuffer b, final int from, final int end) {
        for (int i = from; i + 2 < end; i++) {
            if (b.get(i) == ':' && b.get(i + 1) == '/' && b.get(i + 2) == '/') {
                return i;
            }
        }
        return -1;
    }

    private static boolean schemeIs(final ByteBuffer b, final int from, final int to, final String scheme) {
        if (to - from != scheme.length()) {
            return false;
        }
        for (int i = 0; i < scheme.length(); i++) {
            if ((b.get(from + i) | 0x20) != scheme.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A dotted quad at {@code b[from..)} and its optional port, packed as {@link #parse} returns, or -1. */
    private static long address(final ByteBuffer b, final int from, final int end, final int defaultPort) {
        long ip = 0;
        int octet = -1;
        int octets = 0;
        int i = from;
        for (; i < end; i++) {
            final int c = b.get(i);
            if (c >= '0' && c <= '9') {
                octet = octet < 0 ? c - '0' : octet * 10 + c - '0';
                if (octet > 255) {
                    return -1;
                }
            } else if (c == '.' && octet >= 0 && octets < 3) {
                ip = ip << 8 | octet;
                octets++;
                octet = -1;
            } else if (c == '.') {
                return -1;
            } else {
                break;
            }
        }
        if (octets != 3 || octet < 0) {
            return -1;
        }
        ip = ip << 8 | octet;
        int port = defaultPort;
        if (i < end && b.get(i) == ':') {
            port = 0;
            for (i++; i < end && b.get(i) >= '0' && b.get(i) <= '9'; i++) {
                port = port * 10 + b.get(i) - '0';
            }
        }
        return ip << 16 | port & 0xffff;
    }
}
