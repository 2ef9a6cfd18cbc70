package dev.baton.http.rules;

import dev.baton.log.LogCaptures;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleExpr;
import dev.baton.sample.SampleType;
import dev.baton.sample.Scratch;

/**
 * {@code http-request capture EXPR len N|id N} and {@code http-response capture EXPR id N}: the value of {@code expr}
 * as a string, cut to the slot's length, goes into capture slot {@code slot} of the frontend's request (or
 * response) captures, where {@code %hr}/{@code %hrl} ({@code %hs}/{@code %hsl}) and {@code capture.req.hdr(N)} read
 * it. As HAProxy 2.6's {@code http_action_req_capture[_by_id]}: no sample, or no such slot in the frontend (a
 * backend's rule, checked only at run time), and nothing is kept; the list goes on.
 */
public record CaptureRule(SampleExpr expr, int slot, boolean response, Condition condition) implements HttpRule {
    @Override
    public Kind kind() {
        return Kind.CAPTURE;
    }

    /** Runs the action on {@code captures} (null: the frontend keeps none). Owner thread; allocation-free. */
    public void apply(final SampleContext ctx, final LogCaptures captures) {
        if (captures == null || slot < 0 || slot >= (response ? captures.responseCount() : captures.requestCount())) {
            return;
        }
        final Scratch scratch = ctx.scratch();
        final Sample s = scratch.borrow();
        try {
            if (!expr.eval(ctx, s) || !s.cast(SampleType.STR, scratch)) {
                return;
            }
            if (response) {
                captures.setResponse(slot, s.buffer(), s.offset(), s.length());
            } else {
                captures.setRequest(slot, s.buffer(), s.offset(), s.length());
            }
        } finally {
            scratch.giveBack();
        }
    }
}
