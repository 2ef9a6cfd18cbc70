package dev.baton.sample.fetch;

import dev.baton.http.text.HeaderName;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;
import dev.baton.sample.Uses;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Fetches of the HTTP request head: {@code method}, {@code path}, {@code pathq}, {@code query}, {@code url},
 * {@code base}, {@code url_param}/{@code urlp([NAME[,DELIM]])}, {@code urlp_val}, the header fetches
 * ({@code req.hdr}/{@code hdr}...), {@code req.cook}/{@code cook([NAME])}, {@code req.cook_cnt}/{@code cook_cnt},
 * {@code req.cook_val}/{@code cook_val}, {@code req.ver}/{@code req_ver}, {@code http_first_req}.
 */
public final class RequestFetches {
    private static final HeaderName COOKIE = HeaderName.of("Cookie");

    private RequestFetches() {
    }

    public static void register(final SampleRegistry r) {
        final int u = Uses.REQ;
        r.fetch("method", SampleType.STR, u | Uses.END, 0, 0, a -> (ctx, out) -> ctx.methodLength() > 0
            ? Fetches.view(ctx, out, ctx.methodStart(), ctx.methodLength())
            : EndOfStreamFetches.word(ctx, out, EndOfStreamFetches.METHOD));
        // a parsed head in mode http; the bytes under inspection in mode tcp (PayloadFetches)
        r.fetch("req.proto_http", SampleType.BOOL, u | Uses.REQ_PAYLOAD, 0, 0, a -> (ctx, out) -> ctx.methodLength() > 0
            ? out.setBool(true) != null : PayloadFetches.protoHttp(ctx, out));
        r.fetch("path", SampleType.STR, u, 0, 0, a -> (ctx, out) -> ctx.pathLength() > 0
            && Fetches.view(ctx, out, ctx.pathStart(), ctx.pathLength()));
        r.fetch("pathq", SampleType.STR, u, 0, 0, a -> (ctx, out) -> ctx.pathLength() > 0
            && Fetches.view(ctx, out, ctx.pathStart(), targetEnd(ctx) - ctx.pathStart()));
        r.fetch("url", SampleType.STR, u, 0, 0, a -> (ctx, out) -> ctx.targetLength() > 0
            && Fetches.view(ctx, out, ctx.targetStart(), ctx.targetLength()));
        r.alias("req.uri", "url");
        r.fetch("query", SampleType.STR, u, 0, 0, a -> (ctx, out) -> {
            final int q = question(ctx);
            return q >= 0 && Fetches.view(ctx, out, q + 1, targetEnd(ctx) - q - 1);
        });
        r.fetch("base", SampleType.STR, u, 0, 0, a -> RequestFetches::base);
        r.fetch("url_param", SampleType.STR, u, 0, 2, a -> {
            final byte[] name = a.has(0) ? a.str(0).getBytes(StandardCharsets.UTF_8) : null;
            final byte delim = a.has(1) ? (byte) a.str(1).charAt(0) : (byte) '&';
            return (ctx, out) -> UrlParams.value(ctx, out, name, delim);
        });
        r.alias("urlp", "url_param");
        r.fetch("urlp_val", SampleType.SINT, u, 0, 2, a -> {
            final byte[] name = a.has(0) ? a.str(0).getBytes(StandardCharsets.UTF_8) : null;
            final byte delim = a.has(1) ? (byte) a.str(1).charAt(0) : (byte) '&';
            return (ctx, out) -> UrlParams.value(ctx, out, name, delim) && out.cast(SampleType.SINT, ctx.scratch());
        });
        HeaderFetches.register(r, "req.", u);
        r.alias("hdr", "req.hdr", Uses.REQ | Uses.RES);
        r.alias("hdr_cnt", "req.hdr_cnt");
        r.alias("hdr_ip", "req.hdr_ip");
        r.alias("hdr_val", "req.hdr_val");
        r.fetch("req.cook", SampleType.STR, u, 0, 1, a -> {
            final byte[] name = a.has(0) ? a.str(0).getBytes(StandardCharsets.UTF_8) : null;
            return (ctx, out) -> CookieValues.value(ctx, out, COOKIE, name, false);
        });
        r.alias("cook", "req.cook");
        r.fetch("req.cook_val", SampleType.SINT, u, 0, 1, a -> {
            final byte[] name = a.has(0) ? a.str(0).getBytes(StandardCharsets.UTF_8) : null;
            return (ctx, out) -> CookieValues.value(ctx, out, COOKIE, name, false)
                && out.cast(SampleType.SINT, ctx.scratch());
        });
        r.alias("cook_val", "req.cook_val");
        r.fetch("req.cook_cnt", SampleType.SINT, u, 0, 1, a -> {
            final byte[] name = a.has(0) ? a.str(0).getBytes(StandardCharsets.UTF_8) : null;
            return (ctx, out) -> ctx.buffer() != null
                && out.setInt(CookieValues.count(ctx, COOKIE, name, false, ctx.scratch().side)) != null;
        });
        r.alias("cook_cnt", "req.cook_cnt");
        r.fetch("req.ver", SampleType.STR, u, 0, 0, a -> (ctx, out) -> version(ctx, out));
        r.alias("req_ver", "req.ver");
        r.fetch("http_first_req", SampleType.BOOL, u, 0, 0, a -> (ctx, out) -> ctx.buffer() != null
            && out.setBool(ctx.firstRequest()) != null);
    }

    /** The end of the request target (before any fragment HAProxy would keep: the target as sent). */
    private static int targetEnd(final SampleContext ctx) {
        return ctx.targetStart() + ctx.targetLength();
    }

    /** The offset of the first {@code ?} of the target, or -1. */
    static int question(final SampleContext ctx) {
        final ByteBuffer b = ctx.buffer();
        if (b == null || ctx.targetLength() <= 0) {
            return -1;
        }
        for (int i = ctx.targetStart(), end = targetEnd(ctx); i < end; i++) {
            if (b.get(i) == '?') {
                return i;
            }
        }
        return -1;
    }

    /** The first Host value followed by the path, copied into a scratch buffer. */
    private static boolean base(final SampleContext ctx, final Sample out) {
        final ByteBuffer b = ctx.buffer();
        if (b == null || ctx.pathLength() <= 0) {
            return false;
        }
        final int host = ctx.indexOfHeader(HeaderName.HOST, 0);
        if (host < 0) {
            return Fetches.view(ctx, out, ctx.pathStart(), ctx.pathLength());
        }
        final ByteBuffer o = ctx.scratch().next();
        final int hostLength = Math.min(ctx.headerValueLength(host), o.capacity());
        o.put(0, b, ctx.headerValueStart(host), hostLength);
        final int pathLength = Math.min(ctx.pathLength(), o.capacity() - hostLength);
        o.put(hostLength, b, ctx.pathStart(), pathLength);
        o.position(hostLength + pathLength);
        return out.setBytes(SampleType.STR, o) != null;
    }

    /** "1.1" from the version number. */
    static boolean version(final SampleContext ctx, final Sample out) {
        final int v = ctx.httpVersion();
        if (v <= 0) {
            return false;
        }
        final ByteBuffer o = ctx.scratch().next();
        o.put((byte) ('0' + v / 10)).put((byte) '.').put((byte) ('0' + v % 10));
        return out.setBytes(SampleType.STR, o) != null;
    }
}
