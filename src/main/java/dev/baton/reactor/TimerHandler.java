package dev.baton.reactor;

/** Called on the reactor's thread when a timer scheduled with {@link ReactorTimers} expires. */
@FunctionalInterface
public interface TimerHandler {
    /**
     * @param nowNs   the reactor's time for this turn
     * @param timerId the id returned when the timer was scheduled; it is no longer valid
     */
    void onTimer(long nowNs, long timerId);
}
