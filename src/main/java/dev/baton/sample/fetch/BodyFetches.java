package dev.baton.sample.fetch;

import dev.baton.sample.MessageBody;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;
import dev.baton.sample.Uses;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The body fetches of HAProxy 2.6 over what is buffered of the message ({@link MessageBody}): {@code req.body} and
 * {@code res.body} (binary: the data, de-chunked), {@code req.body_len} / {@code res.body_len} (its length),
 * {@code req.body_size} / {@code res.body_size} (the length announced), {@code req.body_param([NAME])} (a
 * parameter of a form-encoded body, as {@code url_param} reads the query string). What is buffered is the whole body
 * only when the rules waited for it ({@code http-request wait-for-body}, {@code option http-buffer-request}); else
 * what came with the head. Allocation-free.
 */
public final class BodyFetches {
    private BodyFetches() {
    }

    public static void register(final SampleRegistry r) {
        for (final boolean response : new boolean[] {false, true}) {
            final String p = response ? "res." : "req.";
            final int u = response ? Uses.RES : Uses.REQ;
            r.fetch(p + "body", SampleType.BIN, u, 0, 0, a -> (ctx, out) -> data(ctx, out, response, SampleType.BIN));
            r.fetch(p + "body_len", SampleType.SINT, u, 0, 0, a -> (ctx, out) -> {
                final MessageBody b = ctx.body(response);
                return b != null && out.setInt(b.length()) != null;
            });
            r.fetch(p + "body_size", SampleType.SINT, u, 0, 0, a -> (ctx, out) -> {
                final MessageBody b = ctx.body(response);
                return b != null && out.setInt(b.size()) != null;
            });
        }
        // declared binary as in HAProxy's table (an ACL's default match), the value itself is a string
        r.fetch("req.body_param", SampleType.BIN, Uses.REQ, 0, 1, a -> {
            final byte[] name = a.has(0) && !a.str(0).isEmpty() ? a.str(0).getBytes(StandardCharsets.UTF_8) : null;
            return (ctx, out) -> param(ctx, out, name);
        });
    }

    private static boolean data(final SampleContext ctx, final Sample out, final boolean response,
                                final SampleType type) {
        final MessageBody b = ctx.body(response);
        return b != null && b.data(out, type, ctx.scratch().next());
    }

    /** A parameter of the request body: the data is re-read on each call, so an ACL's later values stay valid. */
    private static boolean param(final SampleContext ctx, final Sample out, final byte[] name) {
        final long resumeAt = out.iterA;
        final boolean iterate = out.iterate();
        if (!data(ctx, out, false, SampleType.STR)) {
            return false;
        }
        final ByteBuffer body = out.buffer();
        final int start = out.offset();
        final int end = start + out.length();
        out.iterA = iterate ? resumeAt : 0;
        return UrlParams.value(body, start, end, out, name, (byte) '&');
    }
}
