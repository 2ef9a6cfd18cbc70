package dev.baton.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ChunkedScannerTest {
    private static final String NEXT = "GET /next HTTP/1.1\r\n\r\n";

    private final ChunkedScanner scanner = new ChunkedScanner(true);

    static Stream<String> validBodies() {
        return Stream.of(
                "0\r\n\r\n",
                "5\r\nhello\r\n0\r\n\r\n",
                "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                "A\r\n0123456789\r\n0\r\n\r\n",
                "a\r\n" + "\r\n".repeat(5) + "\r\n0\r\n\r\n",
                "00000003\r\nabc\r\n000\r\n\r\n",
                "1f\r\n" + "x".repeat(31) + "\r\n0\r\n\r\n",
                "3;name=value\r\nabc\r\n0;last\r\n\r\n",
                "3 ;quoted=\"a b\\\"c\"\r\nabc\r\n0\r\n\r\n",
                "3\t \r\nabc\r\n0  \r\n\r\n",
                "3;caf\u00e9\r\nabc\r\n0\r\n\r\n",
                "0\r\nX-Checksum: abc\r\nX-Empty:\r\nX-Tab:\tv\u00e9 \r\n\r\n",
                "2\r\n\r\n\r\n0\r\nTrailer-Only: 1\r\n\r\n");
    }

    @ParameterizedTest
    @MethodSource("validBodies")
    void stopsExactlyAtTheEndBeforeAPipelinedMessage(final String body) {
        final ByteBuffer buf = Bytes.direct(body + NEXT);
        assertEquals(body.length(), scanner.scan(buf, 0, buf.limit()), body);
        assertTrue(scanner.isDone());
        assertEquals(body.length(), scanner.scan(buf, body.length(), buf.limit()), "nothing more belongs to it");
    }

    @ParameterizedTest
    @MethodSource("validBodies")
    void byteByByteEndsAtTheSameIndex(final String body) {
        final ByteBuffer buf = Bytes.direct(body + NEXT);
        int end = -1;
        for (int i = 0; i < buf.limit() && end < 0; i++) {
            final int r = scanner.scan(buf, i, i + 1);
            assertEquals(i + 1, r, "every byte up to the end belongs to the body");
            if (scanner.isDone()) {
                end = r;
            }
        }
        assertEquals(body.length(), end);
    }

    @ParameterizedTest
    @MethodSource("validBodies")
    void randomSplitsEndAtTheSameIndex(final String body) {
        final SplittableRandom random = new SplittableRandom(body.hashCode());
        final ByteBuffer buf = Bytes.heap(body + NEXT);
        for (int round = 0; round < 50; round++) {
            scanner.reset();
            int from = 0;
            int result = 0;
            while (!scanner.isDone()) {
                final int to = Math.min(buf.limit(), from + 1 + random.nextInt(8));
                result = scanner.scan(buf, from, to);
                assertTrue(result >= from && result <= to, "result " + result);
                assertTrue(result == to || scanner.isDone());
                from = result;
            }
            assertEquals(body.length(), result);
        }
    }

    @Test
    void aSizeSplitAcrossCallsIsOneSize() {
        final ByteBuffer buf = Bytes.direct("1" + "0\r\n" + "x".repeat(16) + "\r\n0\r\n\r\n");
        assertEquals(1, scanner.scan(buf, 0, 1));
        assertEquals(3, scanner.scan(buf, 1, 3));
        assertEquals(buf.limit() - 6, scanner.scan(buf, 3, buf.limit() - 6));
        assertFalse(scanner.isDone());
        assertEquals(buf.limit(), scanner.scan(buf, buf.limit() - 6, buf.limit()));
        assertTrue(scanner.isDone());
    }

    @Test
    void largeChunkDataIsSkippedAcrossCalls() {
        final String data = "d".repeat(1000);
        final ByteBuffer buf = Bytes.direct("3e8\r\n" + data + "\r\n0\r\n\r\n");
        for (int from = 0; from < buf.limit(); from += 100) {
            final int to = Math.min(buf.limit(), from + 100);
            assertEquals(to, scanner.scan(buf, from, to));
        }
        assertTrue(scanner.isDone());
    }

    @Test
    void sizeOfExactly2To62IsAccepted() {
        final ByteBuffer buf = Bytes.direct("4000000000000000\r\nabc");
        assertEquals(buf.limit(), scanner.scan(buf, 0, buf.limit()));
        assertFalse(scanner.isDone());
    }

    @Test
    void resetStartsANewBody() {
        final ByteBuffer bad = Bytes.direct("zz\r\n");
        assertEquals(HttpError.BAD_REQUEST, scanner.scan(bad, 0, bad.limit()));
        scanner.reset();
        final ByteBuffer good = Bytes.direct("0\r\n\r\n");
        assertEquals(5, scanner.scan(good, 0, 5));
        scanner.reset();
        assertFalse(scanner.isDone());
        assertEquals(5, scanner.scan(good, 0, 5));
    }

    @Test
    void emptyRangeReturnsItsStart() {
        final ByteBuffer buf = Bytes.direct("5\r\n");
        assertEquals(2, scanner.scan(buf, 2, 2));
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                arguments("no size", "\r\n"),
                arguments("non-hex size", "g\r\n"),
                arguments("negative size", "-1\r\n"),
                arguments("0x prefix", "0x5\r\nhello\r\n0\r\n\r\n"),
                arguments("space before size", " 5\r\nhello\r\n0\r\n\r\n"),
                arguments("digits after BWS", "5 5\r\nhello\r\n0\r\n\r\n"),
                arguments("size above 2^62", "4000000000000001\r\n"),
                arguments("size of 2^64", "10000000000000000\r\n"),
                arguments("size overflowing long", "fffffffffffffffff\r\n"),
                arguments("bare LF after size", "5\nhello\r\n0\r\n\r\n"),
                arguments("CR without LF after size", "5\rhello\r\n0\r\n\r\n"),
                arguments("bare LF after data", "5\r\nhello\n0\r\n\r\n"),
                arguments("data longer than size", "5\r\nhello!\r\n0\r\n\r\n"),
                arguments("missing CRLF after data", "3\r\nabc0\r\n\r\n"),
                arguments("LF inside extension", "5;a\nb\r\nhello\r\n0\r\n\r\n"),
                arguments("NUL inside extension", "5;a\u0000\r\nhello\r\n0\r\n\r\n"),
                arguments("CTL inside extension", "5;a=\u0001\r\nhello\r\n0\r\n\r\n"),
                arguments("DEL inside extension", "5;\u007f\r\nhello\r\n0\r\n\r\n"),
                arguments("bare LF ending the trailers", "0\r\n\n"),
                arguments("bare LF after a trailer", "0\r\nX: y\n\r\n"),
                arguments("obs-fold in trailers", "0\r\nX: y\r\n z\r\n\r\n"),
                arguments("trailer without colon", "0\r\nX y\r\n\r\n"),
                arguments("trailer with empty name", "0\r\n: y\r\n\r\n"),
                arguments("space before trailer colon", "0\r\nX : y\r\n\r\n"),
                arguments("NUL in trailer value", "0\r\nX: a\u0000\r\n\r\n"),
                arguments("CR alone ending the body", "0\r\n\rX"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void refusesMalformedFraming(final String why, final String body) {
        final ByteBuffer buf = Bytes.direct(body);
        assertEquals(HttpError.BAD_REQUEST, scanner.scan(buf, 0, buf.limit()), why);
        assertFalse(scanner.isDone());
        assertEquals(HttpError.BAD_REQUEST, scanner.scan(buf, 0, buf.limit()), "the error sticks");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void refusesMalformedFramingFedByteByByte(final String why, final String body) {
        final ChunkedScanner responses = new ChunkedScanner(false);
        final ByteBuffer buf = Bytes.direct(body);
        int result = 0;
        for (int i = 0; i < buf.limit() && result >= 0; i++) {
            result = responses.scan(buf, i, i + 1);
        }
        assertEquals(HttpError.BAD_GATEWAY, result, why);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 64})
    void scansFromAnOffsetInsideALargerBuffer(final int offset) {
        final String body = "4\r\nwxyz\r\n0\r\n\r\n";
        final ByteBuffer buf = Bytes.framed(body + NEXT, offset, 16, (byte) '\n');
        assertEquals(offset + body.length(), scanner.scan(buf, offset, buf.limit()));
        assertTrue(scanner.isDone());
    }
}
