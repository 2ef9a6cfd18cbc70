package dev.baton.log;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleExpr;
import dev.baton.sample.SampleType;
import dev.baton.sample.Scratch;

/**
 * A {@code %[fetch,converter...]} of a log format, evaluated by the sample engine when the line is rendered, over
 * what the end of a stream still knows ({@link LogSampleContext}): addresses, names, status, unique id, captures.
 * Immutable; {@link #append} allocates nothing beyond the line's own growth.
 */
public final class LogSample {
    private final SampleExpr expr;

    public LogSample(final SampleExpr expr) {
        this.expr = expr;
    }

    /**
     * Appends the sample's value to {@code sb} (one char per byte); false (nothing appended) when the fetch finds
     * nothing, which the format shows as {@code -}.
     */
    boolean append(final StreamLogFields f, final StringBuilder sb) {
        final LogSampleContext ctx = LogSampleContext.of(f);
        final Scratch scratch = ctx.scratch();
        final Sample s = scratch.borrow();
        try {
            if (!expr.eval(ctx, s) || !s.cast(SampleType.STR, scratch)) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                sb.append((char) (s.byteAt(i) & 0xff));
            }
            return true;
        } finally {
            scratch.giveBack();
        }
    }

    @Override
    public String toString() {
        return expr.toString();
    }
}
