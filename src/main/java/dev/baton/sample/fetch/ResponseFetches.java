package dev.baton.sample.fetch;

import dev.baton.http.text.HeaderName;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;
import dev.baton.sample.Uses;

import java.nio.charset.StandardCharsets;

/**
 * Fetches of the HTTP response head: {@code status}, {@code res.ver}/{@code resp_ver}, the header fetches
 * ({@code res.hdr}/{@code shdr}...), {@code res.cook}/{@code scook([NAME])} (the first pair of each
 * {@code Set-Cookie} line), {@code res.cook_cnt}/{@code scook_cnt}, {@code res.cook_val}/{@code scook_val}.
 */
public final class ResponseFetches {
    private static final HeaderName SET_COOKIE = HeaderName.of("Set-Cookie");

    private ResponseFetches() {
    }

    public static void register(final SampleRegistry r) {
        final int u = Uses.RES;
        r.fetch("status", SampleType.SINT, u | Uses.END, 0, 0, a -> (ctx, out) -> ctx.status() > 0
            && out.setInt(ctx.status()) != null);
        r.fetch("res.ver", SampleType.STR, u, 0, 0, a -> RequestFetches::version);
        // HAProxy's cache: whether the response is a cache's answer, and that cache's name (none otherwise)
        r.fetch("res.cache_hit", SampleType.BOOL, u, 0, 0, a -> (ctx, out) -> ctx.stream() != null
            && out.setBool(ctx.stream().cacheName() != null) != null);
        r.fetch("res.cache_name", SampleType.STR, u, 0, 0, a -> (ctx, out) -> ctx.stream() != null
            && ctx.stream().cacheName() != null && Fetches.copy(ctx, out, ctx.stream().cacheName()));
        r.alias("resp_ver", "res.ver");
        HeaderFetches.register(r, "res.", u);
        r.alias("shdr", "res.hdr");
        r.alias("shdr_cnt", "res.hdr_cnt");
        r.alias("shdr_ip", "res.hdr_ip");
        r.alias("shdr_val", "res.hdr_val");
        r.fetch("res.cook", SampleType.STR, u, 0, 1, a -> {
            final byte[] name = a.has(0) ? a.str(0).getBytes(StandardCharsets.UTF_8) : null;
            return (ctx, out) -> CookieValues.value(ctx, out, SET_COOKIE, name, true);
        });
        r.alias("scook", "res.cook");
        r.fetch("res.cook_val", SampleType.SINT, u, 0, 1, a -> {
            final byte[] name = a.has(0) ? a.str(0).getBytes(StandardCharsets.UTF_8) : null;
            return (ctx, out) -> CookieValues.value(ctx, out, SET_COOKIE, name, true)
                && out.cast(SampleType.SINT, ctx.scratch());
        });
        r.alias("scook_val", "res.cook_val");
        r.fetch("res.cook_cnt", SampleType.SINT, u, 0, 1, a -> {
            final byte[] name = a.has(0) ? a.str(0).getBytes(StandardCharsets.UTF_8) : null;
            return (ctx, out) -> ctx.buffer() != null
                && out.setInt(CookieValues.count(ctx, SET_COOKIE, name, true, ctx.scratch().side)) != null;
        });
        r.alias("scook_cnt", "res.cook_cnt");
    }
}
