package dev.baton.http;

import dev.baton.http.text.HeaderName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class HeadParserRequestTest {
    private static final int MAX = 8192;

    private final HeadParser parser = new HeadParser(true, MAX);
    private final HttpHead head = new HttpHead();

    /** A valid request, with what the head must say: method, target, path, version, CL, chunked, keep-alive. */
    static Stream<Arguments> validRequests() {
        return Stream.of(
                arguments("GET / HTTP/1.1\r\nHost: a\r\n\r\n", HttpMethod.GET, "/", "/", 11, -1L, false, true),
                arguments("HEAD /x HTTP/1.1\r\nHost: a\r\n\r\n", HttpMethod.HEAD, "/x", "/x", 11, -1L, false, true),
                arguments("POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n",
                        HttpMethod.POST, "/f", "/f", 11, 12L, false, true),
                arguments("POST /f HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
                        HttpMethod.POST, "/f", "/f", 11, -1L, true, true),
                arguments("PUT /f HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                        HttpMethod.PUT, "/f", "/f", 11, -1L, true, true),
                arguments("PUT /f HTTP/1.1\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: ,chunked\r\n\r\n",
                        HttpMethod.PUT, "/f", "/f", 11, -1L, true, true),
                arguments("GET /a/b?x=1&y=/z HTTP/1.1\r\nHost: a\r\n\r\n",
                        HttpMethod.GET, "/a/b?x=1&y=/z", "/a/b", 11, -1L, false, true),
                arguments("GET http://example.com:8080/p/q?r HTTP/1.1\r\nHost: example.com:8080\r\n\r\n",
                        HttpMethod.GET, "http://example.com:8080/p/q?r", "/p/q", 11, -1L, false, true),
                arguments("GET https://example.com HTTP/1.1\r\n\r\n",
                        HttpMethod.GET, "https://example.com", "", 11, -1L, false, true),
                arguments("GET http://example.com?q HTTP/1.1\r\n\r\n",
                        HttpMethod.GET, "http://example.com?q", "", 11, -1L, false, true),
                arguments("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
                        HttpMethod.CONNECT, "example.com:443", "", 11, -1L, false, true),
                arguments("CONNECT [::1]:443 HTTP/1.1\r\n\r\n", HttpMethod.CONNECT, "[::1]:443", "", 11, -1L, false,
                        true),
                arguments("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", HttpMethod.OPTIONS, "*", "", 11, -1L, false, true),
                arguments("DELETE /r HTTP/1.1\r\nConnection: close\r\n\r\n",
                        HttpMethod.DELETE, "/r", "/r", 11, -1L, false, false),
                arguments("GET / HTTP/1.0\r\n\r\n", HttpMethod.GET, "/", "/", 10, -1L, false, false),
                arguments("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
                        HttpMethod.GET, "/", "/", 10, -1L, false, true),
                arguments("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n",
                        HttpMethod.GET, "/", "/", 10, -1L, false, false),
                arguments("PATCH / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n",
                        HttpMethod.PATCH, "/", "/", 11, 5L, false, true),
                arguments("POST / HTTP/1.1\r\nContent-Length: 7 , 7\r\n\r\n",
                        HttpMethod.POST, "/", "/", 11, 7L, false, true),
                arguments("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", HttpMethod.POST, "/", "/", 11, 0L, false, true),
                arguments("TRACE / HTTP/1.1\r\n\r\n", HttpMethod.TRACE, "/", "/", 11, -1L, false, true),
                arguments("PURGE /c HTTP/1.1\r\n\r\n", HttpMethod.OTHER, "/c", "/c", 11, -1L, false, true),
                arguments("get / HTTP/1.1\r\n\r\n", HttpMethod.OTHER, "/", "/", 11, -1L, false, true),
                arguments("\r\n\r\nGET / HTTP/1.1\r\n\r\n", HttpMethod.GET, "/", "/", 11, -1L, false, true),
                arguments("\nGET /lf HTTP/1.1\nHost: a\n\n", HttpMethod.GET, "/lf", "/lf", 11, -1L, false, true),
                arguments("GET /mixed HTTP/1.1\nHost: a\r\nX: y\n\r\n",
                        HttpMethod.GET, "/mixed", "/mixed", 11, -1L, false, true),
                arguments("GET /%7Euser;p=1 HTTP/1.1\r\n\r\n", HttpMethod.GET, "/%7Euser;p=1", "/%7Euser;p=1", 11,
                        -1L, false, true));
    }

    @ParameterizedTest
    @MethodSource("validRequests")
    void parsesValidRequest(final String raw, final HttpMethod method, final String target, final String path,
            final int version, final long contentLength, final boolean chunked, final boolean keepAlive) {
        final ByteBuffer buf = Bytes.direct(raw);
        final int n = parser.parse(buf, head);
        assertEquals(raw.length(), n, raw);
        assertAll(
                () -> assertTrue(head.isRequest()),
                () -> assertEquals(0, buf.position(), "position untouched"),
                () -> assertEquals(n, head.headLength()),
                () -> assertEquals(method, head.method()),
                () -> assertEquals(target, Bytes.text(buf, head.targetStart(), head.targetLength())),
                () -> assertEquals(path, Bytes.text(buf, head.pathStart(), head.pathLength())),
                () -> assertEquals(version, head.version()),
                () -> assertEquals(contentLength, head.contentLength()),
                () -> assertEquals(chunked, head.chunked()),
                () -> assertEquals(keepAlive, head.keepAliveByVersion()),
                () -> assertEquals(raw.trim().split("\r?\n")[0], Bytes.text(buf, head.startLineStart(),
                        head.startLineLength())),
                () -> assertEquals(raw.trim().split("\r?\n")[0].split(" ")[0],
                        Bytes.text(buf, head.methodStart(), head.methodLength())));
    }

    @Test
    void headersAreRecordedInOrderWithValuesTrimmed() {
        final ByteBuffer buf = Bytes.direct("GET / HTTP/1.1\r\nHost:a.example\r\nX-Empty:\r\n"
                + "X-Spaces: \t v 1 \t \r\nhost-less: x\r\nX-Obs: caf\u00e9\r\nX-Blank: \t \r\n\r\n");
        assertEquals(buf.limit(), parser.parse(buf, head));
        assertEquals(6, head.headerCount());
        final String[][] expected = {{"Host", "a.example"}, {"X-Empty", ""}, {"X-Spaces", "v 1"},
            {"host-less", "x"}, {"X-Obs", "caf\u00e9"}, {"X-Blank", ""}};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], Bytes.text(buf, head.nameStart(i), head.nameLength(i)));
            assertEquals(expected[i][1], Bytes.text(buf, head.valueStart(i), head.valueLength(i)));
        }
        assertEquals(0, head.indexOf(HeaderName.HOST, 0));
        assertEquals(-1, head.indexOf(HeaderName.HOST, 1));
        assertEquals(2, head.indexOf(HeaderName.of("x-spaces"), 0));
        assertEquals(-1, head.indexOf(HeaderName.CONTENT_LENGTH, 0));
    }

    @Test
    void repeatedContentLengthIsCollapsedToOneHeaderWithOneValue() {
        final ByteBuffer buf = Bytes.direct("POST / HTTP/1.1\r\nContent-Length: 5 ,5\r\nX: y\r\n"
                + "content-length: 5\r\nContent-Length: 5, 5\r\n\r\n");
        assertEquals(buf.limit(), parser.parse(buf, head));
        assertEquals(5, head.contentLength());
        assertEquals(2, head.headerCount());
        assertEquals(0, head.indexOf(HeaderName.CONTENT_LENGTH, 0));
        assertEquals(-1, head.indexOf(HeaderName.CONTENT_LENGTH, 1));
        assertEquals("5", Bytes.text(buf, head.valueStart(0), head.valueLength(0)));
    }

    @Test
    void connectionUpgradeAndExpectAreDerived() {
        final ByteBuffer buf = Bytes.direct("GET /ws HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\n"
                + "Upgrade: websocket\r\nExpect: 100-Continue\r\n\r\n");
        assertTrue(parser.parse(buf, head) > 0);
        assertTrue(head.upgrade());
        assertTrue(head.connectionKeepAlive());
        assertFalse(head.connectionClose());
        assertTrue(head.expectContinue());
    }

    @Test
    void upgradeNeedsBothTheTokenAndTheHeader() {
        assertTrue(parser.parse(Bytes.direct("GET / HTTP/1.1\r\nConnection: upgrade\r\n\r\n"), head) > 0);
        assertFalse(head.upgrade());
        assertTrue(parser.parse(Bytes.direct("GET / HTTP/1.1\r\nUpgrade: h2c\r\n\r\n"), head) > 0);
        assertFalse(head.upgrade());
    }

    @Test
    void upgradeIsIgnoredOnHttp10() {
        assertTrue(parser.parse(Bytes.direct("GET / HTTP/1.0\r\nConnection: upgrade\r\nUpgrade: ws\r\n\r\n"), head) > 0);
        assertFalse(head.upgrade());
    }

    @Test
    void aBufferShorterThanLastTimeWaitsWithoutLosingItsPlace() {
        final ByteBuffer buf = Bytes.direct("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        buf.limit(20);
        assertEquals(HeadParser.NEED_MORE, parser.parse(buf, head));
        buf.limit(10);
        assertEquals(HeadParser.NEED_MORE, parser.parse(buf, head));
        buf.limit(buf.capacity());
        assertEquals(buf.capacity(), parser.parse(buf, head));
        assertEquals("a", Bytes.text(buf, head.valueStart(0), head.valueLength(0)));
    }

    @Test
    void expectContinueIsIgnoredOnHttp10() {
        assertTrue(parser.parse(Bytes.direct("POST / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n"), head) > 0);
        assertFalse(head.expectContinue());
    }

    @Test
    void pipelinedRequestsParseOneAfterTheOther() {
        final String first = "POST /one HTTP/1.1\r\nContent-Length: 3\r\n\r\n";
        final String second = "GET /two HTTP/1.1\r\nHost: b\r\n\r\n";
        final ByteBuffer buf = Bytes.direct(first + "abc" + second);
        final int n1 = parser.parse(buf, head);
        assertEquals(first.length(), n1);
        assertEquals("/one", Bytes.text(buf, head.targetStart(), head.targetLength()));
        assertEquals(3, head.contentLength());
        buf.position(buf.position() + n1 + (int) head.contentLength());
        final int n2 = parser.parse(buf, head);
        assertEquals(second.length(), n2);
        assertEquals(HttpMethod.GET, head.method());
        assertEquals("/two", Bytes.text(buf, head.targetStart(), head.targetLength()));
        assertEquals(first.length() + 3, head.start());
        assertEquals(-1, head.contentLength(), "the second head starts from a reset state");
        assertEquals(1, head.headerCount());
    }

    @Test
    void twoHeadsBackToBackInOneBuffer() {
        final String first = "GET /1 HTTP/1.1\r\n\r\n";
        final ByteBuffer buf = Bytes.direct(first + "GET /2 HTTP/1.1\r\n\r\n");
        assertEquals(first.length(), parser.parse(buf, head));
        buf.position(head.headLength());
        assertEquals(first.length(), parser.parse(buf, head));
        assertEquals("/2", Bytes.text(buf, head.targetStart(), head.targetLength()));
    }

    /** Rejected request shapes, each with the error code it must produce. */
    static Stream<Arguments> rejectedRequests() {
        return Stream.of(
                arguments("HTTP/0.9 (no version)", "GET /\r\n\r\n"),
                arguments("HTTP/2.0", "GET / HTTP/2.0\r\n\r\n"),
                arguments("HTTP/1.2", "GET / HTTP/1.2\r\n\r\n"),
                arguments("lower-case version", "GET / http/1.1\r\n\r\n"),
                arguments("version with trailing space", "GET / HTTP/1.1 \r\n\r\n"),
                arguments("version trailing bytes", "GET / HTTP/1.10\r\n\r\n"),
                arguments("two spaces after method", "GET  / HTTP/1.1\r\n\r\n"),
                arguments("tab separator", "GET\t/ HTTP/1.1\r\n\r\n"),
                arguments("no target", "GET HTTP/1.1\r\n\r\n"),
                arguments("leading space", " GET / HTTP/1.1\r\n\r\n"),
                arguments("non-token method", "G(T / HTTP/1.1\r\n\r\n"),
                arguments("CTL in target", "GET /a\u0001b HTTP/1.1\r\n\r\n"),
                arguments("DEL in target", "GET /a\u007fb HTTP/1.1\r\n\r\n"),
                arguments("NUL in target", "GET /a\u0000b HTTP/1.1\r\n\r\n"),
                arguments("non-ASCII in target", "GET /caf\u00e9 HTTP/1.1\r\n\r\n"),
                arguments("fragment in target", "GET /a#frag HTTP/1.1\r\n\r\n"),
                arguments("relative target", "GET a/b HTTP/1.1\r\n\r\n"),
                arguments("asterisk for GET", "GET * HTTP/1.1\r\n\r\n"),
                arguments("absolute-form without authority", "GET http:///p HTTP/1.1\r\n\r\n"),
                arguments("CONNECT origin-form", "CONNECT / HTTP/1.1\r\n\r\n"),
                arguments("CONNECT without port", "CONNECT example.com HTTP/1.1\r\n\r\n"),
                arguments("CONNECT with userinfo", "CONNECT u@example.com:443 HTTP/1.1\r\n\r\n"),
                arguments("bare CR in request line", "GET / HTTP/1.1\rX\r\n\r\n"),
                arguments("CR CR LF", "GET / HTTP/1.1\r\r\n\r\n"),
                arguments("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n"),
                arguments("tab before colon", "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n"),
                arguments("obs-fold", "GET / HTTP/1.1\r\nX-A: b\r\n c\r\n\r\n"),
                arguments("obs-fold with tab", "GET / HTTP/1.1\r\nX-A: b\r\n\tc\r\n\r\n"),
                arguments("header line starting with SP", "GET / HTTP/1.1\r\n Host: a\r\n\r\n"),
                arguments("empty name", "GET / HTTP/1.1\r\n: a\r\n\r\n"),
                arguments("no colon", "GET / HTTP/1.1\r\nHost a\r\n\r\n"),
                arguments("non-token name", "GET / HTTP/1.1\r\nX(y): a\r\n\r\n"),
                arguments("NUL in value", "GET / HTTP/1.1\r\nX: a\u0000b\r\n\r\n"),
                arguments("CTL in value", "GET / HTTP/1.1\r\nX: a\u001bb\r\n\r\n"),
                arguments("DEL in value", "GET / HTTP/1.1\r\nX: a\u007f\r\n\r\n"),
                arguments("bare CR in value", "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n"),
                arguments("NUL in name", "GET / HTTP/1.1\r\nX\u0000: a\r\n\r\n"),
                arguments("CL and TE", "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"),
                arguments("TE and CL", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"),
                arguments("differing CL", "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"),
                arguments("differing CL in a list", "POST / HTTP/1.1\r\nContent-Length: 3, 4\r\n\r\n"),
                arguments("CL with empty list element", "POST / HTTP/1.1\r\nContent-Length: 3,,3\r\n\r\n"),
                arguments("CL not digits", "POST / HTTP/1.1\r\nContent-Length: 1a\r\n\r\n"),
                arguments("CL signed", "POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\n"),
                arguments("CL negative", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"),
                arguments("CL hex", "POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n"),
                arguments("CL empty", "POST / HTTP/1.1\r\nContent-Length: \r\n\r\n"),
                arguments("CL overflow", "POST / HTTP/1.1\r\nContent-Length: 9223372036854775808\r\n\r\n"),
                arguments("TE not ending with chunked", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"),
                arguments("TE gzip only", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"),
                arguments("TE chunked with parameter", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked;q=1\r\n\r\n"),
                arguments("TE chunked twice", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"),
                arguments("TE chunked twice in two headers",
                        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"),
                arguments("TE empty", "POST / HTTP/1.1\r\nTransfer-Encoding: \r\n\r\n"),
                arguments("TE only commas", "POST / HTTP/1.1\r\nTransfer-Encoding: , ,\r\n\r\n"),
                arguments("TE non-token", "POST / HTTP/1.1\r\nTransfer-Encoding: \"chunked\"\r\n\r\n"),
                arguments("TE coding with space inside", "POST / HTTP/1.1\r\nTransfer-Encoding: chun ked\r\n\r\n"),
                arguments("TE on HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"),
                arguments("two Host headers", "GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedRequests")
    void rejectsMalformedRequest(final String why, final String raw) {
        final ByteBuffer buf = Bytes.direct(raw);
        assertEquals(HttpError.BAD_REQUEST, parser.parse(buf, head), why);
        assertEquals(0, buf.position());
        assertTrue(parser.errorOffset() >= 0);
        assertEquals(400, HttpError.status(HttpError.BAD_REQUEST));
    }

    @Test
    void parserRecoversAfterAnErrorForTheNextMessage() {
        assertEquals(HttpError.BAD_REQUEST, parser.parse(Bytes.direct("GET /\r\n\r\n"), head));
        assertEquals(18, parser.parse(Bytes.direct("GET / HTTP/1.1\r\n\r\n"), head));
        assertEquals(-1, parser.errorOffset());
    }

    @Test
    void errorOffsetPointsAtTheInvalidLine() {
        assertEquals(HttpError.BAD_REQUEST, parser.parse(Bytes.direct("GET / HTTP/1.1\r\nA: b\r\nX y\r\n\r\n"), head));
        assertEquals(22, parser.errorOffset());
    }

    /** A request head with {@code n} headers. */
    private static String withHeaders(final int n) {
        final StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < n; i++) {
            sb.append("X-").append(i).append(": v\r\n");
        }
        return sb + "\r\n";
    }

    /** HAProxy's default tune.http.maxhdr, 101, counts the start line: 100 headers pass, 101 do not. */
    @Test
    void aHundredHeadersAreAcceptedOneMoreIsNot() {
        final String atLimit = withHeaders(100);
        assertEquals(atLimit.length(), parser.parse(Bytes.direct(atLimit), head));
        assertEquals(100, head.headerCount());
        assertEquals(HttpError.BAD_REQUEST, parser.parse(Bytes.direct(withHeaders(101)), head));
    }

    @Test
    void tuneHttpMaxhdrLowersOrRaisesTheLimitTheStartLineCounted() {
        final HeadParser five = new HeadParser(true, 1 << 20, 5);
        assertEquals(withHeaders(4).length(), five.parse(Bytes.direct(withHeaders(4)), head));
        assertEquals(HttpError.BAD_REQUEST, five.parse(Bytes.direct(withHeaders(5)), head));
        final HeadParser one = new HeadParser(true, 1 << 20, 1);
        assertEquals(withHeaders(0).length(), one.parse(Bytes.direct(withHeaders(0)), head));
        assertEquals(HttpError.BAD_REQUEST, one.parse(Bytes.direct(withHeaders(1)), head));
        final HeadParser many = new HeadParser(true, 1 << 20, 1000); // the head's arrays grow past their 101
        assertEquals(withHeaders(999).length(), many.parse(Bytes.direct(withHeaders(999)), head));
        assertEquals(999, head.headerCount());
        assertEquals(5, head.nameLength(998), "X-998");
        assertEquals(HttpError.BAD_REQUEST, many.parse(Bytes.direct(withHeaders(1000)), head));
        assertEquals(withHeaders(3).length(), many.parse(Bytes.direct(withHeaders(3)), head), "and shrink back");
        assertEquals(3, head.headerCount());
    }

    @Test
    void headBeyondTheLimitIsTooLarge() {
        final HeadParser small = new HeadParser(true, 64);
        final String head60 = "GET / HTTP/1.1\r\nX: " + "a".repeat(39) + "\r\n\r\n";
        assertEquals(62, head60.length());
        assertEquals(62, small.parse(Bytes.direct(head60), head));
        final String exactly64 = "GET / HTTP/1.1\r\nX: " + "a".repeat(41) + "\r\n\r\n";
        assertEquals(64, small.parse(Bytes.direct(exactly64), head));
        final String head65 = "GET / HTTP/1.1\r\nX: " + "a".repeat(42) + "\r\n\r\n";
        assertEquals(HttpError.TOO_LARGE, small.parse(Bytes.direct(head65), head));
        assertEquals(400, HttpError.status(HttpError.TOO_LARGE)); // as HAProxy 2.6 answers it
    }

    @Test
    void tooLargeIsReportedAsSoonAsTheLimitIsReachedWithoutTheEnd() {
        final HeadParser small = new HeadParser(true, 64);
        final ByteBuffer buf = Bytes.direct("GET / HTTP/1.1\r\nX: " + "a".repeat(200));
        buf.limit(63);
        assertEquals(HeadParser.NEED_MORE, small.parse(buf, head));
        buf.limit(64);
        assertEquals(HttpError.TOO_LARGE, small.parse(buf, head));
    }

    @Test
    void requestLineBeyondTheLimitIsUriTooLong() {
        final HeadParser small = new HeadParser(true, 64);
        final String longLine = "GET /" + "a".repeat(60) + " HTTP/1.1\r\n\r\n";
        assertEquals(HttpError.URI_TOO_LONG, small.parse(Bytes.direct(longLine), head));
        assertEquals(400, HttpError.status(HttpError.URI_TOO_LONG)); // as HAProxy 2.6 answers it
        assertEquals(0, small.errorOffset());
    }

    @Test
    void needMoreUntilTheEmptyLine() {
        final ByteBuffer buf = Bytes.direct("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        for (int limit = 0; limit < buf.capacity(); limit++) {
            buf.limit(limit);
            assertEquals(HeadParser.NEED_MORE, parser.parse(buf, head), "limit " + limit);
        }
        buf.limit(buf.capacity());
        assertEquals(buf.capacity(), parser.parse(buf, head));
    }

    @Test
    void offsetsFollowTheBytesWhenTheCallerCompactsBetweenCalls() {
        final String raw = "GET /moved HTTP/1.1\r\nHost: a\r\n\r\n";
        final ByteBuffer buf = ByteBuffer.allocate(128);
        buf.put("garbage!".getBytes(StandardCharsets.US_ASCII));
        buf.put(raw.substring(0, 25).getBytes(StandardCharsets.US_ASCII));
        buf.flip().position(8);
        assertEquals(HeadParser.NEED_MORE, parser.parse(buf, head));
        buf.compact();
        buf.put(raw.substring(25).getBytes(StandardCharsets.US_ASCII));
        buf.flip();
        assertEquals(raw.length(), parser.parse(buf, head));
        assertEquals(0, head.start());
        assertEquals("/moved", Bytes.text(buf, head.targetStart(), head.targetLength()));
        assertEquals("a", Bytes.text(buf, head.valueStart(0), head.valueLength(0)));
    }

    @Test
    void relocateMovesEveryOffset() {
        final String raw = "GET /r HTTP/1.1\r\nHost: h\r\n\r\n";
        final ByteBuffer buf = Bytes.direct(raw);
        assertEquals(raw.length(), parser.parse(buf, head));
        final ByteBuffer copy = Bytes.heap("0123" + raw);
        head.relocate(copy, 4);
        assertEquals("/r", Bytes.text(copy, head.targetStart(), head.targetLength()));
        assertEquals("Host", Bytes.text(copy, head.nameStart(0), head.nameLength(0)));
        assertEquals(0, head.indexOf(HeaderName.HOST, 0));
    }

    @Test
    void parserRejectsNonPositiveLimit() {
        assertThrows(IllegalArgumentException.class, () -> new HeadParser(true, 0));
    }
}
