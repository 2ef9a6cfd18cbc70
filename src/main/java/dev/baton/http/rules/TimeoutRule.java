package dev.baton.http.rules;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleExpr;
import dev.baton.sample.SampleType;
import dev.baton.sample.Scratch;

/**
 * {@code http-request set-timeout server|tunnel VALUE}: the stream's {@code timeout server} ({@code tunnel}) becomes
 * {@code ms}, or the integer (ms) {@code expr} gives, for this request only, as HAProxy 2.6's
 * {@code stream_set_timeout}: an expression that finds nothing leaves the timeout as it was; 0 or less means no
 * timeout (HAProxy's eternity).
 */
public record TimeoutRule(boolean tunnel, long ms, SampleExpr expr, Condition condition) implements HttpRule {
    @Override
    public Kind kind() {
        return Kind.SET_TIMEOUT;
    }

    /** The timeout in ms after this rule, {@code current} when its expression finds nothing. Allocation-free. */
    public long evaluate(final SampleContext ctx, final long current) {
        if (expr == null) {
            return ms;
        }
        final Scratch scratch = ctx.scratch();
        final Sample s = scratch.borrow();
        try {
            if (!expr.eval(ctx, s) || !s.cast(SampleType.SINT, scratch)) {
                return current;
            }
            return Math.max(0, s.number());
        } finally {
            scratch.giveBack();
        }
    }
}
