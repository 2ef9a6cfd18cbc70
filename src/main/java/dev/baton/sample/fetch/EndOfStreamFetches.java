package dev.baton.sample.fetch;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;
import dev.baton.sample.StreamTimer;
import dev.baton.sample.Uses;

/**
 * Fetches of what a stream still knows when its log line is built: {@code capture.req.hdr(N)},
 * {@code capture.res.hdr(N)}, {@code capture.req.method}, {@code capture.req.uri}, {@code capture.req.ver} (the words
 * of the request line kept for the log), {@code unique-id} and the stream timers ({@link StreamTimer}).
 */
public final class EndOfStreamFetches {
    static final int METHOD = 0;
    private static final int URI = 1;
    private static final int VERSION = 2;

    private EndOfStreamFetches() {
    }

    public static void register(final SampleRegistry r) {
        // as HAProxy's: the request's captures from its headers on (request and response rules, logs), the response's
        // from its headers on
        capture(r, "capture.req.hdr", false, Uses.REQ | Uses.RES | Uses.END);
        capture(r, "capture.res.hdr", true, Uses.RES | Uses.END);
        // in request and response rules too, as HAProxy's: the request line is kept from its parse on
        final int anywhere = Uses.REQ | Uses.RES | Uses.END;
        r.fetch("capture.req.method", SampleType.STR, anywhere, 0, 0, a -> (ctx, out) -> word(ctx, out, METHOD));
        r.fetch("capture.req.uri", SampleType.STR, anywhere, 0, 0, a -> (ctx, out) -> word(ctx, out, URI));
        r.fetch("capture.req.ver", SampleType.STR, anywhere, 0, 0, a -> (ctx, out) -> word(ctx, out, VERSION));
        // in HTTP rules too: HAProxy makes the id on first use, and the header and the log show the same one
        r.fetch("unique-id", SampleType.STR, Uses.REQ | Uses.RES | Uses.END, 0, 0, a -> (ctx, out) -> Fetches.copy(ctx, out,
            ctx.uniqueId(), ctx.uniqueIdLength()));
        timers(r);
    }

    /** {@code txn.timer.user}, {@code bc.timer.connect}...: the log's timers, in logs and in HTTP rules. */
    private static void timers(final SampleRegistry r) {
        for (final StreamTimer t : StreamTimer.values()) {
            r.fetch(t.fetch(), SampleType.SINT, t.uses(), 0, 0, a -> (ctx, out) -> {
                final long ms = ctx.timerMs(t);
                return ms != SampleContext.NO_TIMER && out.setInt(ms) != null;
            });
        }
    }

    private static void capture(final SampleRegistry r, final String name, final boolean response, final int uses) {
        r.fetch(name, SampleType.STR, uses, 1, 1, a -> {
            final long slot = a.integer(0);
            if (slot < 0 || slot > Integer.MAX_VALUE) {
                throw new SampleException("expects a capture index (0, 1...)");
            }
            return (ctx, out) -> Fetches.copy(ctx, out, ctx.capture(response, (int) slot),
                ctx.captureLength(response, (int) slot));
        });
    }

    /** Word {@code which} of the request line copy, split on spaces as HAProxy does. */
    static boolean word(final SampleContext ctx, final Sample out, final int which) {
        final byte[] line = ctx.requestLine();
        final int n = ctx.requestLineLength();
        if (line == null || n == 0) {
            return false;
        }
        int from = 0;
        for (int w = 0; w < which; w++) {
            while (from < n && line[from] != ' ') {
                from++;
            }
            if (from == n) {
                return false;
            }
            from++;
        }
        int to = from;
        while (to < n && (which == VERSION || line[to] != ' ')) {
            to++;
        }
        final java.nio.ByteBuffer o = ctx.scratch().next();
        o.put(line, from, to - from);
        return out.setBytes(SampleType.STR, o) != null;
    }
}
