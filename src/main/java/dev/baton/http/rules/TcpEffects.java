package dev.baton.http.rules;

import dev.baton.log.LogCaptures;
import dev.baton.sample.SampleContext;
import dev.baton.sample.vars.VarStore;

import java.nio.ByteBuffer;

/**
 * Runs the effect of a {@code tcp-request connection|session|content} rule whose action acts and lets the rules go on
 * ({@code dev.baton.config.TcpRule.Action#EFFECT}): the http rule of the same action, {@link AddressRule} on the
 * place's {@link AddressTarget}, {@link VarRule} on the variables {@code ctx} shows (a place without a stream shows
 * only {@code proc} and {@code sess} ones; other scopes are not set, as in HAProxy), {@link CaptureRule} into the
 * stream's captures. Reactor thread; allocation-free but for a changed address.
 */
public final class TcpEffects {
    /** Each reactor thread's buffer for {@code set-var-fmt} values. */
    private static final ThreadLocal<ByteBuffer> TEXT =
        ThreadLocal.withInitial(() -> ByteBuffer.allocate(VarStore.MAX_VALUE_BYTES));

    private TcpEffects() {
    }

    /**
     * Runs {@code effect} for the place {@code ctx} evaluates; {@code addresses} receives address changes,
     * {@code captures} (null: none kept) captured values.
     */
    public static void apply(final HttpRule effect, final SampleContext ctx, final AddressTarget addresses,
                             final LogCaptures captures) {
        if (effect instanceof AddressRule a) {
            a.apply(ctx, addresses);
        } else if (effect instanceof VarRule v) {
            v.apply(ctx, TEXT.get());
        } else if (effect instanceof CaptureRule c) {
            c.apply(ctx, captures);
        } else if (effect instanceof SocketMarkRule m) {
            m.apply(ctx.clientConnection());
        }
    }
}
