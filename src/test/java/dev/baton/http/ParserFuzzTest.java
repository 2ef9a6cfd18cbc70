package dev.baton.http;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded mutations of valid heads and chunked bodies. Whatever the bytes, the parser and the scanner return
 * a result of their contract and never throw; they read only inside [position, limit) (the input sits in a
 * slice, where any other read throws); an accepted head is rewritten into one that parses to the same facts.
 */
class ParserFuzzTest {
    private static final long SEED = 0x5eed_ba70_2024L;
    private static final int ROUNDS = 20_000;
    private static final int MAX = 1024;

    private static final String[] REQUESTS = {
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST /form?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\n",
        "PUT http://h:8080/p HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\nExpect: 100-continue\r\n\r\n",
        "GET / HTTP/1.0\nConnection: Keep-Alive, Upgrade\nUpgrade: ws\n\n",
        "\r\nCONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n",
    };
    private static final String[] RESPONSES = {
        "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
        "HTTP/1.0 304 Not Modified\nConnection: close\n\n",
        "HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n",
    };
    private static final String[] BODIES = {
        "5\r\nhello\r\n0\r\n\r\n",
        "3;ext=\"v\"\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nX-T: 1\r\n\r\n",
        "0\r\n\r\n",
    };
    private static final byte[] INTERESTING = " \t\r\n:;,\"0159aAfFzZ\u0000\u007f\u0080\u00ff#?/-".getBytes(
            StandardCharsets.ISO_8859_1);

    private final SplittableRandom random = new SplittableRandom(SEED);

    @Test
    void mutatedHeadsNeverBreakTheContract() {
        final HttpHead head = new HttpHead();
        final HttpHead again = new HttpHead();
        int accepted = 0;
        int rejected = 0;
        for (int round = 0; round < ROUNDS; round++) {
            final boolean request = random.nextBoolean();
            final String[] seeds = request ? REQUESTS : RESPONSES;
            final byte[] input = mutate(seeds[random.nextInt(seeds.length)].getBytes(StandardCharsets.ISO_8859_1));
            final String where = (request ? "request " : "response ") + Arrays.toString(input);
            try {
                final ByteBuffer slice = inSlice(input);
                final int result = new HeadParser(request, MAX).parse(slice, head);
                assertEquals(0, slice.position(), where);
                assertEquals(input.length, slice.limit(), where);
                if (result > 0) {
                    accepted++;
                    assertTrue(result <= input.length, where);
                    assertEquals(result, head.headLength(), where);
                    checkOffsets(head, result, where);
                    rewriteParsesTheSame(request, result, head, again, where);
                } else if (result != HeadParser.NEED_MORE) {
                    rejected++;
                    assertTrue(result == HttpError.bad(request) || request
                            && (result == HttpError.TOO_LARGE || result == HttpError.URI_TOO_LONG), where);
                }
                // The same bytes at another position of a larger buffer, or in pieces: the same head.
                final String expected = Heads.describeWithOffsets(result, head);
                final ByteBuffer framed = Bytes.framed(new String(input, StandardCharsets.ISO_8859_1),
                        1 + random.nextInt(40), random.nextInt(40), (byte) '\n');
                assertEquals(expected, Heads.describeWithOffsets(new HeadParser(request, MAX).parse(framed, head),
                        head), where);
                assertEquals(expected, Heads.describeWithOffsets(inPieces(request, input, head), head), where);
            } catch (RuntimeException e) {
                fail(where, e);
            }
        }
        assertTrue(accepted > ROUNDS / 20, "mutations too destructive to test acceptance: " + accepted);
        assertTrue(rejected > ROUNDS / 5, "mutations too mild to test rejection: " + rejected);
    }

    @Test
    void mutatedChunkedBodiesNeverBreakTheContract() {
        for (int round = 0; round < ROUNDS; round++) {
            final byte[] input = mutate(BODIES[random.nextInt(BODIES.length)].getBytes(StandardCharsets.ISO_8859_1));
            final String where = Arrays.toString(input);
            try {
                final ByteBuffer slice = inSlice(input);
                final ChunkedScanner whole = new ChunkedScanner(false);
                final int result = whole.scan(slice, 0, input.length);
                assertTrue(result == HttpError.BAD_GATEWAY || result >= 0 && result <= input.length, where);
                assertTrue(!whole.isDone() || result > 0, where);
                final ChunkedScanner bytewise = new ChunkedScanner(false);
                int r = 0;
                for (int i = 0; i < input.length && r >= 0 && !bytewise.isDone(); i++) {
                    r = bytewise.scan(slice, i, i + 1);
                }
                assertEquals(whole.isDone(), bytewise.isDone(), where);
                assertEquals(result < 0 ? result : whole.isDone() ? result : input.length,
                        r < 0 ? r : bytewise.isDone() ? r : input.length, where);
            } catch (RuntimeException e) {
                fail(where, e);
            }
        }
    }

    /** The input alone in a slice of a larger buffer: index -1 and index length are out of bounds. */
    private ByteBuffer inSlice(final byte[] input) {
        final ByteBuffer big = ByteBuffer.allocateDirect(input.length + 16);
        big.position(8).put(input).position(8).limit(8 + input.length);
        return big.slice();
    }

    private int inPieces(final boolean request, final byte[] input, final HttpHead head) {
        final ByteBuffer buf = inSlice(input);
        final HeadParser parser = new HeadParser(request, MAX);
        int result = HeadParser.NEED_MORE;
        for (int limit = 0; result == HeadParser.NEED_MORE && limit < input.length; ) {
            limit = Math.min(input.length, limit + 1 + random.nextInt(6));
            buf.limit(limit);
            result = parser.parse(buf, head);
        }
        return result;
    }

    private static void checkOffsets(final HttpHead head, final int length, final String where) {
        final int end = head.start() + length;
        assertTrue(inside(head.startLineStart(), head.startLineLength(), end), where);
        for (int i = 0; i < head.headerCount(); i++) {
            assertTrue(inside(head.nameStart(i), head.nameLength(i), end), where);
            assertTrue(inside(head.valueStart(i), head.valueLength(i), end), where);
        }
        if (head.isRequest()) {
            assertTrue(inside(head.targetStart(), head.targetLength(), end), where);
            assertTrue(inside(head.pathStart(), head.pathLength(), end), where);
        }
    }

    private static boolean inside(final int start, final int length, final int end) {
        return start >= 0 && length >= 0 && start + length <= end;
    }

    private static void rewriteParsesTheSame(final boolean request, final int result, final HttpHead head,
            final HttpHead again, final String where) {
        final String facts = Heads.describe(result, head);
        final ByteBuffer out = ByteBuffer.allocate(HeadWriter.size(head, null));
        assertTrue(HeadWriter.write(head, out), where);
        out.flip();
        final int reparsed = new HeadParser(request, MAX).parse(out, again);
        assertEquals(out.limit(), reparsed, where);
        assertEquals(facts, Heads.describe(reparsed, again), where);
    }

    /** One to four edits: overwrite, insert, delete, duplicate a run, or truncate. */
    private byte[] mutate(final byte[] seed) {
        byte[] b = seed;
        final int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            final int at = random.nextInt(b.length);
            switch (random.nextInt(5)) {
                case 0:
                    b = b.clone();
                    b[at] = pick();
                    break;
                case 1: {
                    final byte[] n = new byte[b.length + 1];
                    System.arraycopy(b, 0, n, 0, at);
                    n[at] = pick();
                    System.arraycopy(b, at, n, at + 1, b.length - at);
                    b = n;
                    break;
                }
                case 2: {
                    final byte[] n = new byte[b.length - 1];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(b, at + 1, n, at, b.length - at - 1);
                    b = n;
                    break;
                }
                case 3: {
                    final int len = Math.min(b.length - at, 1 + random.nextInt(20));
                    final byte[] n = new byte[b.length + len];
                    System.arraycopy(b, 0, n, 0, at + len);
                    System.arraycopy(b, at, n, at + len, b.length - at);
                    b = n;
                    break;
                }
                default:
                    b = Arrays.copyOf(b, at);
                    break;
            }
        }
        return b;
    }

    private byte pick() {
        return random.nextInt(3) == 0 ? (byte) random.nextInt(256) : INTERESTING[random.nextInt(INTERESTING.length)];
    }
}
