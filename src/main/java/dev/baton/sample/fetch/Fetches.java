package dev.baton.sample.fetch;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleException;

import java.nio.ByteBuffer;

/** Small helpers shared by the fetch catalogs. Stateless; allocation-free except at load. */
final class Fetches {
    private Fetches() {
    }

    /** {@code bytes[0..length)} as a string sample, copied into a scratch buffer; false for null or negative length. */
    static boolean copy(final SampleContext ctx, final Sample out, final byte[] bytes, final int length) {
        if (bytes == null || length < 0) {
            return false;
        }
        final ByteBuffer b = ctx.scratch().next();
        final int n = Math.min(length, b.capacity());
        b.put(bytes, 0, n);
        return out.setBytes(dev.baton.sample.SampleType.STR, b) != null;
    }

    /** A whole name as a string sample, or false when null. */
    static boolean copy(final SampleContext ctx, final Sample out, final byte[] bytes) {
        return bytes != null && copy(ctx, out, bytes, bytes.length);
    }

    /** A string view of the head: false when there is no head or {@code length} is negative. */
    static boolean view(final SampleContext ctx, final Sample out, final int start, final int length) {
        final ByteBuffer b = ctx.buffer();
        return b != null && length >= 0 && out.setString(b, start, length) != null;
    }

    /** A non-negative count as an integer sample; false when negative (unknown). */
    static boolean count(final Sample out, final long value) {
        return value >= 0 && out.setInt(value) != null;
    }

    /**
     * A header name argument. As HAProxy, any non-empty text is taken; one that is not a token names a header no
     * message can carry (the parser refuses such fields), so the fetch finds nothing.
     */
    static dev.baton.http.text.HeaderName header(final String name) {
        if (name.isEmpty()) {
            throw new SampleException("missing header name");
        }
        return dev.baton.http.text.HeaderName.isToken(name) ? dev.baton.http.text.HeaderName.of(name)
            : dev.baton.http.text.HeaderName.neverPresent(name);
    }

    /** An occurrence argument (1 the first, -1 the last, 0 all values) of a header fetch. */
    static int occurrence(final dev.baton.sample.Args a, final int i) {
        final long occ = a.integer(i, 0);
        if (occ > Integer.MAX_VALUE || occ < -Integer.MAX_VALUE) {
            throw new SampleException("occurrence out of range");
        }
        return (int) occ;
    }

    /** Whether {@code b[start..start+len)} is exactly {@code name}. */
    static boolean same(final ByteBuffer b, final int start, final int len, final byte[] name) {
        if (len != name.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b.get(start + i) != name[i]) {
                return false;
            }
        }
        return true;
    }
}
