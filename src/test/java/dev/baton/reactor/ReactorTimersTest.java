package dev.baton.reactor;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How long {@link ReactorTimers#blockMs} lets an idle reactor sleep, and that sleeping that long loses no timer. */
class ReactorTimersTest {
    private static final long START_NS = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final TimerHandler NOTHING = (now, id) -> { };

    @Test
    void blocksUntilTheEarliestDeadlineNotJustTheNextTick() {
        final ReactorTimers timers = new ReactorTimers(START_NS);
        assertEquals(-1, timers.blockMs(START_NS));
        timers.schedule(START_NS + 30_000 * MS, NOTHING);
        timers.schedule(START_NS + 2_500 * MS, NOTHING);
        assertEquals(2_500, timers.blockMs(START_NS));
        assertEquals(2_490, timers.blockMs(START_NS + 10 * MS));
    }

    @Test
    void aCancelledEarliestWakesOnceThenTheNextDeadlineCounts() {
        final ReactorTimers timers = new ReactorTimers(START_NS);
        timers.schedule(START_NS + 30_000 * MS, NOTHING);
        final long early = timers.schedule(START_NS + 100 * MS, NOTHING);
        timers.cancel(early);
        assertEquals(100, timers.blockMs(START_NS), "the cancelled deadline is still the lower bound");
        final long woken = START_NS + 100 * MS;
        assertEquals(0, timers.poll(woken, 16));
        assertEquals(29_900, timers.blockMs(woken));
    }

    @Test
    void sleepingUntilTheDeadlineFiresEachTimerOnTime() {
        final ReactorTimers timers = new ReactorTimers(START_NS);
        final List<Long> fired = new ArrayList<>();
        timers.schedule(START_NS + 7_000 * MS, (now, id) -> fired.add(now));
        timers.schedule(START_NS + 1_234 * MS, (now, id) -> fired.add(now));
        long now = START_NS;
        for (int turn = 0; turn < 10 && timers.count() > 0; turn++) {
            final long block = timers.blockMs(now);
            now += block * MS;
            timers.poll(now, 16);
        }
        assertEquals(List.of(START_NS + 1_234 * MS, START_NS + 7_000 * MS), fired);
    }

    @Test
    void beyondTheScanLimitSleepsOneTickAtMostOnceTheBoundHasPassed() {
        final ReactorTimers timers = new ReactorTimers(START_NS);
        timers.schedule(START_NS + MS, NOTHING);
        for (int i = 0; i <= ReactorTimers.SCAN_LIMIT; i++) {
            timers.schedule(START_NS + 60_000 * MS, NOTHING);
        }
        final long now = START_NS + 2 * MS;
        timers.poll(now, 16);
        final long block = timers.blockMs(now);
        assertTrue(block >= 1 && block <= ReactorTimers.TICK_NS / MS + 1, "blocked " + block + " ms");
    }
}
