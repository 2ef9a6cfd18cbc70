package dev.baton.reactor;

/**
 * One object's single pending timer, for lazy timeouts (DESIGN.md rule 5): activity and phase changes only
 * ask for a timer no later than the new deadline ({@link #armBy}), so the wheel is touched only when a state
 * change brings the deadline earlier or when the timer fires early (its handler re-reads its deadline and
 * arms again). A pending timer earlier than needed is kept, never replaced by a later one: on the hot path
 * (a keep-alive request moves every deadline later) this costs no timer-wheel operation at all, at the price
 * of one early firing per timeout period. Owner reactor's thread only; no allocation.
 */
public final class LazyTimer {
    /** No deadline. */
    public static final long NONE = Long.MAX_VALUE;

    private final ReactorTimers timers;
    private final TimerHandler handler;
    private long id = -1;
    private long deadlineNs = NONE;

    public LazyTimer(final ReactorTimers timers, final TimerHandler handler) {
        this.timers = timers;
        this.handler = handler;
    }

    /** Makes sure a timer fires no later than {@code deadlineNs}; an earlier pending one is kept. */
    public void armBy(final long deadline) {
        if (deadline == NONE || (id != -1 && deadlineNs - deadline <= 0)) {
            return;
        }
        cancel();
        deadlineNs = deadline;
        id = timers.schedule(deadline, handler);
    }

    public void cancel() {
        if (id != -1) {
            timers.cancel(id);
            id = -1;
            deadlineNs = NONE;
        }
    }

    /** Called from the handler: true if {@code timerId} is the pending timer (now spent), false if stale. */
    public boolean fired(final long timerId) {
        if (timerId != id) {
            return false;
        }
        id = -1;
        deadlineNs = NONE;
        return true;
    }
}
