package dev.baton.health;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * How checks are spread in time, HAProxy's global {@code spread-checks N} and {@code max-spread-checks T}
 * (check.c): each interval between two checks is moved at random by up to {@code N}% of itself either way
 * ({@link #jitteredMs}), and at start-up the i-th of n checks first runs {@code base * i / n} after the start
 * ({@link #startDelayMs}), {@code base} being the check's interval, raised to the shortest interval of 1 s or
 * more among all checks and bounded by {@code max-spread-checks}. Immutable; any thread.
 */
public final class CheckSpread {
    /** HAProxy's SRV_CHK_INTER_THRES: checks this frequent do not set the start-up spread of the others. */
    static final long INTER_THRESHOLD_MS = 1_000;
    public static final CheckSpread NONE = new CheckSpread(0, 0, null);

    private final int percent;
    private final long maxSpreadMs;
    /** The source of randomness, or null for the calling thread's {@link ThreadLocalRandom}. */
    private final RandomGenerator random;

    /**
     * @param percent     {@code spread-checks} (0..50)
     * @param maxSpreadMs {@code max-spread-checks}, 0 when unset
     * @param random      a seeded source (tests), or null for each thread's own
     */
    public CheckSpread(final int percent, final long maxSpreadMs, final RandomGenerator random) {
        this.percent = percent;
        this.maxSpreadMs = maxSpreadMs;
        this.random = random;
    }

    /** {@code intervalMs} moved at random within {@code ±spread-checks%} of itself; itself without spread-checks. */
    public long jitteredMs(final long intervalMs) {
        if (percent == 0) {
            return intervalMs;
        }
        final long rv = intervalMs * percent / 100;
        final double r = (random != null ? random : ThreadLocalRandom.current()).nextDouble();
        return intervalMs + rv - (long) (2 * rv * r);
    }

    /**
     * The first check's delay for check {@code position} of {@code count}, whose interval is {@code ownMs}, when
     * the shortest interval of at least {@link #INTER_THRESHOLD_MS} among all checks is {@code shortestMs} (0 if
     * none).
     */
    public long startDelayMs(final int position, final int count, final long shortestMs, final long ownMs) {
        long base = Math.max(shortestMs, ownMs);
        if (maxSpreadMs > 0 && base > maxSpreadMs) {
            base = maxSpreadMs;
        }
        return count == 0 ? 0 : base * position / count;
    }

    /** The shortest of {@code intervalsMs} that is at least {@link #INTER_THRESHOLD_MS}, 0 when there is none. */
    static long shortestSpreading(final long[] intervalsMs) {
        long min = 0;
        for (final long i : intervalsMs) {
            if (i >= INTER_THRESHOLD_MS && (min == 0 || i < min)) {
                min = i;
            }
        }
        return min;
    }
}
