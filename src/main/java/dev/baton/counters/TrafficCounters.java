package dev.baton.counters;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Cumulative {@link Counter}s of one frontend, backend or server, kept as one slice per reactor so that
 * each slice has a single writer: a reactor adds to its own slice with a plain read and a release store
 * (no CAS, no lock); a reader sums the slices with acquire loads, without stopping anyone (DESIGN.md).
 *
 * <p>Slices are created on a reactor's first write, by that reactor only; before that the reader sees
 * nothing from it, which is zero. {@link #slice(int)} may be cached by a reactor.
 */
public final class TrafficCounters {
    /** The most reactors baton runs ({@code nbthread} is 1..64). */
    public static final int MAX_REACTORS = 64;
    private static final int FIELDS = Counter.values().length;

    private final AtomicReferenceArray<AtomicLongArray> slices = new AtomicReferenceArray<>(MAX_REACTORS);

    /** The slice of reactor {@code reactorId}; only that reactor may call it and write to it. */
    public AtomicLongArray slice(final int reactorId) {
        AtomicLongArray s = slices.getPlain(reactorId);
        if (s == null) {
            s = slices.get(reactorId);
            if (s == null) {
                s = new AtomicLongArray(FIELDS);
                slices.set(reactorId, s);
            }
        }
        return s;
    }

    /** Adds {@code delta} to {@code counter} in reactor {@code reactorId}'s slice. That reactor only. */
    public void add(final int reactorId, final Counter counter, final long delta) {
        final AtomicLongArray s = slice(reactorId);
        final int i = counter.ordinal();
        s.setRelease(i, s.getPlain(i) + delta);
    }

    /** Adds one. That reactor only. */
    public void increment(final int reactorId, final Counter counter) {
        add(reactorId, counter, 1);
    }

    /** The sum over every reactor. Any thread. */
    public long get(final Counter counter) {
        long sum = 0;
        final int i = counter.ordinal();
        for (int r = 0; r < MAX_REACTORS; r++) {
            final AtomicLongArray s = slices.get(r);
            if (s != null) {
                sum += s.getAcquire(i);
            }
        }
        return sum;
    }
}
