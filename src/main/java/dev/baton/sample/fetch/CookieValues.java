package dev.baton.sample.fetch;

import dev.baton.http.text.HeaderName;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;

import java.nio.ByteBuffer;

/**
 * Cookies of a {@code Cookie} request header ({@code name=value} pairs separated by {@code ;}) or of
 * {@code Set-Cookie} response headers (the first pair of each line), as {@code req.cook}/{@code res.cook} see them:
 * names compared case-sensitively, spaces around names and values ignored. Allocation-free.
 */
final class CookieValues {
    private CookieValues() {
    }

    /**
     * The value of cookie {@code name} (null: any cookie): the last one, or the next one under an ACL, whose
     * position is kept in {@code out.iterA} (header index + 1) and {@code out.iterB} (offset to resume at).
     * {@code firstOnly}: a Set-Cookie line, whose only cookie is its first pair.
     */
    static boolean value(final SampleContext ctx, final Sample out, final HeaderName header, final byte[] name,
                         final boolean firstOnly) {
        final ByteBuffer b = ctx.buffer();
        if (b == null) {
            return false;
        }
        if (!out.iterate()) {
            out.more(false);
            long found = -1;
            long cursor = 0;
            while ((cursor = next(ctx, header, name, firstOnly, cursor, out)) > 0) {
                found = cursor;
                if (name == null) {
                    break;
                }
            }
            return found > 0;
        }
        if (out.iterA < 0) {
            return false;
        }
        final long cursor = next(ctx, header, name, firstOnly, out.iterA, out);
        out.iterA = cursor;
        out.more(cursor > 0);
        return cursor > 0;
    }

    /** How many cookies named {@code name} (null: all) the side's lines hold. */
    static int count(final SampleContext ctx, final HeaderName header, final byte[] name, final boolean firstOnly,
                     final Sample scratch) {
        int n = 0;
        long cursor = 0;
        while ((cursor = next(ctx, header, name, firstOnly, cursor, scratch)) > 0) {
            n++;
        }
        return n;
    }

    /**
     * Finds the next matching cookie after {@code cursor} ({@code (header + 1) << 32 | offset}, 0 to start), sets
     * {@code out} to its value and returns the cursor after it, or -1 (leaving {@code out} alone).
     */
    private static long next(final SampleContext ctx, final HeaderName header, final byte[] name,
                             final boolean firstOnly, final long cursor, final Sample out) {
        final ByteBuffer b = ctx.buffer();
        int h = cursor == 0 ? ctx.indexOfHeader(header, 0) : (int) (cursor >>> 32) - 1;
        int at = cursor == 0 && h >= 0 ? ctx.headerValueStart(h) : (int) cursor;
        while (h >= 0) {
            final int end = ctx.headerValueStart(h) + ctx.headerValueLength(h);
            while (at < end) {
                int semi = at;
                while (semi < end && b.get(semi) != ';') {
                    semi++;
                }
                final int pairStart = at;
                at = semi + 1;
                if (firstOnly && pairStart != ctx.headerValueStart(h)) {
                    at = end;
                    break;
                }
                int eq = pairStart;
                while (eq < semi && b.get(eq) != '=') {
                    eq++;
                }
                if (eq == semi) {
                    continue;
                }
                int ns = pairStart;
                int ne = eq;
                while (ns < ne && isSpace(b.get(ns))) {
                    ns++;
                }
                while (ne > ns && isSpace(b.get(ne - 1))) {
                    ne--;
                }
                if (name != null && !Fetches.same(b, ns, ne - ns, name)) {
                    continue;
                }
                int vs = eq + 1;
                int ve = semi;
                while (vs < ve && isSpace(b.get(vs))) {
                    vs++;
                }
                while (ve > vs && isSpace(b.get(ve - 1))) {
                    ve--;
                }
                out.setString(b, vs, ve - vs);
                return (long) (h + 1) << 32 | Math.min(at, end);
            }
            h = ctx.indexOfHeader(header, h + 1);
            at = h >= 0 ? ctx.headerValueStart(h) : 0;
        }
        return -1;
    }

    private static boolean isSpace(final byte c) {
        return c == ' ' || c == '\t';
    }
}
