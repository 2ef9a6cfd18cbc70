package dev.baton.http;

import dev.baton.http.text.HeaderName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class HeadParserResponseTest {
    private final HeadParser parser = new HeadParser(false, 8192);
    private final HttpHead head = new HttpHead();

    /** A response, the method of the request it answers, and the framing of its body. */
    static Stream<Arguments> framings() {
        return Stream.of(
                arguments("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", HttpMethod.GET, BodyFraming.CONTENT_LENGTH),
                arguments("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", HttpMethod.GET, BodyFraming.CONTENT_LENGTH),
                arguments("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", HttpMethod.GET, BodyFraming.CHUNKED),
                arguments("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", HttpMethod.POST,
                        BodyFraming.CHUNKED),
                arguments("HTTP/1.1 200 OK\r\n\r\n", HttpMethod.GET, BodyFraming.UNTIL_CLOSE),
                arguments("HTTP/1.0 200 OK\r\n\r\n", HttpMethod.GET, BodyFraming.UNTIL_CLOSE),
                arguments("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", HttpMethod.GET, BodyFraming.UNTIL_CLOSE),
                arguments("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", HttpMethod.GET,
                        BodyFraming.UNTIL_CLOSE),
                arguments("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 3\r\n\r\n", HttpMethod.GET,
                        BodyFraming.UNTIL_CLOSE),
                arguments("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", HttpMethod.GET,
                        BodyFraming.CHUNKED),
                arguments("HTTP/1.0 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", HttpMethod.GET,
                        BodyFraming.UNTIL_CLOSE),
                arguments("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
                        HttpMethod.GET, BodyFraming.CHUNKED),
                arguments("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", HttpMethod.HEAD, BodyFraming.NONE),
                arguments("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", HttpMethod.HEAD, BodyFraming.NONE),
                arguments("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", HttpMethod.GET, BodyFraming.NONE),
                arguments("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n", HttpMethod.GET,
                        BodyFraming.NONE),
                arguments("HTTP/1.1 100 Continue\r\n\r\n", HttpMethod.POST, BodyFraming.NONE),
                arguments("HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n", HttpMethod.GET, BodyFraming.NONE),
                arguments("HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n",
                        HttpMethod.GET, BodyFraming.NONE),
                arguments("HTTP/1.1 200 Connection established\r\n\r\n", HttpMethod.CONNECT, BodyFraming.NONE),
                arguments("HTTP/1.1 407 Proxy Auth\r\nContent-Length: 2\r\n\r\n", HttpMethod.CONNECT,
                        BodyFraming.CONTENT_LENGTH),
                arguments("HTTP/1.1 205 Reset\r\nContent-Length: 0\r\n\r\n", HttpMethod.GET, BodyFraming.CONTENT_LENGTH),
                arguments("HTTP/1.1 500 Oops\r\n\r\n", HttpMethod.OTHER, BodyFraming.UNTIL_CLOSE));
    }

    @ParameterizedTest
    @MethodSource("framings")
    void framesResponseBodies(final String raw, final HttpMethod requestMethod, final BodyFraming framing) {
        final ByteBuffer buf = Bytes.direct(raw);
        assertEquals(raw.length(), parser.parse(buf, head), raw);
        assertFalse(head.isRequest());
        assertNull(head.method());
        assertEquals(framing, HeadParser.responseFraming(head, requestMethod));
    }

    @Test
    void statusLineIsRecorded() {
        final ByteBuffer buf = Bytes.direct("HTTP/1.0 404 Not Found Here\r\nServer: x\r\n\r\n");
        assertEquals(buf.limit(), parser.parse(buf, head));
        assertEquals(404, head.status());
        assertEquals(10, head.version());
        assertEquals("Not Found Here", Bytes.text(buf, head.reasonStart(), head.reasonLength()));
        assertEquals("HTTP/1.0 404 Not Found Here", Bytes.text(buf, head.startLineStart(), head.startLineLength()));
        assertEquals(1, head.headerCount());
        assertFalse(head.keepAliveByVersion());
    }

    @Test
    void reasonMayBeEmptyOrAbsent() {
        assertEquals(16, parser.parse(Bytes.direct("HTTP/1.1 200\r\n\r\n"), head));
        assertEquals(200, head.status());
        assertEquals(0, head.reasonLength());
        assertEquals(17, parser.parse(Bytes.direct("HTTP/1.1 200 \r\n\r\n"), head));
        assertEquals(0, head.reasonLength());
    }

    @Test
    void contentLengthOfAChunkedResponseIsIgnored() {
        assertTrue(parser.parse(Bytes.direct("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"), head) > 0);
        assertEquals(-1, head.contentLength());
        assertTrue(head.transferEncoding());
        assertTrue(head.chunked());
        assertEquals(0, head.indexOf(HeaderName.CONTENT_LENGTH, 0), "the header itself is still there to drop");
    }

    @Test
    void doubtfulTransferEncodingFramingClosesAfterTheResponse() {
        parser.parse(Bytes.direct("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), head);
        assertTrue(head.keepAliveByVersion());
        parser.parse(Bytes.direct("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"),
                head);
        assertFalse(head.keepAliveByVersion(), "TE with CL");
        parser.parse(Bytes.direct("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"),
                head);
        assertFalse(head.keepAliveByVersion(), "TE on HTTP/1.0");
        assertEquals(BodyFraming.CHUNKED, HeadParser.responseFraming(head, HttpMethod.GET));
    }

    @Test
    void codingsOtherThanChunkedAreFlagged() {
        parser.parse(Bytes.direct("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), head);
        assertFalse(head.otherTransferCoding());
        parser.parse(Bytes.direct("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"),
                head);
        assertTrue(head.chunked());
        assertTrue(head.otherTransferCoding());
        parser.parse(Bytes.direct("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked;x=1\r\n\r\n"), head);
        assertFalse(head.chunked());
        assertTrue(head.otherTransferCoding());
    }

    @Test
    void persistenceFollowsVersionAndConnection() {
        parser.parse(Bytes.direct("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), head);
        assertTrue(head.keepAliveByVersion());
        parser.parse(Bytes.direct("HTTP/1.1 200 OK\r\nConnection: foo, CLOSE\r\n\r\n"), head);
        assertTrue(head.connectionClose());
        assertFalse(head.keepAliveByVersion());
        parser.parse(Bytes.direct("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n"), head);
        assertTrue(head.keepAliveByVersion());
    }

    @Test
    void responsesMayRepeatHost() {
        assertTrue(parser.parse(Bytes.direct("HTTP/1.1 200 OK\r\nHost: a\r\nHost: b\r\n\r\n"), head) > 0);
    }

    static Stream<Arguments> rejectedResponses() {
        return Stream.of(
                arguments("two-digit status", "HTTP/1.1 20 OK\r\n\r\n"),
                arguments("four-digit status", "HTTP/1.1 2000 OK\r\n\r\n"),
                arguments("status below 100", "HTTP/1.1 099 Low\r\n\r\n"),
                arguments("status above 599", "HTTP/1.1 600 High\r\n\r\n"),
                arguments("letters in status", "HTTP/1.1 2x0 OK\r\n\r\n"),
                arguments("HTTP/2", "HTTP/2 200 OK\r\n\r\n"),
                arguments("HTTP/1.2", "HTTP/1.2 200 OK\r\n\r\n"),
                arguments("two spaces", "HTTP/1.1  200 OK\r\n\r\n"),
                arguments("no status", "HTTP/1.1\r\n\r\n"),
                arguments("NUL in reason", "HTTP/1.1 200 O\u0000K\r\n\r\n"),
                arguments("request line instead", "GET / HTTP/1.1\r\n\r\n"),
                arguments("obs-fold", "HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n"),
                arguments("space before colon", "HTTP/1.1 200 OK\r\nX : a\r\n\r\n"),
                arguments("CTL in value", "HTTP/1.1 200 OK\r\nX: \u0007\r\n\r\n"),
                arguments("differing CL", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
                arguments("CL not digits", "HTTP/1.1 200 OK\r\nContent-Length: 1.0\r\n\r\n"),
                arguments("TE chunked twice", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"),
                arguments("TE empty", "HTTP/1.1 200 OK\r\nTransfer-Encoding:\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedResponses")
    void rejectsMalformedResponse(final String why, final String raw) {
        assertEquals(HttpError.BAD_GATEWAY, parser.parse(Bytes.direct(raw), head), why);
        assertEquals(502, HttpError.status(HttpError.BAD_GATEWAY));
    }

    @Test
    void oversizedResponseHeadIsBadGateway() {
        final HeadParser small = new HeadParser(false, 32);
        assertEquals(HttpError.BAD_GATEWAY, small.parse(Bytes.direct("HTTP/1.1 200 OK\r\nServer: "
                + "s".repeat(40) + "\r\n\r\n"), head));
        assertEquals(HttpError.BAD_GATEWAY, small.parse(Bytes.direct("HTTP/1.1 200 " + "r".repeat(40)
                + "\r\n\r\n"), head));
    }

    @Test
    void tooManyHeadersIsBadGateway() {
        final StringBuilder sb = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 101; i++) { // tune.http.maxhdr 101 (HAProxy's default) counts the status line
            sb.append("X: v\r\n");
        }
        assertEquals(HttpError.BAD_GATEWAY, parser.parse(Bytes.direct(sb + "\r\n"), head));
        final HeadParser five = new HeadParser(false, 8192, 5);
        assertEquals(HttpError.BAD_GATEWAY, five.parse(Bytes.direct("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n"
            + "D: 4\r\nE: 5\r\n\r\n"), head));
        assertTrue(five.parse(Bytes.direct("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"), head) > 0);
    }

    @Test
    void requestFramingFollowsTheHead() {
        final HeadParser requests = new HeadParser(true, 8192);
        requests.parse(Bytes.direct("GET / HTTP/1.1\r\n\r\n"), head);
        assertEquals(BodyFraming.NONE, HeadParser.requestFraming(head));
        requests.parse(Bytes.direct("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"), head);
        assertEquals(BodyFraming.CONTENT_LENGTH, HeadParser.requestFraming(head));
        requests.parse(Bytes.direct("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"), head);
        assertEquals(BodyFraming.CHUNKED, HeadParser.requestFraming(head));
    }
}
