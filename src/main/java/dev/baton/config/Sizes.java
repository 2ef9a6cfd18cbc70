package dev.baton.config;

/**
 * Parses HAProxy size values: a non-negative integer with an optional suffix {@code k}, {@code m} or
 * {@code g} (either case, 1024-based). Results are bytes, at most {@link #MAX_BYTES} as in HAProxy, whose
 * sizes are 32-bit.
 */
final class Sizes {
    static final long MAX_BYTES = Integer.MAX_VALUE;

    static final String EXPECTED = "a size such as 16k";
    static final String EXPECTED_MAX = "a size of at most " + MAX_BYTES + " bytes";

    private Sizes() {
    }

    /** The size written as {@code text}, in bytes. */
    static long parseBytes(final String text) throws BadValueException {
        return Numbers.parseScaled(text, Sizes::unitBytes, MAX_BYTES, EXPECTED, EXPECTED_MAX);
    }

    /** Bytes per {@code suffix}, 0 for an unknown suffix. */
    private static long unitBytes(final String suffix) {
        switch (suffix) {
            case "":
                return 1L;
            case "k":
            case "K":
                return 1L << 10;
            case "m":
            case "M":
                return 1L << 20;
            case "g":
            case "G":
                return 1L << 30;
            default:
                return 0L;
        }
    }
}
