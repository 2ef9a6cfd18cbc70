package dev.baton.sample.fetch;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;
import dev.baton.sample.Uses;

import java.nio.ByteBuffer;

/**
 * Fetches of the raw bytes a tcp stream holds while its {@code tcp-request content} (or {@code tcp-response content})
 * rules inspect it, as HAProxy 2.6 reads its channel buffer: {@code req.len}, {@code req.payload(OFF,LEN)},
 * {@code req.payload_lv(OFF1,LEN[,OFF2])}, the TLS ClientHello ones ({@code req.ssl_hello_type}, {@code req.ssl_ver},
 * {@code req.ssl_sni}, {@code req.ssl_alpn}, {@code req.ssl_ec_ext}, {@code req.ssl_st_ext}: see {@link TlsHello}),
 * the RDP cookie ones ({@code req.rdp_cookie([NAME])}, {@code req.rdp_cookie_cnt}), {@code req.proto_http} (registered
 * with the request fetches, which answer it in mode http), their
 * {@code res.} forms where HAProxy has them, {@code wait_end} (true once inspection is over), and the old names ({@code payload}, {@code req_ssl_sni}...).
 *
 * <p>When the bytes held do not answer yet, a fetch tells {@link SampleContext#mayChange()} (HAProxy's
 * "may change" samples), so that a rule depending on it waits for more data until the inspect delay ends. Values are
 * views of the context's buffer: nothing is copied or allocated.
 */
public final class PayloadFetches {
    private PayloadFetches() {
    }

    public static void register(final SampleRegistry r) {
        for (final boolean res : new boolean[] {false, true}) {
            final String p = res ? "res." : "req.";
            final int uses = res ? Uses.RES_PAYLOAD : Uses.REQ_PAYLOAD;
            r.fetch(p + "len", SampleType.SINT, uses, 0, 0, a -> (ctx, out) -> len(ctx, out, res));
            r.fetch(p + "payload", SampleType.BIN, uses, 2, 2, a -> payload(a, res));
            r.fetch(p + "payload_lv", SampleType.BIN, uses, 2, 3, a -> payloadLv(a, res));
            r.fetch(p + "ssl_hello_type", SampleType.SINT, uses, 0, 0,
                a -> (ctx, out) -> TlsHello.helloType(ctx, out, res));
        }
        final int req = Uses.REQ_PAYLOAD;
        r.fetch("req.ssl_ver", SampleType.SINT, req, 0, 0, a -> TlsHello::version);
        r.fetch("req.ssl_sni", SampleType.STR, req, 0, 0, a -> (ctx, out) -> TlsHello.extension(ctx, out,
            TlsHello.SNI));
        r.fetch("req.ssl_alpn", SampleType.STR, req, 0, 0, a -> (ctx, out) -> TlsHello.extension(ctx, out,
            TlsHello.ALPN));
        r.fetch("req.ssl_ec_ext", SampleType.BOOL, req, 0, 0, a -> (ctx, out) -> TlsHello.extension(ctx, out,
            TlsHello.EC_POINT_FORMATS));
        r.fetch("req.ssl_st_ext", SampleType.SINT, req, 0, 0, a -> (ctx, out) -> TlsHello.extension(ctx, out,
            TlsHello.SESSION_TICKET));
        r.fetch("req.rdp_cookie", SampleType.STR, req, 0, 1, a -> {
            final byte[] name = a.str(0).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            return (ctx, out) -> RdpCookie.fetch(ctx, out, name) == RdpCookie.FOUND;
        });
        r.fetch("req.rdp_cookie_cnt", SampleType.SINT, req, 0, 1, a -> {
            final byte[] name = a.str(0).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            return (ctx, out) -> {
                final int found = RdpCookie.fetch(ctx, out, name);
                return found != RdpCookie.SHORT && out.setInt(found == RdpCookie.FOUND ? 1 : 0) != null;
            };
        });
        r.fetch("wait_end", SampleType.BOOL, Uses.INTERNAL, 0, 0, a -> (ctx, out) -> {
            if (!ctx.inspectionOver()) {
                ctx.mayChange();
                return false;
            }
            return out.setBool(true) != null;
        });
        // the names HAProxy keeps for compatibility
        r.alias("payload", "req.payload");
        r.alias("payload_lv", "req.payload_lv");
        r.alias("req_ssl_hello_type", "req.ssl_hello_type");
        r.alias("rep_ssl_hello_type", "res.ssl_hello_type");
        r.alias("req_ssl_ver", "req.ssl_ver");
        r.alias("req_ssl_sni", "req.ssl_sni");
        r.alias("rdp_cookie", "req.rdp_cookie");
        r.alias("rdp_cookie_cnt", "req.rdp_cookie_cnt");
        r.alias("req_proto_http", "req.proto_http");
    }

    /** {@code req.len}: the bytes held so far; always "may change" while inspection can wait, as in HAProxy. */
    private static boolean len(final SampleContext ctx, final Sample out, final boolean res) {
        final int n = ctx.payloadLength(res);
        if (n < 0) {
            return false;
        }
        ctx.mayChange();
        return out.setInt(n) != null;
    }

    /**
     * {@code payload(OFF,LEN)}: LEN bytes from OFF (LEN 0: everything from OFF on, which may still grow). Offsets
     * beyond one buffer never match; short data waits.
     */
    private static dev.baton.sample.Fetch payload(final dev.baton.sample.Args a, final boolean res) {
        final long offset = nonNegative(a.integer(0), "offset");
        final long length = nonNegative(a.integer(1), "length");
        return (ctx, out) -> {
            final ByteBuffer b = ctx.payload(res);
            if (b == null) {
                return false;
            }
            if (length > b.capacity() || offset + length > b.capacity()) {
                return false;
            }
            final int held = b.position();
            if (offset + length > held) {
                ctx.mayChange();
                return false;
            }
            final int n = length == 0 ? held - (int) offset : (int) length;
            if (length == 0) {
                ctx.mayChange(); // "the rest of the buffer" grows with each read
            }
            return out.setBinary(b, (int) offset, n) != null;
        };
    }

    /**
     * {@code payload_lv(OFF1,LEN[,OFF2])}: a block whose big-endian length of LEN bytes sits at OFF1; the block
     * follows the length, or starts at OFF2 (absolute), or at OFF2 bytes after the length when OFF2 is written with
     * a sign ({@code +4}, {@code -2}).
     */
    private static dev.baton.sample.Fetch payloadLv(final dev.baton.sample.Args a, final boolean res) {
        final long lenOffset = nonNegative(a.integer(0), "length offset");
        final long lenSize = a.integer(1);
        if (lenSize < 1 || lenSize > 4) {
            throw new SampleException("payload length must be between 1 and 4 bytes");
        }
        final String third = a.str(2, null);
        final boolean relative = third != null && (third.startsWith("+") || third.startsWith("-"));
        final long dataOffset = third == null ? 0 : a.integer(2);
        return (ctx, out) -> {
            final ByteBuffer b = ctx.payload(res);
            if (b == null) {
                return false;
            }
            final int held = b.position();
            if (lenOffset + lenSize > held) {
                ctx.mayChange();
                return false;
            }
            long size = 0;
            for (int i = 0; i < lenSize; i++) {
                size = size << 8 | (b.get((int) lenOffset + i) & 0xFF);
            }
            long start = lenOffset + lenSize;
            if (third != null) {
                start = relative ? start + dataOffset : dataOffset;
            }
            if (size == 0 || start < 0 || size > b.capacity() || start + size > b.capacity()) {
                return false;
            }
            if (start + size > held) {
                ctx.mayChange();
                return false;
            }
            return out.setBinary(b, (int) start, (int) size) != null;
        };
    }

    /**
     * {@code req.proto_http} in mode tcp: the bytes held start with an HTTP/1 request line (method, target, version);
     * the rest of the head is not checked.
     */
    static boolean protoHttp(final SampleContext ctx, final Sample out) {
        final ByteBuffer b = ctx.payload(false);
        if (b == null) {
            return false;
        }
        final int held = b.position();
        int i = 0;
        while (i < held && isTokenChar(b.get(i))) {
            i++;
        }
        if (i == held) {
            ctx.mayChange();
            return false;
        }
        if (i == 0 || b.get(i) != ' ') {
            return out.setBool(false) != null;
        }
        final int targetStart = ++i;
        while (i < held && b.get(i) != ' ' && b.get(i) != '\r' && b.get(i) != '\n') {
            i++;
        }
        if (i == held) {
            ctx.mayChange();
            return false;
        }
        if (i == targetStart || b.get(i) != ' ') {
            return out.setBool(false) != null;
        }
        final byte[] version = HTTP_VERSION;
        i++;
        for (int k = 0; k < version.length; k++, i++) {
            if (i == held) {
                ctx.mayChange();
                return false;
            }
            final byte c = b.get(i);
            if (k == 5 || k == 7 ? c < '0' || c > '9' : c != version[k]) {
                return out.setBool(false) != null;
            }
        }
        return out.setBool(true) != null;
    }

    /** "HTTP/x.y": the digits at 5 and 7 are checked as digits. */
    private static final byte[] HTTP_VERSION = {'H', 'T', 'T', 'P', '/', '0', '.', '0'};

    private static boolean isTokenChar(final byte c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    private static long nonNegative(final long v, final String what) {
        if (v < 0) {
            throw new SampleException(what + " must not be negative");
        }
        return v;
    }
}
