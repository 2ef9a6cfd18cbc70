package dev.baton.backend;

import dev.baton.config.ServerReactions;
import dev.baton.config.ServerReactions.Observe;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One server's passive health analysis ({@code observe}, HAProxy's health_adjust): the streams of every reactor
 * {@link #report} what they see of the server; consecutive errors are counted in one atomic, a success (or a
 * passed active check, {@link #reset}) clears the count, and the report that brings it to {@code error-limit}
 * clears it and hands the error to the {@link #onLimit} action, which runs {@code on-error} on the reactor that
 * owns the server's check (the check's state is that reactor's). Lock-free; {@link #report} allocates nothing
 * (it is on the hot path: one volatile read for a success that finds the count at 0).
 */
public final class PassiveHealth {
    /** What is told when the count reaches the limit; runs on the reporting thread, must not block. */
    @FunctionalInterface
    public interface LimitAction {
        /** {@code count} consecutive errors, the last one {@code last}. */
        void reached(int count, Observed last);
    }

    private final Observe observe;
    private final boolean layer7;
    private final int limit;
    private final AtomicInteger errors = new AtomicInteger();
    /** Times the limit was reached (HAProxy's failed_hana). */
    private final AtomicLong limitsReached = new AtomicLong();
    private volatile LimitAction onLimit;

    public PassiveHealth(final ServerReactions reactions) {
        this.observe = reactions.observe();
        this.layer7 = observe == Observe.LAYER7;
        this.limit = reactions.errorLimit();
    }

    /** Whether the streams need to report at all ({@code observe layer4|layer7}). */
    public boolean observing() {
        return observe != Observe.NONE;
    }

    /** Wires the action run when the limit is reached (the server's check); none: the errors are only counted. */
    public void onLimit(final LimitAction action) {
        this.onLimit = action;
    }

    /** A stream saw {@code o} of the server. Any reactor. */
    public void report(final Observed o) {
        if (observe == Observe.NONE) {
            return;
        }
        switch (o.verdict(layer7)) {
            case SUCCESS:
                reset();
                return;
            case ERROR:
                break;
            default:
                return;
        }
        if (errors.incrementAndGet() < limit) {
            return;
        }
        final int count = errors.getAndSet(0);
        if (count < limit) {
            return; // another reporter took this round
        }
        limitsReached.incrementAndGet();
        final LimitAction action = onLimit;
        if (action != null) {
            action.reached(count, o);
        }
    }

    /** Clears the count of consecutive errors (a success, a passed check). Any thread. */
    public void reset() {
        if (errors.get() != 0) {
            errors.set(0);
        }
    }

    /** The current count of consecutive errors. Any thread. */
    public int consecutiveErrors() {
        return errors.get();
    }

    /** How many times the errors reached {@code error-limit}. Any thread. */
    public long limitsReached() {
        return limitsReached.get();
    }
}
