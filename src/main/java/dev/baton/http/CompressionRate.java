package dev.baton.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The process-wide rate of bytes fed to the compressors, for {@code maxcomprate}: HAProxy's per-second frequency
 * counter (the current second's count plus the previous second's, weighed by what is left of the current one).
 * Any reactor thread; lock-free (atomics only). Fed only while a proxy has a rate limit, so an unlimited process
 * pays nothing. Races at a second's turn may misplace a few bytes between the two seconds: this is a limiter, not an
 * account.
 */
final class CompressionRate {
    /** The one meter of the process (HAProxy's {@code global.comp_bps_in}). */
    static final CompressionRate PROCESS = new CompressionRate();

    private static final long SECOND_NS = 1_000_000_000L;

    private final AtomicLong second = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong current = new AtomicLong();
    private final AtomicLong previous = new AtomicLong();

    /** Counts {@code bytes} fed at {@code nowNs}. */
    void add(final long bytes, final long nowNs) {
        turn(nowNs);
        current.addAndGet(bytes);
    }

    /** Bytes per second at {@code nowNs}. */
    long perSecond(final long nowNs) {
        turn(nowNs);
        final long intoSecondNs = Math.floorMod(nowNs, SECOND_NS);
        return current.get() + previous.get() * (SECOND_NS - intoSecondNs) / SECOND_NS;
    }

    private void turn(final long nowNs) {
        final long s = Math.floorDiv(nowNs, SECOND_NS);
        final long old = second.get();
        if (s != old && second.compareAndSet(old, s)) {
            final long last = current.getAndSet(0);
            previous.set(s - old == 1 ? last : 0);
        }
    }
}
