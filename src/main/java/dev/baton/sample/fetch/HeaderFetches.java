package dev.baton.sample.fetch;

import dev.baton.http.text.HeaderName;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;

import java.nio.ByteBuffer;

/**
 * The header fetches of one side, registered twice ({@code req.*} and {@code res.*} with their short names):
 * {@code hdr(NAME[,OCC])} (comma-separated values), {@code fhdr(NAME[,OCC])} (whole lines), {@code hdr_cnt([NAME])},
 * {@code fhdr_cnt([NAME])}, {@code hdr_ip(NAME[,OCC])}, {@code hdr_val(NAME[,OCC])}. Without an occurrence a fetch
 * gives the last value, or every value in turn under an ACL.
 */
final class HeaderFetches {
    private HeaderFetches() {
    }

    /** Registers the fetches named {@code prefix + "hdr"}... readable where {@code uses} is offered. */
    static void register(final SampleRegistry r, final String prefix, final int uses) {
        HeaderBlockFetches.register(r, prefix, uses);
        r.fetch(prefix + "hdr", SampleType.STR, uses, 1, 2, a -> {
            final HeaderName name = Fetches.header(a.required(0, "string"));
            final int occ = Fetches.occurrence(a, 1);
            return (ctx, out) -> value(ctx, out, name, occ);
        });
        r.fetch(prefix + "fhdr", SampleType.STR, uses, 1, 2, a -> {
            final HeaderName name = Fetches.header(a.required(0, "string"));
            final int occ = Fetches.occurrence(a, 1);
            return (ctx, out) -> line(ctx, out, name, occ);
        });
        r.fetch(prefix + "hdr_cnt", SampleType.SINT, uses, 0, 1, a -> {
            final HeaderName name = a.has(0) ? Fetches.header(a.str(0)) : null;
            return (ctx, out) -> ctx.buffer() != null
                && out.setInt(name == null ? allValues(ctx) : HeaderValues.count(ctx, name)) != null;
        });
        r.fetch(prefix + "fhdr_cnt", SampleType.SINT, uses, 0, 1, a -> {
            final HeaderName name = a.has(0) ? Fetches.header(a.str(0)) : null;
            return (ctx, out) -> ctx.buffer() != null && out.setInt(lines(ctx, name)) != null;
        });
        r.fetch(prefix + "hdr_ip", SampleType.ADDR, uses, 1, 2, a -> {
            final HeaderName name = Fetches.header(a.required(0, "string"));
            final int occ = Fetches.occurrence(a, 1);
            return (ctx, out) -> value(ctx, out, name, occ) && out.cast(SampleType.ADDR, ctx.scratch());
        });
        r.fetch(prefix + "hdr_val", SampleType.SINT, uses, 1, 2, a -> {
            final HeaderName name = Fetches.header(a.required(0, "string"));
            final int occ = Fetches.occurrence(a, 1);
            return (ctx, out) -> value(ctx, out, name, occ) && out.cast(SampleType.SINT, ctx.scratch());
        });
    }

    /** One value of {@code name} (occurrence {@code occ}, the last when 0), or the next one under an ACL. */
    static boolean value(final SampleContext ctx, final Sample out, final HeaderName name, final int occ) {
        final ByteBuffer b = ctx.buffer();
        if (b == null) {
            return false;
        }
        if (occ != 0 || !out.iterate()) {
            final long v = HeaderValues.find(ctx, name, occ == 0 ? -1 : occ);
            out.more(false);
            return v >= 0 && out.setString(b, HeaderValues.start(v), HeaderValues.length(v)) != null;
        }
        if (out.iterA < 0) {
            return false;
        }
        final long cursor = HeaderValues.next(ctx, name, out.iterA);
        out.iterA = cursor;
        if (cursor < 0) {
            out.more(false);
            return false;
        }
        final long v = HeaderValues.spanAt(ctx, cursor);
        out.more(true);
        return out.setString(b, HeaderValues.start(v), HeaderValues.length(v)) != null;
    }

    /** One whole line of {@code name}, as {@link #value} does for values. */
    private static boolean line(final SampleContext ctx, final Sample out, final HeaderName name, final int occ) {
        final ByteBuffer b = ctx.buffer();
        if (b == null) {
            return false;
        }
        int h;
        if (occ != 0 || !out.iterate()) {
            out.more(false);
            int wanted = occ == 0 ? -1 : occ;
            if (wanted < 0) {
                wanted = lines(ctx, name) + 1 + wanted;
            }
            if (wanted <= 0) {
                return false;
            }
            h = ctx.indexOfHeader(name, 0);
            while (h >= 0 && --wanted > 0) {
                h = ctx.indexOfHeader(name, h + 1);
            }
        } else {
            h = ctx.indexOfHeader(name, (int) out.iterA);
            out.iterA = h + 1;
            out.more(h >= 0);
        }
        return h >= 0 && out.setString(b, ctx.headerValueStart(h), ctx.headerValueLength(h)) != null;
    }

    private static int lines(final SampleContext ctx, final HeaderName name) {
        if (name == null) {
            return ctx.headerCount();
        }
        int n = 0;
        for (int h = ctx.indexOfHeader(name, 0); h >= 0; h = ctx.indexOfHeader(name, h + 1)) {
            n++;
        }
        return n;
    }

    /** Values over every header line ({@code hdr_cnt} without a name). */
    private static int allValues(final SampleContext ctx) {
        final ByteBuffer b = ctx.buffer();
        int n = 0;
        for (int h = 0; h < ctx.headerCount(); h++) {
            n++;
            boolean quoted = false;
            for (int i = ctx.headerValueStart(h), end = i + ctx.headerValueLength(h); i < end; i++) {
                final byte c = b.get(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    n++;
                }
            }
        }
        return n;
    }
}
