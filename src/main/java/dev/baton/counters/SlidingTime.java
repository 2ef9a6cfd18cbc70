package dev.baton.counters;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One time figure of a backend or a server, in milliseconds, as HAProxy keeps its {@code q_time} /
 * {@code qtime_max} pair: a sliding sum over the last {@link #SAMPLES} samples (its {@code swrate}) and the
 * highest sample. Any thread: several reactors add at once (a compare-and-set loop, as HAProxy's atomic update;
 * no lock); readers never wait.
 *
 * <p>The window is counted in requests, not in samples: HAProxy sizes it by the object's request count (HTTP
 * requests in {@code mode http}, times chosen by the balancer in {@code mode tcp}), which the caller passes. While
 * that count is at most {@link #SAMPLES} a sample is simply added ({@code swrate_add_dynamic} with no window); past
 * it each sample first takes away a {@link #SAMPLES}th of the sum. The average divides by the count while it is
 * below {@link #SAMPLES}, by {@link #SAMPLES} after, rounding up: a request that gave no sample (it never
 * connected) counts as a zero, as in HAProxy.
 *
 * <p>The sum is a {@code long} where HAProxy's is a 32-bit unsigned integer: the two differ only past an average
 * of about 8 million ms, where HAProxy's wraps.
 */
public final class SlidingTime {
    /** HAProxy's TIME_STATS_SAMPLES: the width of the sliding window. */
    public static final int SAMPLES = 512;

    private final AtomicLong sum = new AtomicLong();
    private final AtomicLong max = new AtomicLong();
    /** Set once the request count passed {@link #SAMPLES} (counts never go down): then no count is read. */
    private volatile boolean windowFull;

    /**
     * Adds a sample of {@code ms} (negative taken as 0). {@code requests} is the object's count of requests,
     * this one included, read from {@code counters} ({@code window}) only until it passed {@link #SAMPLES}.
     * Any thread; allocates nothing.
     */
    public void add(final long ms, final TrafficCounters counters, final Counter window) {
        final long v = Math.max(0, ms);
        boolean full = windowFull;
        if (!full && counters.get(window) > SAMPLES) {
            windowFull = true;
            full = true;
        }
        long old;
        long next;
        do {
            old = sum.get();
            next = old - (full ? (old + SAMPLES - 1) / SAMPLES : 0) + v;
        } while (!sum.compareAndSet(old, next));
        long peak = max.get();
        while (v > peak && !max.compareAndSet(peak, v)) {
            peak = max.get();
        }
    }

    /** {@code show stat}'s average ({@code qtime}): over {@code requests} while below the window, else the window. */
    public long average(final long requests) {
        return average(sum.get(), requests > 0 && requests < SAMPLES ? requests : SAMPLES);
    }

    /**
     * The average HAProxy's Prometheus exporter gives: always over the full window, so below {@link #SAMPLES}
     * requests it is smaller than {@link #average(long)} (HAProxy 2.6's exporter does the same).
     */
    public long exporterAverage() {
        return average(sum.get(), SAMPLES);
    }

    /** The highest sample since start ({@code qtime_max}). */
    public long max() {
        return max.get();
    }

    /** HAProxy's {@code swrate_avg}: {@code sum} over {@code window}, rounded up. */
    static long average(final long sum, final long window) {
        return (sum + window - 1) / window;
    }
}
