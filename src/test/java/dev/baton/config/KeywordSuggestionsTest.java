package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class KeywordSuggestionsTest {
    @Test
    void measuresLevenshteinDistance() {
        assertEquals(0, KeywordSuggestions.distance("bind", "bind"));
        assertEquals(2, KeywordSuggestions.distance("bnid", "bind"));
        assertEquals(1, KeywordSuggestions.distance("maxcon", "maxconn"));
        assertEquals(3, KeywordSuggestions.distance("kitten", "sitting"));
        assertEquals(4, KeywordSuggestions.distance("", "mode"));
    }

    @Test
    void suggestsTheClosestAndPrefersEarlierCandidatesOnTies() {
        assertEquals("bind", KeywordSuggestions.closest("bnid", List.of("mode", "bind", "id")));
        assertEquals("maxconn", KeywordSuggestions.closest("maxcon", List.of("mode", "maxconn")));
        assertEquals("default_backend", KeywordSuggestions.closest("defualt-backend", List.of("default_backend")));
    }

    @Test
    void longWordsAllowAThirdOfTheirLength() {
        // 12 letters: up to 4 edits count as close, 5 do not.
        assertEquals(3, KeywordSuggestions.distance("hardstopaftr", "hard-stop-after"));
        assertEquals("hard-stop-after", KeywordSuggestions.closest("hardstopaftr", List.of("hard-stop-after")));
        assertEquals(5, KeywordSuggestions.distance("hxrdstopaftx", "hard-stop-after"));
        assertNull(KeywordSuggestions.closest("hxrdstopaftx", List.of("hard-stop-after")));
        assertNull(KeywordSuggestions.closest("frobnicate", List.of("bind", "mode", "maxconn")));
        assertNull(KeywordSuggestions.closest("xyz", List.of("bind")));
    }
}
