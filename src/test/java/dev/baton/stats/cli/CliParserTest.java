package dev.baton.stats.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CliParserTest {
    @Test
    void splitsCommandsOnSemicolonsAndWordsOnBlanks() {
        assertEquals(List.of(List.of("show", "info"), List.of("show", "stat")), CliParser.parse("show info;show stat"));
        assertEquals(List.of(List.of("set", "server", "be/s1", "state", "maint")),
            CliParser.parse("  set \tserver  be/s1 state maint  "));
        assertEquals(List.of(List.of("help"), List.of("quit")), CliParser.parse("help ; ; quit;"));
        assertEquals(List.of(), CliParser.parse(" ; \t"));
    }

    @Test
    void backslashMakesTheNextCharacterLiteral() {
        assertEquals(List.of(List.of("echo", "a;b", "c d", "e\\f")), CliParser.parse("echo a\\;b c\\ d e\\\\f"));
        assertEquals(List.of(List.of("x\\")), CliParser.parse("x\\"));
    }
}
