package dev.baton.counters;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Events per second, as HAProxy's {@code freq_ctr} reports them ({@code show stat}'s {@code rate}, {@code req_rate},
 * {@code conn_rate}), and the busiest second seen ({@code rate_max}, ...).
 *
 * <p>What is read: the events of the current second plus the share of the previous second's that the current one
 * has not yet covered ({@code prev * (1000 - elapsed ms) / 1000 + curr}, rounded down); with nothing in the
 * current second and at most one event in the previous, that previous count as it is (HAProxy's flapping
 * correction). Seconds are whole seconds of {@link System#nanoTime()}, the clock the reactors stamp their turns
 * with. The maximum is the highest count of events in one second.
 *
 * <p>Why not one shared counter: HAProxy adds with an atomic add on one cache line shared by every thread. Here
 * every reactor keeps its own slice ({@code second, curr, prev}), written by that reactor only with plain reads and
 * release stores (no CAS, no lock, no line bouncing between reactors on the hot path); the reader sums the slices.
 * The maximum needs the total of a second over every slice: a reactor computes it when its slice rolls over to a
 * new second (once a second at most, for the second it leaves), and every reader computes it for the seconds the
 * slices hold; either then raises the shared maximum by compare-and-set. A second is totalled while every slice
 * that counted in it still holds its count (the first slice to leave it sees the others still in it), so no peak is
 * lost; an event added by another reactor while a total is being made may be missed by that total (a peak of one
 * second can read a few events low), which HAProxy's own rotation also allows.
 *
 * <p>A slice's three fields change together only when it rolls over; it then marks its second as {@link #ROLLING}
 * first and publishes the new second last, and a reader that sees the mark or a second that changed while it read
 * reads the slice again (a sequence lock without a separate counter).
 */
public final class EventRate {
    private static final int SECOND = 0;
    private static final int CURR = 1;
    private static final int PREV = 2;
    private static final long ROLLING = Long.MIN_VALUE;
    private static final long NS_PER_SECOND = 1_000_000_000L;
    private static final int RETRIES = 8;

    private final AtomicReferenceArray<Slice> slices = new AtomicReferenceArray<>(TrafficCounters.MAX_REACTORS);
    private final AtomicLong max = new AtomicLong();

    /**
     * One event on reactor {@code reactorId} at {@code nowNs} ({@link System#nanoTime()} time). That reactor only;
     * allocates only its slice, on its first event.
     */
    public void add(final int reactorId, final long nowNs) {
        final Slice slice = slice(reactorId);
        final AtomicLongArray s = slice.fields;
        final long second = Math.floorDiv(nowNs, NS_PER_SECOND);
        final long held = s.getPlain(SECOND);
        if (held == second) {
            s.setRelease(CURR, s.getPlain(CURR) + 1);
            return;
        }
        final long leftCount = s.getPlain(CURR);
        // the second this slice leaves, totalled while every other slice still holds its share of it
        raiseMax(totalOf(held, slice.scratch));
        s.setRelease(SECOND, ROLLING);
        s.setRelease(PREV, held == second - 1 ? leftCount : 0);
        s.setRelease(CURR, 1);
        s.setRelease(SECOND, second);
    }

    /** Events per second at {@code nowNs}, as HAProxy's {@code read_freq_ctr}. Any thread. */
    public long perSecond(final long nowNs) {
        final long second = Math.floorDiv(nowNs, NS_PER_SECOND);
        long curr = 0;
        long prev = 0;
        final long[] read = new long[3];
        for (int r = 0; r < TrafficCounters.MAX_REACTORS; r++) {
            if (readSlice(r, read)) {
                if (read[SECOND] == second) {
                    curr += read[CURR];
                    prev += read[PREV];
                } else if (read[SECOND] == second - 1) {
                    prev += read[CURR];
                }
            }
        }
        return rate(curr, prev, nowNs - second * NS_PER_SECOND);
    }

    /**
     * Whole seconds since the latest event at {@code nowNs} ({@code lastsess}), -1 when there was none. Any thread.
     */
    public long secondsSinceLast(final long nowNs) {
        long latest = Long.MIN_VALUE;
        final long[] read = new long[3];
        for (int r = 0; r < TrafficCounters.MAX_REACTORS; r++) {
            if (readSlice(r, read) && read[CURR] > 0) {
                latest = Math.max(latest, read[SECOND]);
            }
        }
        return latest == Long.MIN_VALUE ? -1 : Math.max(0, Math.floorDiv(nowNs, NS_PER_SECOND) - latest);
    }

    /** The most events counted in one second since start. Any thread. */
    public long max() {
        final long[] read = new long[3];
        for (int r = 0; r < TrafficCounters.MAX_REACTORS; r++) {
            if (readSlice(r, read) && read[CURR] > 0) {
                raiseMax(totalOf(read[SECOND], new long[3]));
            }
        }
        return max.get();
    }

    /**
     * HAProxy's reading of a 1-second {@code freq_ctr}: {@code curr} events this second, {@code prev} the previous
     * second, {@code elapsedNs} into this second.
     */
    static long rate(final long curr, final long prev, final long elapsedNs) {
        if (curr == 0 && prev <= 1) {
            return prev; // HAProxy's correction against a rate flapping between 0 and 1 at very low rates
        }
        final long remainMs = 1000 - elapsedNs / 1_000_000L;
        return (prev * remainMs + curr * 1000) / 1000;
    }

    /**
     * The events every slice counted in {@code second}: the current count of those in it, the previous of those in
     * the next. {@code read}: scratch space of three.
     */
    private long totalOf(final long second, final long[] read) {
        long total = 0;
        for (int r = 0; r < TrafficCounters.MAX_REACTORS; r++) {
            if (readSlice(r, read)) {
                if (read[SECOND] == second) {
                    total += read[CURR];
                } else if (read[SECOND] == second + 1) {
                    total += read[PREV];
                }
            }
        }
        return total;
    }

    private void raiseMax(final long candidate) {
        long m = max.get();
        while (candidate > m && !max.compareAndSet(m, candidate)) {
            m = max.get();
        }
    }

    /** A consistent copy of reactor {@code r}'s slice into {@code out}; false when it has none (or kept rolling). */
    private boolean readSlice(final int r, final long[] out) {
        final Slice slice = slices.get(r);
        if (slice == null) {
            return false;
        }
        final AtomicLongArray s = slice.fields;
        for (int i = 0; i < RETRIES; i++) {
            final long second = s.getAcquire(SECOND);
            if (second == ROLLING) {
                Thread.onSpinWait();
                continue;
            }
            out[CURR] = s.getAcquire(CURR);
            out[PREV] = s.getAcquire(PREV);
            if (s.getAcquire(SECOND) == second) {
                out[SECOND] = second;
                return true;
            }
        }
        return false;
    }

    private Slice slice(final int reactorId) {
        Slice s = slices.getPlain(reactorId);
        if (s == null) {
            s = slices.get(reactorId);
            if (s == null) {
                s = new Slice();
                slices.set(reactorId, s);
            }
        }
        return s;
    }

    /** One reactor's counts, and the scratch space its rollover reads the other slices into (its thread only). */
    private static final class Slice {
        final AtomicLongArray fields = new AtomicLongArray(3);
        final long[] scratch = new long[3];

        Slice() {
            fields.set(SECOND, ROLLING + 1); // no second yet: far from any real one, its count 0
        }
    }
}
