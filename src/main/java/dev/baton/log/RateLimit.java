package dev.baton.log;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a repeated message through at most once per period, whichever thread asks: for warnings a
 * shortage could otherwise repeat thousands of times a second. Any thread; lock-free.
 */
public final class RateLimit {
    private final long periodNs;
    private final AtomicLong lastNs = new AtomicLong(Long.MIN_VALUE);

    public RateLimit(final long periodNs) {
        this.periodNs = periodNs;
    }

    /** True if the caller should log now (and nobody else will for a period). */
    public boolean shouldLog(final long nowNs) {
        final long last = lastNs.get();
        return (last == Long.MIN_VALUE || nowNs - last >= periodNs) && lastNs.compareAndSet(last, nowNs);
    }
}
