package dev.baton.sample.fetch;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;
import dev.baton.sample.Varint;

import java.nio.ByteBuffer;

/**
 * HAProxy 2.6's whole-header-block fetches, which SPOE agents (WAFs) are usually sent: {@code req.hdrs} /
 * {@code res.hdrs}, the header lines as {@code name: value} with CRLFs and the empty line that ends them, names in
 * lower case as HAProxy's HTX holds them; {@code req.hdrs_bin} / {@code res.hdrs_bin}, each header as a
 * length-prefixed name then value (HAProxy's variable-length integers), ended by two empty strings. Built in a
 * scratch buffer; a block larger than it gives no value, as HAProxy's larger than its buffer. No allocation.
 */
final class HeaderBlockFetches {
    private HeaderBlockFetches() {
    }

    static void register(final SampleRegistry r, final String prefix, final int uses) {
        r.fetch(prefix + "hdrs", SampleType.STR, uses, 0, 0, a -> (ctx, out) -> block(ctx, out, false));
        r.fetch(prefix + "hdrs_bin", SampleType.BIN, uses, 0, 0, a -> (ctx, out) -> block(ctx, out, true));
    }

    /** The block in the text form, or in the binary one. */
    private static boolean block(final SampleContext ctx, final Sample out, final boolean binary) {
        final ByteBuffer b = ctx.buffer();
        if (b == null) {
            return false;
        }
        final ByteBuffer o = ctx.scratch().next();
        for (int i = 0; i < ctx.headerCount(); i++) {
            final int n = ctx.headerNameLength(i);
            final int v = ctx.headerValueLength(i);
            if (o.remaining() < n + v + 12) {
                return false;
            }
            if (binary) {
                Varint.write(o, n);
            }
            lower(o, b, ctx.headerNameStart(i), n);
            if (binary) {
                Varint.write(o, v);
            } else {
                o.put((byte) ':').put((byte) ' ');
            }
            o.put(o.position(), b, ctx.headerValueStart(i), v);
            o.position(o.position() + v);
            if (!binary) {
                o.put((byte) '\r').put((byte) '\n');
            }
        }
        if (binary) {
            o.put((byte) 0).put((byte) 0); // an empty name and an empty value end the list
        } else {
            o.put((byte) '\r').put((byte) '\n');
        }
        return out.setBytes(binary ? SampleType.BIN : SampleType.STR, o) != null;
    }

    private static void lower(final ByteBuffer o, final ByteBuffer b, final int from, final int length) {
        for (int i = 0; i < length; i++) {
            final byte c = b.get(from + i);
            o.put(c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c);
        }
    }
}
