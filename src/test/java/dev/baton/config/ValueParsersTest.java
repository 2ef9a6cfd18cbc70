package dev.baton.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ValueParsersTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0", "250, 250", "250ms, 250", "0us, 0", "1us, 1", "1000us, 1", "1001us, 2", "2s, 2000",
        "3m, 180000", "2h, 7200000", "1d, 86400000", "24d, 2073600000", "2147483647, 2147483647",
        "2147483647ms, 2147483647", "2147483647000us, 2147483647", "00030s, 30000"
    })
    void parsesTimes(final String text, final long ms) throws BadValueException {
        assertEquals(ms, Durations.parseMs(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "5x", "1.5s", "-1s", "10 s", "1S", "+1", "10sec", "ms"})
    void refusesMalformedTimes(final String text) {
        final BadValueException e = assertThrows(BadValueException.class, () -> Durations.parseMs(text));
        assertEquals("a time such as 30s", e.expected());
    }

    @ParameterizedTest
    @ValueSource(strings = {"25d", "2147483648", "2147483648ms", "2147483647001us", "596524h", "35792m",
        "2147484s", "99999999999999999999999d"})
    void refusesTimesThatOverflow(final String text) {
        final BadValueException e = assertThrows(BadValueException.class, () -> Durations.parseMs(text));
        assertEquals("a time of at most 2147483647ms (about 24.8 days)", e.expected());
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0", "1024, 1024", "16k, 16384", "16K, 16384", "1m, 1048576", "1M, 1048576", "1g, 1073741824",
        "1G, 1073741824", "2147483647, 2147483647"
    })
    void parsesSizes(final String text, final long bytes) throws BadValueException {
        assertEquals(bytes, Sizes.parseBytes(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "k", "16kb", "1.5k", "-1", "16 k", "1t"})
    void refusesMalformedSizes(final String text) {
        final BadValueException e = assertThrows(BadValueException.class, () -> Sizes.parseBytes(text));
        assertEquals("a size such as 16k", e.expected());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2g", "2048m", "2097152k", "2147483648", "99999999999999999999999"})
    void refusesSizesThatOverflow(final String text) {
        final BadValueException e = assertThrows(BadValueException.class, () -> Sizes.parseBytes(text));
        assertEquals("a size of at most 2147483647 bytes", e.expected());
    }

    @Test
    void parsesIntegersWithinRange() throws BadValueException {
        assertEquals(1, Numbers.parseInt("1", 1, Integer.MAX_VALUE));
        assertEquals(2147483647, Numbers.parseInt("2147483647", 1, Integer.MAX_VALUE));
        assertEquals(64, Numbers.parseInt("64", 1, 64));
        assertEquals(-3, Numbers.parseInt("-3", Integer.MIN_VALUE, Integer.MAX_VALUE));
        assertEquals(Integer.MIN_VALUE, Numbers.parseInt("-2147483648", Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    @Test
    void describesTheRangeWhenRefusing() {
        assertEquals("a positive integer", refusal("abc", 1, Integer.MAX_VALUE));
        assertEquals("a positive integer", refusal("0", 1, Integer.MAX_VALUE));
        assertEquals("a positive integer", refusal("-1", 1, Integer.MAX_VALUE));
        assertEquals("a positive integer of at most 2147483647", refusal("2147483648", 1, Integer.MAX_VALUE));
        assertEquals("a non-negative integer", refusal("+1", 0, Integer.MAX_VALUE));
        assertEquals("an integer between 1 and 64", refusal("65", 1, 64));
        assertEquals("an integer between 1 and 64", refusal("", 1, 64));
        assertEquals("-1 (unlimited) or a non-negative integer", refusal("-2", -1, Integer.MAX_VALUE));
        assertEquals("-1 (unlimited) or a non-negative integer of at most 2147483647",
            refusal("2147483648", -1, Integer.MAX_VALUE));
        assertEquals("an integer between -5 and 5", refusal("-6", -5, 5));
    }

    private static String refusal(final String text, final int min, final int max) {
        return assertThrows(BadValueException.class, () -> Numbers.parseInt(text, min, max)).expected();
    }
}
