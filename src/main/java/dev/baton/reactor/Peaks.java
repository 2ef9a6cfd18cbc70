package dev.baton.reactor;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Peak gauges shared by reactors (a server's highest connection count, a pool's highest use). Any thread.
 *
 * <p>{@code AtomicInteger.accumulateAndGet(v, Math::max)} writes the gauge on every call, even when the peak
 * does not move, which is nearly always: each such call is a locked write that takes the cache line from the
 * other reactors. {@link #raise} only reads unless the peak really rises.
 */
public final class Peaks {
    private Peaks() {
    }

    /** Raises {@code peak} to {@code value} when it is higher; a plain read when it is not. */
    public static void raise(final AtomicInteger peak, final int value) {
        int current = peak.get();
        while (value > current && !peak.compareAndSet(current, value)) {
            current = peak.get();
        }
    }
}
