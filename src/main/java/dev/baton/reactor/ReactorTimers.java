package dev.baton.reactor;

import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A reactor's timers: an agrona {@link DeadlineTimerWheel} in nanoseconds plus a map from timer id to
 * handler. Owner thread only (asserted); not thread-safe. Scheduling and cancelling allocate nothing in steady
 * state.
 *
 * <p>Resolution is {@link #TICK_NS} (about 4 ms): a timer fires in the first turn at or after its
 * deadline's tick. Callers treat timers as lazy checks (DESIGN.md rule 5): a handler re-reads its
 * object's activity stamps and schedules again if the deadline moved.
 *
 * <p>{@link #blockMs} lets the reactor sleep until the earliest pending deadline, not merely until the next
 * tick: an idle reactor holding keep-alive clients and pooled connections would otherwise wake every tick
 * (about 240 times a second) to find nothing due. The earliest deadline is kept as a lower bound (scheduling
 * lowers it; a cancel leaves it, which at worst wakes the reactor early once) and found again by a walk over
 * the pending timers once it has passed, when they are at most {@link #SCAN_LIMIT}; with more (a busy
 * reactor, which rarely sleeps a whole tick anyway) it sleeps until the next tick as before.
 */
public final class ReactorTimers {
    /** Tick of the wheel: 2^22 ns, about 4.19 ms. */
    public static final long TICK_NS = 1L << 22;
    private static final int TICKS_PER_WHEEL = 1024;
    /** Most pending timers {@link #blockMs} walks to find the earliest deadline again. */
    static final int SCAN_LIMIT = 4096;

    private final DeadlineTimerWheel wheel;
    private final BooleanSupplier inOwnerThread;
    private final Long2ObjectHashMap<TimerHandler> handlers = new Long2ObjectHashMap<>();
    private final DeadlineTimerWheel.TimerHandler expiry = this::onExpiry;
    private final DeadlineTimerWheel.TimerConsumer lowerEarliest = this::lowerEarliest;
    private long pollNowNs;
    /** No pending deadline is earlier than this (Long.MAX_VALUE with no timer); exact after a walk. */
    private long earliestNs = Long.MAX_VALUE;

    /** Timers with no owner to check (tests of the wheel alone). */
    public ReactorTimers(final long startNs) {
        this(startNs, () -> true);
    }

    /** A reactor's timers; {@code inOwnerThread} tells whether the caller is the reactor (for assertions). */
    ReactorTimers(final long startNs, final BooleanSupplier inOwnerThread) {
        this.wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, startNs, TICK_NS, TICKS_PER_WHEEL);
        this.inOwnerThread = inOwnerThread;
    }

    /** Schedules {@code handler} at {@code deadlineNs}; returns an id for {@link #cancel(long)}. */
    public long schedule(final long deadlineNs, final TimerHandler handler) {
        assert inOwnerThread.getAsBoolean() : "timer scheduled off its reactor";
        final long id = wheel.scheduleTimer(deadlineNs);
        handlers.put(id, handler);
        if (deadlineNs < earliestNs) {
            earliestNs = deadlineNs;
        }
        return id;
    }

    /** Cancels a pending timer; a no-op for an id that already fired or was cancelled. */
    public void cancel(final long timerId) {
        assert inOwnerThread.getAsBoolean() : "timer cancelled off its reactor";
        if (handlers.remove(timerId) != null) {
            wheel.cancelTimer(timerId);
        }
    }

    /** Fires at most {@code limit} expired timers; returns how many fired. */
    public int poll(final long nowNs, final int limit) {
        assert inOwnerThread.getAsBoolean() : "timers polled off their reactor";
        if (wheel.timerCount() == 0) {
            // Keep the wheel's tick close to now, so a timer scheduled after a long quiet spell does not
            // make the next poll walk every tick in between.
            wheel.resetStartTime(nowNs);
            return 0;
        }
        pollNowNs = nowNs;
        int fired = 0;
        // The wheel advances one tick per poll call: loop while ticks are behind now.
        do {
            fired += wheel.poll(nowNs, expiry, limit - fired);
        } while (fired < limit && wheel.currentTickTime() <= nowNs && wheel.timerCount() > 0);
        return fired;
    }

    public long count() {
        return wheel.timerCount();
    }

    /**
     * Milliseconds the reactor may block before a pending timer can expire: until the earliest deadline
     * (rounded up to a millisecond), or, with more than {@link #SCAN_LIMIT} timers once that deadline has
     * passed, until the next tick; 0: one is due now; -1: no timers.
     */
    public long blockMs(final long nowNs) {
        if (wheel.timerCount() == 0) {
            earliestNs = Long.MAX_VALUE;
            return -1;
        }
        if (earliestNs - nowNs <= 0) {
            if (wheel.timerCount() > SCAN_LIMIT) {
                return toBlockMs(wheel.currentTickTime() - nowNs);
            }
            earliestNs = Long.MAX_VALUE;
            wheel.forEach(lowerEarliest);
        }
        return toBlockMs(earliestNs - nowNs);
    }

    private static long toBlockMs(final long untilNs) {
        return untilNs <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(untilNs + 999_999));
    }

    private void lowerEarliest(final long deadlineNs, final long timerId) {
        if (deadlineNs < earliestNs) {
            earliestNs = deadlineNs;
        }
    }

    private boolean onExpiry(final TimeUnit unit, final long nowNs, final long timerId) {
        final TimerHandler handler = handlers.remove(timerId);
        if (handler != null) {
            handler.onTimer(pollNowNs, timerId);
        }
        return true;
    }
}
