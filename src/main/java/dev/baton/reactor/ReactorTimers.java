package dev.baton.reactor;

import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.concurrent.TimeUnit;

/**
 * A reactor's timers: an agrona {@link DeadlineTimerWheel} in nanoseconds plus a map from timer id to
 * handler. Owner thread only; not thread-safe. Scheduling and cancelling allocate nothing in steady state.
 *
 * <p>Resolution is {@link #TICK_NS} (about 4 ms): a timer fires in the first turn at or after its
 * deadline's tick. Callers treat timers as lazy checks (DESIGN.md rule 5): a handler re-reads its
 * object's activity stamps and schedules again if the deadline moved.
 */
public final class ReactorTimers {
    /** Tick of the wheel: 2^22 ns, about 4.19 ms. */
    public static final long TICK_NS = 1L << 22;
    private static final int TICKS_PER_WHEEL = 1024;

    private final DeadlineTimerWheel wheel;
    private final Long2ObjectHashMap<TimerHandler> handlers = new Long2ObjectHashMap<>();
    private final DeadlineTimerWheel.TimerHandler expiry = this::onExpiry;
    private long pollNowNs;

    public ReactorTimers(final long startNs) {
        this.wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, startNs, TICK_NS, TICKS_PER_WHEEL);
    }

    /** Schedules {@code handler} at {@code deadlineNs}; returns an id for {@link #cancel(long)}. */
    public long schedule(final long deadlineNs, final TimerHandler handler) {
        final long id = wheel.scheduleTimer(deadlineNs);
        handlers.put(id, handler);
        return id;
    }

    /** Cancels a pending timer; a no-op for an id that already fired or was cancelled. */
    public void cancel(final long timerId) {
        if (handlers.remove(timerId) != null) {
            wheel.cancelTimer(timerId);
        }
    }

    /** Fires at most {@code limit} expired timers; returns how many fired. */
    public int poll(final long nowNs, final int limit) {
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

    /** Milliseconds the reactor may block before the next tick that can hold an expiry; -1: no timers. */
    public long blockMs(final long nowNs) {
        if (wheel.timerCount() == 0) {
            return -1;
        }
        final long untilNs = wheel.currentTickTime() - nowNs;
        return untilNs <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(untilNs + 999_999));
    }

    private boolean onExpiry(final TimeUnit unit, final long nowNs, final long timerId) {
        final TimerHandler handler = handlers.remove(timerId);
        if (handler != null) {
            handler.onTimer(pollNowNs, timerId);
        }
        return true;
    }
}
