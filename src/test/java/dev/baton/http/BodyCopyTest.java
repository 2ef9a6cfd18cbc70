package dev.baton.http;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BodyCopy moves exactly one body per its framing and leaves what follows in the input. */
class BodyCopyTest {
    private static ByteBuffer input(final String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1)); // read mode
    }

    private static String written(final ByteBuffer out) {
        return new String(out.array(), 0, out.position(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void contentLengthStopsAtTheLengthAndLeavesThePipelinedRest() {
        final BodyCopy copy = new BodyCopy(true);
        copy.start(BodyFraming.CONTENT_LENGTH, 5);
        final ByteBuffer in = input("helloGET / HTTP/1.1\r\n");
        final ByteBuffer out = ByteBuffer.allocate(64);
        assertEquals(5, copy.copy(in, out));
        assertTrue(copy.isDone());
        assertEquals("hello", written(out));
        assertEquals('G', in.get(in.position()));
    }

    @Test
    void contentLengthAcrossSeveralInputsAndALimitedOutput() {
        final BodyCopy copy = new BodyCopy(true);
        copy.start(BodyFraming.CONTENT_LENGTH, 10);
        final ByteBuffer out = ByteBuffer.allocate(4);
        assertEquals(4, copy.copy(input("0123456"), out));
        assertFalse(copy.isDone());
        out.clear();
        final ByteBuffer rest = input("456789X");
        assertEquals(4, copy.copy(rest, out));
        out.clear();
        assertEquals(2, copy.copy(rest, out));
        assertTrue(copy.isDone());
        assertEquals("89", written(out));
        assertEquals(1, rest.remaining());
        assertEquals(10, copy.moved());
    }

    @Test
    void chunkedStopsAfterTheLastChunkAndTrailers() {
        final BodyCopy copy = new BodyCopy(false);
        copy.start(BodyFraming.CHUNKED, -1);
        final String body = "5;ext=1\r\nhello\r\n0\r\nX-Trailer: yes\r\n\r\n";
        final ByteBuffer in = input(body + "HTTP/1.1 200 OK\r\n");
        final ByteBuffer out = ByteBuffer.allocate(128);
        assertEquals(body.length(), copy.copy(in, out));
        assertTrue(copy.isDone());
        assertEquals(body, written(out));
    }

    @Test
    void malformedChunkSizeIsAnError() {
        final BodyCopy copy = new BodyCopy(true);
        copy.start(BodyFraming.CHUNKED, -1);
        final int r = copy.copy(input("zz\r\nhello\r\n"), ByteBuffer.allocate(64));
        assertEquals(HttpError.BAD_REQUEST, r);
    }

    @Test
    void untilCloseEndsOnlyAtEndOfInput() {
        final BodyCopy copy = new BodyCopy(false);
        copy.start(BodyFraming.UNTIL_CLOSE, -1);
        final ByteBuffer out = ByteBuffer.allocate(64);
        assertEquals(3, copy.copy(input("abc"), out));
        assertFalse(copy.isDone());
        assertTrue(copy.endOfInput());
        assertTrue(copy.isDone());
    }

    @Test
    void truncatedContentLengthIsNotDoneAtEndOfInput() {
        final BodyCopy copy = new BodyCopy(false);
        copy.start(BodyFraming.CONTENT_LENGTH, 10);
        copy.copy(input("abc"), ByteBuffer.allocate(64));
        assertFalse(copy.endOfInput());
    }

    @Test
    void noBodyAndZeroLengthAreDoneAtOnce() {
        final BodyCopy copy = new BodyCopy(true);
        copy.start(BodyFraming.NONE, -1);
        assertTrue(copy.isDone());
        assertEquals(0, copy.copy(input("GET"), ByteBuffer.allocate(8)));
        copy.start(BodyFraming.CONTENT_LENGTH, 0);
        assertTrue(copy.isDone());
    }
}
