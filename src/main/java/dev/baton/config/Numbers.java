package dev.baton.config;

import java.util.function.ToLongFunction;

/**
 * Parses the integers of the configuration: plain ASCII decimal digits, an optional leading {@code -} only
 * where negative values are allowed. No {@code +}, no spaces, no hexadecimal.
 */
final class Numbers {
    private Numbers() {
    }

    /** {@code text} as an int within {@code min..max}; the refusal says what was expected. */
    static int parseInt(final String text, final int min, final int max) throws BadValueException {
        final String expected = describe(min, max);
        final boolean negative = text.startsWith("-") && min < 0;
        final String digits = negative ? text.substring(1) : text;
        if (digits.isEmpty() || leadingDigits(digits) != digits.length()) {
            throw new BadValueException(expected);
        }
        final long bound = negative ? -(long) min : max;
        final String tooLarge = !negative && max == Integer.MAX_VALUE ? expected + " of at most " + max : expected;
        final long magnitude = parseDigits(digits, bound, tooLarge);
        final long value = negative ? -magnitude : magnitude;
        if (value < min) {
            throw new BadValueException(expected);
        }
        return (int) value;
    }

    /** How the range {@code min..max} reads in a message: "a positive integer", "an integer between 1 and 64". */
    static String describe(final int min, final int max) {
        if (max == Integer.MAX_VALUE && min == 1) {
            return "a positive integer";
        }
        if (max == Integer.MAX_VALUE && min == 0) {
            return "a non-negative integer";
        }
        if (max == Integer.MAX_VALUE && min == -1) {
            return "-1 (unlimited) or a non-negative integer";
        }
        return "an integer between " + min + " and " + max;
    }

    /** How many ASCII digits {@code text} starts with. */
    static int leadingDigits(final String text) {
        int n = 0;
        while (n < text.length() && text.charAt(n) >= '0' && text.charAt(n) <= '9') {
            n++;
        }
        return n;
    }

    /**
     * The value of a non-empty run of ASCII digits, refused with {@code tooLarge} above {@code max}; never
     * overflows however long the run.
     */
    static long parseDigits(final String digits, final long max, final String tooLarge) throws BadValueException {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            value = value * 10 + (digits.charAt(i) - '0');
            if (value > max) {
                throw new BadValueException(tooLarge);
            }
        }
        return value;
    }

    /**
     * A count followed by a unit suffix ({@code 30s}, {@code 16k}), as the count times the unit's multiplier.
     * {@code multipliers} gives 0 for an unknown suffix. Refused with {@code expected} when malformed and with
     * {@code expectedMax} when the product would exceed {@code max}.
     */
    static long parseScaled(final String text, final ToLongFunction<String> multipliers, final long max,
                            final String expected, final String expectedMax) throws BadValueException {
        final int digits = leadingDigits(text);
        final long unit = multipliers.applyAsLong(text.substring(digits));
        if (digits == 0 || unit == 0) {
            throw new BadValueException(expected);
        }
        return parseDigits(text.substring(0, digits), max / unit, expectedMax) * unit;
    }
}
