package dev.baton.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** A head fed in pieces parses exactly as the same head given at once: same result, same head. */
class IncrementalParseTest {
    private static final int MAX = 512;

    /** Valid and rejected heads of both sides, from the request and response matrices and a few more. */
    static Stream<Arguments> heads() {
        final Stream<Arguments> requests = Stream.concat(
                HeadParserRequestTest.validRequests().map(a -> arguments(true, a.get()[0])),
                HeadParserRequestTest.rejectedRequests().map(a -> arguments(true, a.get()[1])));
        final Stream<Arguments> responses = Stream.concat(
                HeadParserResponseTest.framings().map(a -> arguments(false, a.get()[0])),
                HeadParserResponseTest.rejectedResponses().map(a -> arguments(false, a.get()[1])));
        final Stream<Arguments> more = Stream.of(
                arguments(true, "GET /" + "u".repeat(600) + " HTTP/1.1\r\n\r\n"),
                arguments(true, "GET / HTTP/1.1\r\nX: " + "v".repeat(600) + "\r\n\r\n"),
                arguments(false, "HTTP/1.1 200 OK\r\nX: " + "v".repeat(600) + "\r\n\r\n"),
                arguments(true, "\r\n\r\n\r\nGET / HTTP/1.1\nA:b\n\n"));
        return Stream.concat(Stream.concat(requests, responses), more);
    }

    private static String atOnce(final boolean request, final ByteBuffer buf) {
        final HttpHead head = new HttpHead();
        return Heads.describeWithOffsets(new HeadParser(request, MAX).parse(buf, head), head);
    }

    @ParameterizedTest
    @MethodSource("heads")
    void byteByByteEqualsAtOnce(final boolean request, final String raw) {
        final ByteBuffer buf = Bytes.direct(raw);
        final String expected = atOnce(request, buf);
        final HeadParser parser = new HeadParser(request, MAX);
        final HttpHead head = new HttpHead();
        int result = HeadParser.NEED_MORE;
        for (int limit = 0; limit <= raw.length() && result == HeadParser.NEED_MORE; limit++) {
            buf.limit(limit);
            result = parser.parse(buf, head);
        }
        assertEquals(expected, Heads.describeWithOffsets(result, head), raw);
    }

    @ParameterizedTest
    @MethodSource("heads")
    void randomPiecesWithCompactionEqualAtOnce(final boolean request, final String raw) {
        final String expected = atOnce(request, Bytes.direct(raw));
        final byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        final SplittableRandom random = new SplittableRandom(raw.hashCode());
        final HeadParser parser = new HeadParser(request, MAX);
        final HttpHead head = new HttpHead();
        for (int round = 0; round < 20; round++) {
            // The head sits after some consumed bytes; between reads the caller compacts them away.
            final ByteBuffer buf = ByteBuffer.allocate(bytes.length + 64);
            final int consumed = random.nextInt(16);
            buf.put(new byte[consumed]);
            int fed = 0;
            int result = HeadParser.NEED_MORE;
            buf.flip().position(consumed);
            while (result == HeadParser.NEED_MORE && fed < bytes.length) {
                if (random.nextBoolean()) {
                    buf.compact().flip();
                }
                final int n = Math.min(bytes.length - fed, 1 + random.nextInt(12));
                final int pos = buf.position();
                buf.position(buf.limit()).limit(buf.limit() + n);
                buf.put(bytes, fed, n).position(pos);
                fed += n;
                result = parser.parse(buf, head);
            }
            assertEquals(expected, Heads.describeWithOffsets(result, head), raw);
        }
    }

    @Test
    void sameHeadObjectIsReusedAcrossMessagesFedInPieces() {
        final String first = "POST /a HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n";
        final String second = "GET /b HTTP/1.1\r\n\r\n";
        final ByteBuffer buf = Bytes.direct(first + second);
        final HeadParser parser = new HeadParser(true, MAX);
        final HttpHead head = new HttpHead();
        int result = HeadParser.NEED_MORE;
        for (int limit = 0; result == HeadParser.NEED_MORE; limit++) {
            buf.limit(limit);
            result = parser.parse(buf, head);
        }
        assertEquals(first.length(), result);
        assertTrue(head.connectionClose());
        buf.position(result);
        result = HeadParser.NEED_MORE;
        for (int limit = buf.position(); result == HeadParser.NEED_MORE; limit++) {
            buf.limit(limit);
            result = parser.parse(buf, head);
        }
        assertEquals(second.length(), result);
        assertEquals("/b", Bytes.text(buf, head.targetStart(), head.targetLength()));
        assertEquals(-1, head.contentLength());
        assertFalse(head.connectionClose(), "flags of the first message are gone");
    }
}
