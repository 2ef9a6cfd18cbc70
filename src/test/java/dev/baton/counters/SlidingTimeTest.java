package dev.baton.counters;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link SlidingTime} against HAProxy 2.6's arithmetic ({@code swrate_add_dynamic}, {@code swrate_avg} in
 * include/haproxy/freq_ctr.h, the window chosen in {@code stream_update_time_stats} and {@code stats_fill_*_stats}).
 */
class SlidingTimeTest {
    /** HAProxy's sum, written from its C with 32-bit unsigned arithmetic: the reference the class must follow. */
    private static final class Reference {
        long sum;

        void add(final long requests, final long v) {
            final long n = requests > 512 ? 512 : 0;
            sum = (sum - (n != 0 ? ((sum + n - 1) & 0xffffffffL) / n : 0) + v) & 0xffffffffL;
        }

        long stat(final long requests) {
            final long window = requests < 512 && requests > 0 ? requests : 512;
            return ((sum + window - 1) & 0xffffffffL) / window;
        }
    }

    @Test
    void belowTheWindowTheAverageDividesByTheRequestsSoFarRoundingUp() {
        final TrafficCounters c = new TrafficCounters();
        final SlidingTime t = new SlidingTime();
        assertEquals(0, t.average(0), "nothing yet");
        c.increment(0, Counter.SELECTED);
        t.add(10, c, Counter.SELECTED);
        c.increment(0, Counter.SELECTED); // a request that never connected: no sample, but it counts
        c.increment(0, Counter.SELECTED);
        t.add(21, c, Counter.SELECTED);
        assertEquals(11, t.average(3), "31 ms over 3 requests, rounded up");
        assertEquals(21, t.max());
        assertEquals(1, t.exporterAverage(), "the exporter divides by 512 already");
        t.add(-1, c, Counter.SELECTED);
        assertEquals(11, t.average(3), "a negative wait counts as 0");
    }

    @Test
    void pastTheWindowEachSampleTakesAwayItsShare() {
        final TrafficCounters c = new TrafficCounters();
        final SlidingTime t = new SlidingTime();
        for (int i = 0; i < 512; i++) {
            c.increment(0, Counter.REQUESTS);
            t.add(100, c, Counter.REQUESTS);
        }
        assertEquals(100, t.average(512));
        c.increment(0, Counter.REQUESTS);
        t.add(0, c, Counter.REQUESTS); // 51200 - 100 + 0
        assertEquals(100, t.average(513), "51100 / 512 rounded up");
        for (int i = 0; i < 512; i++) {
            c.increment(0, Counter.REQUESTS);
            t.add(0, c, Counter.REQUESTS);
        }
        assertEquals(37, t.average(1025), "the old samples fade: 51100 * (511/512)^512, rounded as HAProxy's");
        assertEquals(100, t.max());
    }

    @Test
    void followsHaproxysArithmeticOverARandomRun() {
        final SplittableRandom random = new SplittableRandom(12);
        final TrafficCounters c = new TrafficCounters();
        final SlidingTime t = new SlidingTime();
        final Reference ref = new Reference();
        long requests = 0;
        for (int i = 0; i < 3000; i++) {
            requests++;
            c.increment(0, Counter.SELECTED);
            if (random.nextInt(4) != 0) { // one request in four never connects: no sample
                final long v = random.nextInt(4) == 0 ? random.nextInt(5000) : random.nextInt(20);
                t.add(v, c, Counter.SELECTED);
                ref.add(requests, v);
            }
            assertEquals(ref.stat(requests), t.average(requests), "after request " + requests);
            assertEquals(ref.stat(0), t.exporterAverage(), "the exporter's, after request " + requests);
        }
    }

    @Test
    void concurrentAddsLoseNoSample() throws Exception {
        final TrafficCounters c = new TrafficCounters();
        final SlidingTime t = new SlidingTime();
        final List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            final int reactor = r;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    c.increment(reactor, Counter.SELECTED);
                    t.add(3, c, Counter.SELECTED);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (final Thread th : threads) {
            th.join(10_000);
        }
        assertEquals(400, c.get(Counter.SELECTED));
        assertEquals(3, t.average(400), "1200 ms over 400 requests: every sample landed");
    }
}
