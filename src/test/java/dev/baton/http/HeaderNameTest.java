package dev.baton.http;

import dev.baton.http.text.HeaderName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeaderNameTest {
    @Test
    void matchesIgnoringCaseAndKeepsItsSpelling() {
        final HeaderName xff = HeaderName.of("X-Forwarded-For");
        final ByteBuffer buf = Bytes.direct("..x-FORWARDED-for..");
        assertTrue(xff.matches(buf, 2, 15));
        assertFalse(xff.matches(buf, 2, 14));
        assertFalse(xff.matches(buf, 1, 15));
        assertEquals("X-Forwarded-For", xff.text());
        assertEquals(15, xff.length());
    }

    @Test
    void caseFoldingIsAsciiOnly() {
        // '@' (0x40) and '`' (0x60) differ by the case bit but are not letters.
        assertFalse(HeaderName.of("a`").matches(Bytes.direct("a@"), 0, 2));
        assertFalse(HeaderName.of("a_").matches(Bytes.direct("a\u007f"), 0, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X Y", "X:", "caf\u00e9", "a\r\n"})
    void refusesNonTokens(final String name) {
        assertThrows(IllegalArgumentException.class, () -> HeaderName.of(name));
    }

    @Test
    void methodsAreCaseSensitive() {
        assertEquals(HttpMethod.GET, HttpMethod.of(Bytes.direct("GET"), 0, 3));
        assertEquals(HttpMethod.OTHER, HttpMethod.of(Bytes.direct("Get"), 0, 3));
        assertEquals(HttpMethod.OPTIONS, HttpMethod.of(Bytes.direct("xOPTIONS"), 1, 7));
        assertEquals(HttpMethod.OTHER, HttpMethod.of(Bytes.direct("GETS"), 0, 4));
    }
}
