package dev.baton.http.rules;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleExpr;
import dev.baton.sample.Scratch;
import dev.baton.sample.vars.VarName;
import dev.baton.sample.vars.VarStore;
import dev.baton.sample.vars.Vars;

import java.nio.ByteBuffer;

/**
 * {@code set-var(NAME[,COND...]) EXPR} ({@code expr} set), {@code set-var-fmt(NAME[,COND...]) FMT} ({@code format}
 * set) and {@code unset-var(NAME)} of {@code http-request}, {@code http-response} and {@code http-after-response}:
 * as HAProxy 2.6's {@code action_store}/{@code action_clear}, a rule whose expression gives no sample, whose
 * conditions ({@code VarStore.IF_*} bits) refuse, or whose scope is not available here does nothing, and the list
 * goes on.
 */
public record VarRule(Kind kind, VarName var, int conditions, SampleExpr expr, ValueTemplate format,
                      Condition condition) implements HttpRule {
    public VarRule {
        if (kind != Kind.SET_VAR && kind != Kind.SET_VAR_FMT && kind != Kind.UNSET_VAR) {
            throw new IllegalArgumentException(kind + " is not a variable action");
        }
        if ((expr != null) != (kind == Kind.SET_VAR) || (format != null) != (kind == Kind.SET_VAR_FMT)) {
            throw new IllegalArgumentException(kind + ": expression or format does not match the action");
        }
    }

    /**
     * Runs the action for the stream {@code ctx} evaluates; {@code text} receives a {@code set-var-fmt} value (its
     * capacity bounds it: a longer one sets nothing). Owner thread; allocation-free.
     */
    public void apply(final SampleContext ctx, final ByteBuffer text) {
        final VarStore store = Vars.store(ctx, var.scope());
        if (store == null) {
            return;
        }
        if (kind == Kind.UNSET_VAR) {
            store.unset(var.slot());
            return;
        }
        final Scratch scratch = ctx.scratch();
        final Sample s = scratch.borrow();
        try {
            if (kind == Kind.SET_VAR) {
                if (expr.eval(ctx, s)) {
                    store.set(var.slot(), s, conditions);
                }
                return;
            }
            text.clear();
            final int n = format.render(ctx, text);
            if (n >= 0) {
                store.set(var.slot(), s.setString(text, 0, n), conditions);
            }
        } finally {
            scratch.giveBack();
        }
    }
}
