package dev.baton.http.rules;

import dev.baton.sample.fetch.HeaderValues;
import dev.baton.http.text.HeaderName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class HeaderValuesTest {
    private static final HeaderName ACCEPT = HeaderName.of("Accept");

    private static final FakeRequest REQUEST = FakeRequest.of("GET / HTTP/1.1",
        "Host: example.com",
        "accept: text/html , application/json",
        "X-Other: 1",
        "ACCEPT: \"a,b\",c\\,d",
        "Accept:",
        "Accept: last");

    private static String value(final int occurrence) {
        final long span = HeaderValues.find(REQUEST, ACCEPT, occurrence);
        return span < 0 ? null : REQUEST.text(HeaderValues.start(span), HeaderValues.length(span));
    }

    @Test
    void valuesSplitAtCommasOutsideQuotesOverAllLines() {
        assertEquals(7, HeaderValues.count(REQUEST, ACCEPT));
        assertEquals("text/html", value(1));
        assertEquals("application/json", value(2));
        assertEquals("\"a,b\"", value(3));
        assertEquals("c\\", value(4));
        assertEquals("d", value(5));
        assertEquals("", value(6));
        assertEquals("last", value(7));
        assertEquals(null, value(8));
        assertEquals("last", value(-1));
        assertEquals("", value(-2));
        assertEquals("text/html", value(-7));
        assertEquals(null, value(-8));
        assertEquals(null, value(0));
        assertEquals(null, HeaderValues.find(REQUEST, HeaderName.of("Missing"), -1) < 0 ? null : "found");
    }

    @Test
    void anyMatchSeesEveryValueInOrderAndStopsAtTheFirstMatch() {
        final List<String> seen = new ArrayList<>();
        assertFalse(HeaderValues.anyMatch(REQUEST, ACCEPT, (b, start, length) -> {
            seen.add(REQUEST.text(start, length));
            return false;
        }));
        assertEquals(List.of("text/html", "application/json", "\"a,b\"", "c\\", "d", "", "last"), seen);
        seen.clear();
        HeaderValues.anyMatch(REQUEST, ACCEPT, (b, start, length) -> seen.add(REQUEST.text(start, length))
            && length > 9);
        assertEquals(List.of("text/html", "application/json"), seen);
    }
}
