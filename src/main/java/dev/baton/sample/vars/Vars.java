package dev.baton.sample.vars;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.Scratch;

/**
 * The variables one stream sees, by scope: the process's ({@link VarNames#proc()}), its session's (attached, owned
 * by the client connection), and its own transaction, request and response variables. Request variables are visible
 * until the response starts to be processed ({@link #beginResponse}), response variables from then on, as in HAProxy
 * 2.6 where one store changes from {@code req} to {@code res}. A {@link SampleContext} hands it to fetches and rules
 * ({@link SampleContext#vars()}).
 *
 * <p><b>API for rule engines</b> (http rules here; {@code tcp-request content|session set-var} and others): give each
 * stream one {@code Vars} (made once and reused: a request workspace holds one), {@link #attach} the session's
 * {@link VarStore} (made with the client connection, {@code new VarStore(VarScope.SESS)}), call {@link #beginRequest}
 * per request and {@link #beginResponse} before response rules, and {@link #set}, {@link #unset}, {@link #get} with the
 * {@link VarName}s resolved at load by {@link VarNames#resolve}. {@link #detach} when the stream ends. Owner reactor
 * thread only; allocation-free once the stores have grown to their values.
 */
public final class Vars {
    private VarStore sess;
    private final VarStore txn = new VarStore(VarScope.TXN);
    private final VarStore req = new VarStore(VarScope.REQ);
    private final VarStore res = new VarStore(VarScope.RES);
    private boolean response;

    /** The stream belongs to a session whose variables are {@code sessionVars} (null: none). */
    public void attach(final VarStore sessionVars) {
        this.sess = sessionVars;
    }

    /** A new request: its transaction and request variables start empty. */
    public void beginRequest() {
        txn.clear();
        req.clear();
        res.clear();
        response = false;
    }

    /** The response is being processed: request variables are gone, response variables visible. */
    public void beginResponse() {
        if (!response) {
            req.clear();
            response = true;
        }
    }

    /** The stream ended: everything of it forgotten and the session let go. */
    public void detach() {
        beginRequest();
        sess = null;
    }

    /** The store of {@code scope} as this stream sees it now, or null (no session; the other half of req/res). */
    public VarStore store(final VarScope scope) {
        switch (scope) {
            case PROC:
                return VarNames.proc();
            case SESS:
                return sess;
            case TXN:
                return txn;
            case REQ:
                return response ? null : req;
            default:
                return response ? res : null;
        }
    }

    /** Sets {@code v} to {@code smp} when {@code conditions} ({@code VarStore.IF_*}) hold; false otherwise. */
    public boolean set(final VarName v, final Sample smp, final int conditions) {
        final VarStore s = store(v.scope());
        return s != null && s.set(v.slot(), smp, conditions);
    }

    /** Unsets {@code v}; false when its scope is not available here. */
    public boolean unset(final VarName v) {
        final VarStore s = store(v.scope());
        if (s == null) {
            return false;
        }
        s.unset(v.slot());
        return true;
    }

    /** The value of {@code v} into {@code out}; false when it has none. */
    public boolean get(final VarName v, final Sample out, final Scratch scratch) {
        final VarStore s = store(v.scope());
        return s != null && s.get(v.slot(), out, scratch);
    }

    /**
     * The value of {@code v} as {@code ctx} sees it, cast to {@code type}, into {@code out} (a converter's variable
     * argument: {@code add(txn.n)}, {@code concat(,txn.x,)}, {@code strcmp(txn.x)}); false when it is not set or
     * does not cast. No allocation.
     */
    public static boolean read(final SampleContext ctx, final VarName v, final dev.baton.sample.Sample out,
                               final dev.baton.sample.SampleType type) {
        final VarStore s = store(ctx, v.scope());
        return s != null && s.get(v.slot(), out, ctx.scratch()) && out.cast(type, ctx.scratch());
    }

    /** The store of {@code scope} for {@code ctx}: its stream's, or for a context without one only the process's. */
    public static VarStore store(final SampleContext ctx, final VarScope scope) {
        final Vars vars = ctx.vars();
        return vars != null ? vars.store(scope) : scope == VarScope.PROC ? VarNames.proc() : null;
    }
}
