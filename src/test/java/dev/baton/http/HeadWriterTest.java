package dev.baton.http;

import dev.baton.http.text.HeaderName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class HeadWriterTest {
    private static final HeaderName X_REAL = HeaderName.of("X-Real");

    private final HttpHead head = new HttpHead();
    private final HeaderEdits edits = new HeaderEdits();

    private ByteBuffer parse(final boolean request, final String raw) {
        final ByteBuffer buf = Bytes.direct(raw);
        assertEquals(raw.length(), new HeadParser(request, 8192).parse(buf, head), raw);
        return buf;
    }

    private String write(final HeaderEdits with) {
        final ByteBuffer dst = ByteBuffer.allocateDirect(1024);
        dst.position(3);
        assertTrue(HeadWriter.write(head, with, dst));
        assertEquals(3 + HeadWriter.size(head, with), dst.position(), "size() is what write() writes");
        return Bytes.text(dst, 3, dst.position() - 3);
    }

    /** A head, and what writing it unchanged gives (CRLF line ends, no leading empty lines, no trailing OWS). */
    static Stream<Arguments> roundTrips() {
        return Stream.of(
                arguments(true, "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\n\r\n"),
                arguments(true, "GET / HTTP/1.0\r\n\r\n", "GET / HTTP/1.0\r\n\r\n"),
                arguments(true, "POST /u?q=1 HTTP/1.1\r\nhost:x\r\nContent-Length:  3\r\nX-E:\r\nA: b\tc\r\n\r\n",
                        "POST /u?q=1 HTTP/1.1\r\nhost:x\r\nContent-Length:  3\r\nX-E:\r\nA: b\tc\r\n\r\n"),
                arguments(true, "\r\n\nGET http://h/p HTTP/1.1\nHost: h\n\n", "GET http://h/p HTTP/1.1\r\nHost: h\r\n\r\n"),
                arguments(true, "GET / HTTP/1.1\r\nX: v \t \r\nY:  \r\n\r\n", "GET / HTTP/1.1\r\nX: v\r\nY:\r\n\r\n"),
                arguments(false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nSet-Cookie: a=\u00e9\r\n\r\n",
                        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nSet-Cookie: a=\u00e9\r\n\r\n"),
                arguments(false, "HTTP/1.1 204\n\n", "HTTP/1.1 204\r\n\r\n"),
                arguments(false, "HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\nA: b\r\nContent-Length: 3\r\n\r\n",
                        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nA: b\r\n\r\n"));
    }

    @ParameterizedTest
    @MethodSource("roundTrips")
    void writingUnchangedGivesTheCanonicalHead(final boolean request, final String raw, final String expected) {
        parse(request, raw);
        assertEquals(expected, write(null));
        edits.clear();
        assertTrue(edits.isEmpty());
        assertEquals(expected, write(edits));
        final ByteBuffer plain = ByteBuffer.allocate(1024);
        assertTrue(HeadWriter.write(head, plain));
        assertEquals(expected, Bytes.text(plain, 0, plain.position()));
    }

    @Test
    void writtenHeadParsesToTheSameHead() {
        final ByteBuffer src = parse(true, "POST /x HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n"
                + "Connection: keep-alive\n\n");
        final ByteBuffer out = ByteBuffer.allocate(256);
        assertTrue(HeadWriter.write(head, out));
        out.flip();
        final HttpHead again = new HttpHead();
        assertEquals(out.limit(), new HeadParser(true, 8192).parse(out, again));
        assertEquals(head.headerCount(), again.headerCount());
        assertEquals(head.chunked(), again.chunked());
        for (int i = 0; i < head.headerCount(); i++) {
            assertEquals(Bytes.text(src, head.valueStart(i), head.valueLength(i)),
                    Bytes.text(out, again.valueStart(i), again.valueLength(i)));
        }
    }

    @Test
    void dropsConnectionAndAddsXForwardedFor() {
        parse(true, "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\nAccept: */*\r\n\r\n");
        assertEquals(1, edits.dropAll(head, HeaderName.CONNECTION));
        assertTrue(edits.add(HeaderName.X_FORWARDED_FOR, "192.0.2.7"));
        assertEquals("GET / HTTP/1.1\r\nHost: a\r\nAccept: */*\r\nX-Forwarded-For: 192.0.2.7\r\n\r\n", write(edits));
    }

    @Test
    void replacesAHeaderInPlace() {
        parse(true, "GET / HTTP/1.1\r\nhost: old\r\nAccept: */*\r\n\r\n");
        assertTrue(edits.replace(0, "new.example"));
        assertTrue(edits.isReplaced(0));
        assertEquals("GET / HTTP/1.1\r\nhost: new.example\r\nAccept: */*\r\n\r\n", write(edits));
    }

    @Test
    void replacesWithBytes() {
        parse(false, "HTTP/1.1 200 OK\r\nServer: backend\r\n\r\n");
        final byte[] value = "xbatonx".getBytes(StandardCharsets.US_ASCII);
        assertTrue(edits.replace(0, value, 1, 5));
        assertEquals("HTTP/1.1 200 OK\r\nServer: baton\r\n\r\n", write(edits));
    }

    @Test
    void setReplacesTheFirstAndDropsTheRest() {
        parse(true, "GET / HTTP/1.1\r\nX-Real: 1\r\nA: b\r\nx-real: 2\r\nX-REAL: 3\r\n\r\n");
        assertTrue(edits.set(head, X_REAL, "9"));
        assertEquals("GET / HTTP/1.1\r\nX-Real: 9\r\nA: b\r\n\r\n", write(edits));
    }

    @Test
    void setAppendsWhenAbsent() {
        parse(true, "GET / HTTP/1.1\r\nA: b\r\n\r\n");
        assertTrue(edits.set(head, X_REAL, "v"));
        assertEquals("GET / HTTP/1.1\r\nA: b\r\nX-Real: v\r\n\r\n", write(edits));
    }

    @Test
    void dropWinsOverReplace() {
        parse(true, "GET / HTTP/1.1\r\nA: b\r\nC: d\r\n\r\n");
        edits.replace(0, "z");
        edits.drop(0);
        assertEquals("GET / HTTP/1.1\r\nC: d\r\n\r\n", write(edits));
    }

    @Test
    void chunkedResponseLosesItsContentLength() {
        parse(false, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\ncontent-length: 10\r\n\r\n");
        assertTrue(head.transferEncoding());
        assertEquals(1, edits.dropAll(head, HeaderName.CONTENT_LENGTH), "the repeated one was collapsed");
        assertEquals("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", write(edits));
    }

    @Test
    void addsDecimalValuesAndKeepsCallOrder() {
        parse(false, "HTTP/1.1 200 OK\r\n\r\n");
        assertTrue(edits.add(HeaderName.CONTENT_LENGTH, 0));
        assertTrue(edits.add(X_REAL, Long.MAX_VALUE));
        assertTrue(edits.add(HeaderName.of("x-b"), 120));
        assertFalse(edits.add(X_REAL, -1));
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Real: 9223372036854775807\r\nx-b: 120\r\n\r\n",
                write(edits));
    }

    @Test
    void dropsTheLastOfAHundredHeaders() {
        final StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 100; i++) { // the most tune.http.maxhdr's default (101 lines) lets through
            sb.append("H").append(i).append(": v\r\n");
        }
        parse(true, sb + "\r\n");
        edits.drop(99);
        edits.drop(63);
        edits.drop(64);
        final String out = write(edits);
        assertFalse(out.contains("H99:"));
        assertFalse(out.contains("H63:"));
        assertFalse(out.contains("H64:"));
        assertTrue(out.contains("\r\nH62: v\r\nH65: v\r\nH66:"));
        assertTrue(out.endsWith("H98: v\r\n\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nInjected: 1", "a\nb", "a\rb", "nul\u0000", "esc\u001b", "del\u007f", "wide\u0100"})
    void refusesValuesThatCouldInjectAndLeavesEditsUnchanged(final String value) {
        parse(true, "GET / HTTP/1.1\r\nA: b\r\n\r\n");
        assertFalse(edits.add(X_REAL, value));
        assertFalse(edits.replace(0, value));
        assertFalse(edits.set(head, X_REAL, value));
        if (value.chars().allMatch(c -> c <= 0xFF)) {
            final byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
            assertFalse(edits.add(X_REAL, bytes, 0, bytes.length));
            assertFalse(edits.replace(0, bytes, 0, bytes.length));
        }
        assertTrue(edits.add(X_REAL, "ok"));
        assertEquals(1, edits.addedCount());
        assertEquals("GET / HTTP/1.1\r\nA: b\r\nX-Real: ok\r\n\r\n", write(edits));
    }

    @Test
    void refusesWhenTheArenaOrTheAddedTableIsFull() {
        final HeaderEdits tiny = new HeaderEdits(8, 2);
        assertTrue(tiny.add(X_REAL, "12345"));
        assertFalse(tiny.add(X_REAL, "1234"), "arena full");
        assertTrue(tiny.add(X_REAL, "123"));
        assertFalse(tiny.add(X_REAL, ""), "table full");
        assertFalse(tiny.add(X_REAL, 1));
        tiny.clear();
        assertTrue(tiny.isEmpty());
        assertTrue(tiny.add(X_REAL, "12345678"));
    }

    @Test
    void tooSmallADestinationIsLeftUntouched() {
        parse(true, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        edits.add(X_REAL, "v");
        final int size = HeadWriter.size(head, edits);
        final ByteBuffer dst = ByteBuffer.allocate(size + 4);
        dst.position(5);
        assertFalse(HeadWriter.write(head, edits, dst));
        assertEquals(5, dst.position());
        for (int i = 0; i < dst.capacity(); i++) {
            assertEquals(0, dst.get(i));
        }
        dst.position(4);
        assertTrue(HeadWriter.write(head, edits, dst));
        assertEquals(dst.capacity(), dst.position());
    }

    @Test
    void clearForgetsEveryEdit() {
        parse(true, "GET / HTTP/1.1\r\nA: b\r\nC: d\r\n\r\n");
        edits.drop(0);
        edits.replace(1, "x");
        edits.add(X_REAL, "y");
        assertFalse(edits.isEmpty());
        edits.clear();
        assertTrue(edits.isEmpty());
        assertFalse(edits.isDropped(0));
        assertEquals("GET / HTTP/1.1\r\nA: b\r\nC: d\r\n\r\n", write(edits));
    }
}
