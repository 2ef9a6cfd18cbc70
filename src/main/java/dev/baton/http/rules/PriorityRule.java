package dev.baton.http.rules;

/**
 * {@code http-request set-priority-class EXPR} and {@code set-priority-offset EXPR}: where the request stands
 * if it has to wait in a queue (docs/queues.md Q6). The class (lower first) is clamped to HAProxy's
 * -2047..2047, the offset (ms added to the arrival time, lower first) to -524287..524287. A constant {@code int(N)}
 * is {@code value}, clamped by the parser ({@code expr} null); any other sample expression is {@code expr}, evaluated
 * per request as an integer and clamped then; when it gives no integer the request keeps what it had, as in HAProxy.
 * A later matching rule of the same kind replaces the value, as in HAProxy.
 */
public record PriorityRule(Kind kind, int value, Condition condition, dev.baton.sample.SampleExpr expr)
    implements HttpRule {
    /** HAProxy's bounds of a priority class. */
    public static final int MAX_CLASS = 2047;
    /** HAProxy's bounds of a priority offset, in ms. */
    public static final int MAX_OFFSET_MS = 524287;

    public PriorityRule {
        if (kind != Kind.SET_PRIORITY_CLASS && kind != Kind.SET_PRIORITY_OFFSET) {
            throw new IllegalArgumentException("not a priority kind: " + kind);
        }
    }

    /** A constant priority. */
    public PriorityRule(final Kind kind, final int value, final Condition condition) {
        this(kind, value, condition, null);
    }

    /** The value for the request {@code ctx} evaluates: {@code current} when the expression gives no integer. */
    public int evaluate(final dev.baton.sample.SampleContext ctx, final int current) {
        if (expr == null) {
            return value;
        }
        final dev.baton.sample.Scratch scratch = ctx.scratch();
        final dev.baton.sample.Sample s = scratch.borrow();
        try {
            if (!expr.eval(ctx, s) || !s.cast(dev.baton.sample.SampleType.SINT, scratch)) {
                return current;
            }
            final long limit = kind == Kind.SET_PRIORITY_CLASS ? MAX_CLASS : MAX_OFFSET_MS;
            return (int) Math.max(-limit, Math.min(limit, s.number()));
        } finally {
            scratch.giveBack();
        }
    }
}
