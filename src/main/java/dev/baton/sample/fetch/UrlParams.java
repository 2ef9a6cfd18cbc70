package dev.baton.sample.fetch;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;

import java.nio.ByteBuffer;

/**
 * {@code url_param(NAME[,DELIM])}: parameters of the query string, which starts after the first {@code ?} (or
 * {@code DELIM}), each ending before {@code &}, {@code ;} or {@code DELIM}; names compared case-sensitively, values as
 * sent (not decoded). The first match, or every match in turn under an ACL ({@code out.iterA} keeps the offset to
 * resume at). Allocation-free.
 */
final class UrlParams {
    private UrlParams() {
    }

    static boolean value(final SampleContext ctx, final Sample out, final byte[] name, final byte delim) {
        final ByteBuffer b = ctx.buffer();
        if (b == null || ctx.targetLength() <= 0) {
            return false;
        }
        final int end = ctx.targetStart() + ctx.targetLength();
        int at = ctx.targetStart();
        while (at < end && b.get(at) != '?' && b.get(at) != delim) {
            at++;
        }
        return value(b, at + 1, end, out, name, delim);
    }

    /**
     * The parameters of {@code b[start..end)} (a query string, a form-encoded body), as {@link #value(SampleContext,
     * Sample, byte[], byte)} reads them.
     */
    static boolean value(final ByteBuffer b, final int start, final int end, final Sample out, final byte[] name,
                         final byte delim) {
        int at = out.iterate() && out.iterA != 0 ? (int) out.iterA : start;
        while (at < end) {
            int stop = at;
            while (stop < end && b.get(stop) != '&' && b.get(stop) != ';' && b.get(stop) != delim) {
                stop++;
            }
            final int paramStart = at;
            at = stop + 1;
            int eq = paramStart;
            while (eq < stop && b.get(eq) != '=') {
                eq++;
            }
            if (name != null && !Fetches.same(b, paramStart, eq - paramStart, name)) {
                continue;
            }
            if (eq == stop && name == null && stop == paramStart) {
                continue;
            }
            final int vs = eq < stop ? eq + 1 : stop;
            out.setString(b, vs, stop - vs);
            out.iterA = at;
            out.more(out.iterate() && at < end);
            return true;
        }
        out.more(false);
        return false;
    }
}
