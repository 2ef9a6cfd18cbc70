package dev.baton.stick;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleExpr;
import dev.baton.sample.Scratch;

/**
 * One stick-counter action of a rule, compiled at load: {@code track-scN KEY [table NAME]} ({@link Kind#TRACK}:
 * {@code expr} gives the key, {@code table} names the table, the rule's own proxy's when not written),
 * {@code sc-inc-gpc0(N)}, {@code sc-inc-gpc1(N)} and {@code sc-set-gpt0(N) VALUE} ({@code expr} gives the value).
 * As HAProxy, an action whose key or value gives no sample, or whose slot tracks nothing, does nothing and the rules
 * go on. Runs on the stream's reactor thread; allocation-free once the tracked entry exists.
 */
public record StickAction(Kind kind, int slot, SampleExpr expr, String table) {
    /** What the action does. */
    public enum Kind {
        TRACK, INC_GPC0, INC_GPC1, SET_GPT0
    }

    /**
     * Applies the action for the stream {@code ctx} evaluates: a track for the whole connection when
     * {@code connection} ({@code tcp-request connection|session}), else for the stream; {@code httpStatus} is the
     * response's status for an {@code http-response} rule, 0 on a request, -1 outside HTTP.
     */
    public void apply(final SampleContext ctx, final boolean connection, final int httpStatus) {
        final StickCounters counters = ctx.stickCounters();
        if (counters == null) {
            return;
        }
        if (kind == Kind.TRACK) {
            track(ctx, counters, connection, httpStatus);
            return;
        }
        final StickEntry e = counters.entry(slot);
        if (e == null) {
            return;
        }
        final StickTable t = counters.table(slot);
        switch (kind) {
            case INC_GPC0:
                t.add(e, StickDataType.GPC0, StickDataType.GPC0_RATE, 1);
                break;
            case INC_GPC1:
                t.add(e, StickDataType.GPC1, StickDataType.GPC1_RATE, 1);
                break;
            default: {
                final Scratch scratch = ctx.scratch();
                final Sample s = scratch.borrow();
                try {
                    if (expr.eval(ctx, s) && s.cast(dev.baton.sample.SampleType.SINT, scratch)) {
                        t.set(e, StickDataType.GPT0, s.number() & 0xffffffffL);
                    }
                } finally {
                    scratch.giveBack();
                }
                break;
            }
        }
    }

    private void track(final SampleContext ctx, final StickCounters counters, final boolean connection,
                       final int httpStatus) {
        if (counters.entry(slot) != null) {
            return;
        }
        final StickTable t = counters.tables().get(table);
        if (t == null) {
            return;
        }
        final Scratch scratch = ctx.scratch();
        final Sample s = scratch.borrow();
        try {
            final StickKey probe = StickKey.threadProbe();
            if (!expr.eval(ctx, s) || !probe.set(t.config(), s, scratch)) {
                return;
            }
            counters.track(slot, t, probe, connection, httpStatus >= 0);
        } finally {
            scratch.giveBack();
        }
        if (httpStatus >= 400 && httpStatus < 500) {
            final StickEntry e = counters.entry(slot);
            if (e != null) {
                t.add(e, StickDataType.HTTP_ERR_CNT, StickDataType.HTTP_ERR_RATE, 1);
            }
        }
    }
}
