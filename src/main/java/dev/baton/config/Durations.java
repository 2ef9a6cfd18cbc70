package dev.baton.config;

/**
 * Parses HAProxy time values: a non-negative integer with an optional unit {@code us ms s m h d}; no unit
 * means milliseconds. Results are milliseconds, microseconds rounded up (so {@code 1us} is 1 ms but
 * {@code 0us} is 0). As in HAProxy, a time may not exceed {@link #MAX_MS} (about 24.8 days).
 */
final class Durations {
    /** The largest accepted time, {@code Integer.MAX_VALUE} milliseconds. */
    static final long MAX_MS = Integer.MAX_VALUE;

    static final String EXPECTED = "a time such as 30s";
    static final String EXPECTED_MAX = "a time of at most " + MAX_MS + "ms (about 24.8 days)";

    private Durations() {
    }

    /** The time written as {@code text}, in milliseconds. */
    static long parseMs(final String text) throws BadValueException {
        final long us = Numbers.parseScaled(text, Durations::unitMicros, MAX_MS * 1000, EXPECTED, EXPECTED_MAX);
        return (us + 999) / 1000;
    }

    /** Microseconds per {@code unit}, 0 for an unknown unit. */
    private static long unitMicros(final String unit) {
        switch (unit) {
            case "us":
                return 1L;
            case "":
            case "ms":
                return 1_000L;
            case "s":
                return 1_000_000L;
            case "m":
                return 60_000_000L;
            case "h":
                return 3_600_000_000L;
            case "d":
                return 86_400_000_000L;
            default:
                return 0L;
        }
    }
}
