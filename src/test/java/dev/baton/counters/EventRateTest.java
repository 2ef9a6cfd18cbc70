package dev.baton.counters;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link EventRate}: HAProxy's freq_ctr reading and the busiest second, summed over reactors' slices. */
class EventRateTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void readsTheCurrentSecondPlusTheUncoveredShareOfThePrevious() {
        final EventRate rate = new EventRate();
        for (int i = 0; i < 10; i++) {
            rate.add(0, 100 * S + i * MS); // 10 events in second 100
        }
        for (int i = 0; i < 4; i++) {
            rate.add(1, 101 * S + i * MS); // 4 in second 101, on another reactor
        }
        // 250 ms into second 101: 4 + 10 * 750 / 1000
        assertEquals(11, rate.perSecond(101 * S + 250 * MS));
        assertEquals(14, rate.perSecond(101 * S));
        assertEquals(4, rate.perSecond(101 * S + 999 * MS));
        // second 102: only the previous second's 4, shrinking
        assertEquals(2, rate.perSecond(102 * S + 500 * MS));
        // two seconds later nothing is left
        assertEquals(0, rate.perSecond(103 * S + 1));
    }

    @Test
    void aLoneEventDoesNotFlapBetweenZeroAndOne() {
        final EventRate rate = new EventRate();
        rate.add(0, 50 * S + 10 * MS);
        assertEquals(1, rate.perSecond(50 * S + 20 * MS));
        assertEquals(1, rate.perSecond(51 * S + 900 * MS)); // HAProxy's low-rate correction: prev as it is
        assertEquals(0, rate.perSecond(52 * S));
    }

    @Test
    void theMaximumIsTheBusiestSecondOverEveryReactor() {
        final EventRate rate = new EventRate();
        for (int i = 0; i < 3; i++) {
            rate.add(0, 10 * S + i * MS);
            rate.add(1, 10 * S + i * MS);
        }
        rate.add(2, 10 * S + 900 * MS); // second 10: 7 events over three reactors
        for (int i = 0; i < 5; i++) {
            rate.add(0, 11 * S + i * MS); // second 11: 5 (reactor 0 rolls over, totalling second 10)
        }
        assertEquals(7, rate.max());
        // a busier second that nobody rolled over from is found by the reader
        for (int i = 0; i < 9; i++) {
            rate.add(3, 40 * S + i * MS);
        }
        assertEquals(9, rate.max());
        assertEquals(9, rate.max(), "kept once read");
    }

    @Test
    void secondsSinceTheLatestEvent() {
        final EventRate rate = new EventRate();
        assertEquals(-1, rate.secondsSinceLast(5 * S));
        rate.add(2, 7 * S + 400 * MS);
        rate.add(0, 3 * S);
        assertEquals(0, rate.secondsSinceLast(7 * S + 900 * MS));
        assertEquals(5, rate.secondsSinceLast(12 * S + 1));
    }

    @Test
    void aSliceThatSkippedSecondsForgetsItsPreviousCount() {
        final EventRate rate = new EventRate();
        for (int i = 0; i < 6; i++) {
            rate.add(0, 20 * S + i * MS);
        }
        rate.add(0, 25 * S); // five seconds later: the 6 are not the previous second's
        assertEquals(1, rate.perSecond(25 * S + 10 * MS));
        assertEquals(6, rate.max());
    }
}
