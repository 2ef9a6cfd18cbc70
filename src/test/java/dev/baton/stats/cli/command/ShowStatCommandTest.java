package dev.baton.stats.cli.command;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code show stat}'s numbers are read as HAProxy reads them: C's atoi. */
class ShowStatCommandTest {
    @Test
    void numbersAreReadAsAtoiReadsThem() {
        assertEquals(-1, ShowStatCommand.atoi("-1"));
        assertEquals(8, ShowStatCommand.atoi("8"));
        assertEquals(8, ShowStatCommand.atoi("8x"), "the leading digits");
        assertEquals(12, ShowStatCommand.atoi("+12"));
        assertEquals(0, ShowStatCommand.atoi("fe"), "no digit: 0, which a proxy id never is");
        assertEquals(0, ShowStatCommand.atoi(""));
    }
}
