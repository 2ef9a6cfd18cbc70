package dev.baton.stick;

/**
 * HAProxy's frequency counter over a period ({@code freq_ctr.c}), kept in three longs of an entry's data from
 * {@code at}: the start of the current period (ms), the events counted in it, and those of the period before. The
 * rate read at a moment is the previous period's count weighted by the part of it still inside the sliding window
 * plus the current count; below one event a period it reports the previous count whole, so that a limit of one
 * event a period does not flap. The caller holds the entry's lock. Stateless.
 */
final class FreqCounter {
    /** Longs one counter takes. */
    static final int SLOTS = 3;

    private FreqCounter() {
    }

    /** A counter that has seen nothing: its first event starts a period. */
    static void init(final long[] d, final int at, final long periodMs, final long nowMs) {
        d[at] = nowMs - 2 * periodMs;
        d[at + 1] = 0;
        d[at + 2] = 0;
    }

    /** Counts {@code inc} events at {@code nowMs}, starting a new period when the current one is over. */
    static void add(final long[] d, final int at, final long periodMs, final long nowMs, final long inc) {
        long tick = d[at];
        if (nowMs - tick < periodMs) {
            d[at + 1] += inc;
            return;
        }
        d[at + 2] = d[at + 1];
        d[at + 1] = inc;
        tick += periodMs;
        if (nowMs - tick >= periodMs) { // two periods or more without an event
            d[at + 2] = 0;
            tick = nowMs;
        }
        d[at] = tick;
    }

    /** The rate at {@code nowMs}: events over the last period (HAProxy's {@code read_freq_ctr_period}). */
    static long read(final long[] d, final int at, final long periodMs, final long nowMs) {
        long curr = d[at + 1];
        long past = d[at + 2];
        long remain = d[at] + periodMs - nowMs;
        if (remain < 0) {
            remain += periodMs;
            past = remain >= 0 ? curr : 0;
            curr = 0;
        }
        if (curr == 0 && past <= 1) {
            return past;
        }
        return (past * remain + curr * periodMs) / periodMs;
    }

    /** Sets the counter to report {@code value} now: the current period holds it, the one before nothing. */
    static void set(final long[] d, final int at, final long periodMs, final long nowMs, final long value) {
        d[at] = nowMs;
        d[at + 1] = value;
        d[at + 2] = 0;
    }
}
