package dev.baton.http.rules;

import dev.baton.http.text.HeaderName;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueTemplateTest {
    private static final FakeRequest REQUEST = FakeRequest.of("GET / HTTP/1.1",
        "Host: example.com",
        "X-Forwarded-For: 203.0.113.1, 203.0.113.2").from("2001:db8::7").to("10.0.0.1");

    private static String render(final ValueTemplate t, final MessageView view) {
        final ByteBuffer out = ByteBuffer.allocate(256);
        out.position(3);
        final int n = t.render(view, out);
        assertEquals(out.position() - 3, n);
        return new String(out.array(), 3, n, StandardCharsets.UTF_8);
    }

    @Test
    void rendersLiteralsAddressesAndHeaderValues() {
        final ValueTemplate t = new ValueTemplate.Builder().literal("for=").src().literal(";by=").dst()
            .literal(";host=").header(HeaderName.of("host"), -1).literal(";first=")
            .header(HeaderName.of("x-forwarded-for"), 1).literal(";none=").header(HeaderName.of("nope"), -1)
            .literal(".").build("t");
        assertEquals("for=2001:db8::7;by=10.0.0.1;host=example.com;first=203.0.113.1;none=.", render(t, REQUEST));
        assertEquals("203.0.113.2", render(new ValueTemplate.Builder()
            .header(HeaderName.of("X-FORWARDED-FOR"), -1).build("t"), REQUEST));
        assertFalse(t.isLiteral());
        assertEquals("t", t.toString());
    }

    @Test
    void literalsMergeAndStayLiteral() {
        final ValueTemplate t = new ValueTemplate.Builder().literal("a").literal("").literal("é").build("aé");
        assertTrue(t.isLiteral());
        assertEquals("aé", render(t, REQUEST));
        assertEquals("", render(ValueTemplate.literal(""), REQUEST));
        assertFalse(new ValueTemplate.Builder().src().build("%[src]").isLiteral());
    }

    @Test
    void aValueThatDoesNotFitLeavesThePositionAlone() {
        final ValueTemplate t = new ValueTemplate.Builder().literal("0123456789").header(HeaderName.of("host"), 1)
            .build("t");
        final ByteBuffer out = ByteBuffer.allocate(21);
        out.position(2);
        assertEquals(-1, t.render(REQUEST, out));
        assertEquals(2, out.position());
        out.position(0);
        assertEquals(21, t.render(REQUEST, out));
        final ByteBuffer tiny = ByteBuffer.allocate(5);
        assertEquals(-1, ValueTemplate.literal("toolong").render(REQUEST, tiny));
        assertEquals(-1, new ValueTemplate.Builder().src().build("%[src]").render(REQUEST, tiny));
        assertEquals(0, tiny.position());
    }
}
