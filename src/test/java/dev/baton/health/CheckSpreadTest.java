package dev.baton.health;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code spread-checks} and {@code max-spread-checks} as HAProxy applies them (check.c), with a seeded source. */
class CheckSpreadTest {
    @Test
    void jitterStaysWithinThePercentEitherWayAndCoversIt() {
        final CheckSpread spread = new CheckSpread(25, 0, new Random(42));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long sum = 0;
        final int n = 10_000;
        for (int i = 0; i < n; i++) {
            final long v = spread.jitteredMs(2000);
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        assertTrue(min >= 1500 && max <= 2500, min + ".." + max + " within 2000 +/- 25%");
        assertTrue(min < 1520 && max > 2480, "both ends reached: " + min + ".." + max);
        assertTrue(Math.abs(sum / n - 2000) < 20, "centred on the interval: " + sum / n);
    }

    @Test
    void noSpreadKeepsTheInterval() {
        assertEquals(2000, CheckSpread.NONE.jitteredMs(2000));
        assertEquals(2000, new CheckSpread(0, 0, new Random(1)).jitteredMs(2000));
    }

    @Test
    void theSameSeedGivesTheSameIntervals() {
        final CheckSpread a = new CheckSpread(50, 0, new Random(7));
        final CheckSpread b = new CheckSpread(50, 0, new Random(7));
        for (int i = 0; i < 100; i++) {
            assertEquals(a.jitteredMs(1000), b.jitteredMs(1000));
        }
    }

    @Test
    void startUpSpreadIsBoundedByMaxSpreadChecks() {
        final CheckSpread unbounded = CheckSpread.NONE;
        assertEquals(0, unbounded.startDelayMs(0, 4, 2000, 2000));
        assertEquals(1500, unbounded.startDelayMs(3, 4, 2000, 2000), "i/n of the interval");
        assertEquals(750, unbounded.startDelayMs(3, 4, 1000, 100),
            "a short interval is spread over the shortest one of 1 s or more");
        final CheckSpread bounded = new CheckSpread(0, 400, null);
        assertEquals(300, bounded.startDelayMs(3, 4, 2000, 2000), "max-spread-checks bounds the spread");
        assertEquals(1000, CheckSpread.shortestSpreading(new long[] {100, 5000, 1000, 999}));
        assertEquals(0, CheckSpread.shortestSpreading(new long[] {100, 999}));
    }
}
