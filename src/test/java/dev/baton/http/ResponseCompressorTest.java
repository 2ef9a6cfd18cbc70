package dev.baton.http;

import dev.baton.config.CompressionAlgo;
import dev.baton.counters.Counter;
import dev.baton.counters.TrafficCounters;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The response compressor alone, driven as the exchange drives it: server bytes arrive in pieces into a read-mode
 * buffer, the client buffer (16 KiB, write mode) is drained between calls. What comes out must be a valid chunked
 * body whose data decodes, per algorithm, to exactly the server's body.
 */
class ResponseCompressorTest {
    private static final int BUFFER = 16384;

    /** Text that compresses, with some noise so the deflate output spans many chunks. */
    private static byte[] body(final int size, final long seed) {
        final Random r = new Random(seed);
        final byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (r.nextInt(8) == 0 ? r.nextInt(256) : "baton compresses text\n".charAt(i % 22));
        }
        return b;
    }

    /** The chunked framing of {@code body}: chunks of {@code chunkSize}, then the last chunk and {@code trailers}. */
    private static byte[] chunked(final byte[] body, final int chunkSize, final String trailers) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < body.length; i += chunkSize) {
            final int n = Math.min(chunkSize, body.length - i);
            out.writeBytes((Integer.toHexString(n) + (i % 2 == 0 ? ";ext=1" : "") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(("0\r\n" + trailers + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** What one exchange saw: the chunked bytes sent to the client and whether the compressor finished. */
    private record Run(byte[] out, boolean done, int leftInInput) {
    }

    /**
     * Feeds {@code wire} in pieces of up to {@code piece} bytes (then {@code extra} bytes of a next message), pumping
     * after each, the client side taking at most {@code drain} bytes between calls.
     */
    private static Run run(final ResponseCompressor c, final byte[] wire, final int piece, final int drain,
                           final byte[] extra) {
        final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER);
        in.flip();
        final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
        final ByteArrayOutputStream client = new ByteArrayOutputStream();
        final byte[] all = new byte[wire.length + extra.length];
        System.arraycopy(wire, 0, all, 0, wire.length);
        System.arraycopy(extra, 0, all, wire.length, extra.length);
        int fed = 0;
        for (int guard = 0; guard < 1_000_000 && !c.isDone(); guard++) {
            if (fed < all.length && in.remaining() < piece) {
                in.compact();
                final int n = Math.min(Math.min(piece, all.length - fed), in.remaining());
                in.put(all, fed, n);
                fed += n;
                in.flip();
            }
            final int moved = c.pump(in, out);
            assertTrue(moved >= 0, "framing error " + moved);
            // the client reads some of what is there
            out.flip();
            final int take = Math.min(drain, out.remaining());
            final byte[] got = new byte[take];
            out.get(got);
            client.writeBytes(got);
            out.compact();
            if (moved == 0 && take == 0 && fed == all.length && !c.hasOutputToMake()) {
                break; // the input ended before the body did
            }
        }
        out.flip();
        final byte[] rest = new byte[out.remaining()];
        out.get(rest);
        client.writeBytes(rest);
        return new Run(client.toByteArray(), c.isDone(), in.remaining() + (all.length - fed));
    }

    private static ResponseCompressor started(final CompressionAlgo algo, final BodyFraming framing, final long length,
                                              final DeflaterPool pool, final TrafficCounters fe) {
        final ResponseCompressor c = new ResponseCompressor(pool);
        c.start(algo, 1, framing, length, fe, null, 0, false);
        return c;
    }

    /** Decodes a chunked body; fails on bad framing; {@code complete[0]}: the last chunk and trailers were there. */
    private static byte[] dechunk(final byte[] wire, final boolean[] complete, final StringBuilder trailers) {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        int p = 0;
        complete[0] = false;
        while (p < wire.length) {
            final int eol = indexOf(wire, p, "\r\n");
            if (eol < 0) {
                return data.toByteArray(); // cut inside a size line
            }
            final int size = Integer.parseInt(new String(wire, p, eol - p, StandardCharsets.ISO_8859_1), 16);
            p = eol + 2;
            if (size == 0) {
                final int end = indexOf(wire, p, "\r\n");
                int q = p;
                while (q < wire.length && indexOf(wire, q, "\r\n") != q) {
                    final int e = indexOf(wire, q, "\r\n");
                    trailers.append(new String(wire, q, e - q + 2, StandardCharsets.ISO_8859_1));
                    q = e + 2;
                }
                complete[0] = end >= 0 && q + 2 == wire.length;
                return data.toByteArray();
            }
            if (p + size + 2 > wire.length) {
                data.write(wire, p, Math.min(size, wire.length - p));
                return data.toByteArray();
            }
            data.write(wire, p, size);
            assertEquals('\r', wire[p + size]);
            assertEquals('\n', wire[p + size + 1]);
            p += size + 2;
        }
        return data.toByteArray();
    }

    private static int indexOf(final byte[] b, final int from, final String s) {
        outer:
        for (int i = from; i + s.length() <= b.length; i++) {
            for (int j = 0; j < s.length(); j++) {
                if (b[i + j] != s.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] decode(final CompressionAlgo algo, final byte[] data) throws IOException {
        final InputStream in;
        switch (algo) {
            case GZIP:
                in = new GZIPInputStream(new ByteArrayInputStream(data));
                break;
            case DEFLATE:
                in = new InflaterInputStream(new ByteArrayInputStream(data));
                break;
            case RAW_DEFLATE:
                in = new InflaterInputStream(new ByteArrayInputStream(data), new Inflater(true));
                break;
            default:
                return data;
        }
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void everyAlgorithmRoundTripsAContentLengthBody() throws IOException {
        for (final CompressionAlgo algo : CompressionAlgo.values()) {
            final byte[] body = body(300_000, algo.ordinal());
            final TrafficCounters fe = new TrafficCounters();
            final ResponseCompressor c = started(algo, BodyFraming.CONTENT_LENGTH, body.length, new DeflaterPool(), fe);
            final byte[] next = "HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1);
            final Run r = run(c, body, 7000, 5000, next);
            assertTrue(r.done(), algo + " finished");
            assertEquals(next.length, r.leftInInput(), "the next message stays in the input");
            final boolean[] complete = new boolean[1];
            final byte[] data = dechunk(r.out(), complete, new StringBuilder());
            assertTrue(complete[0], algo + ": ends with the last chunk");
            assertArrayEquals(body, decode(algo, data), algo + " round trip");
            assertEquals(r.out().length, c.moved());
            if (algo == CompressionAlgo.IDENTITY) {
                assertEquals(body.length, fe.get(Counter.COMP_BYP));
                assertEquals(0, fe.get(Counter.COMP_IN));
            } else {
                assertEquals(body.length, fe.get(Counter.COMP_IN));
                assertEquals(data.length, fe.get(Counter.COMP_OUT));
                assertTrue(data.length < body.length / 2, algo + " compresses: " + data.length);
            }
            assertEquals(1, fe.get(Counter.COMP_RSP));
        }
    }

    @Test
    void aChunkedBodyIsDecodedAtEveryBoundaryAndItsTrailersFollow() throws IOException {
        final byte[] body = body(40_000, 7);
        final String trailers = "X-Sum: 42\r\nX-Other: a b\r\n";
        for (final int piece : new int[] {1, 3, 17, 1000, 16384}) {
            final ResponseCompressor c = started(CompressionAlgo.GZIP, BodyFraming.CHUNKED, -1, new DeflaterPool(),
                null);
            final Run r = run(c, chunked(body, 1234, trailers), piece, 3000, new byte[0]);
            assertTrue(r.done(), "piece " + piece);
            final boolean[] complete = new boolean[1];
            final StringBuilder seen = new StringBuilder();
            final byte[] data = dechunk(r.out(), complete, seen);
            assertTrue(complete[0], "piece " + piece);
            assertEquals(trailers, seen.toString());
            assertArrayEquals(body, decode(CompressionAlgo.GZIP, data), "piece " + piece);
        }
    }

    @Test
    void anEmptyChunkedBodyIsAnEmptyGzipStream() throws IOException {
        final ResponseCompressor c = started(CompressionAlgo.GZIP, BodyFraming.CHUNKED, -1, new DeflaterPool(), null);
        final Run r = run(c, "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 100, 100, new byte[0]);
        assertTrue(r.done());
        final boolean[] complete = new boolean[1];
        assertEquals(0, decode(CompressionAlgo.GZIP, dechunk(r.out(), complete, new StringBuilder())).length);
        assertTrue(complete[0]);
    }

    @Test
    void whatCameSoFarIsFlushedWhenTheServerPauses() throws IOException {
        final byte[] body = body(10_000, 3);
        final ResponseCompressor c = started(CompressionAlgo.GZIP, BodyFraming.CONTENT_LENGTH, body.length * 2L,
            new DeflaterPool(), null);
        final Run r = run(c, body, 4096, BUFFER, new byte[0]);
        assertFalse(r.done());
        final boolean[] complete = new boolean[1];
        final byte[] data = dechunk(r.out(), complete, new StringBuilder());
        assertFalse(complete[0]);
        // the stream so far inflates to every byte sent (sync flush), though it has no end yet
        final Inflater inflater = new Inflater(true);
        inflater.setInput(data, 10, data.length - 10);
        final byte[] got = new byte[body.length + 1];
        int n;
        try {
            n = inflater.inflate(got);
        } catch (final java.util.zip.DataFormatException e) {
            throw new AssertionError(e);
        }
        assertEquals(body.length, n);
    }

    @Test
    void aBodyCutShortNeverGetsTheLastChunk() {
        final byte[] body = body(50_000, 5);
        final byte[] wire = chunked(body, 4000, "");
        final byte[] cut = java.util.Arrays.copyOf(wire, wire.length / 2);
        for (final CompressionAlgo algo : CompressionAlgo.values()) {
            final ResponseCompressor c = started(algo, BodyFraming.CHUNKED, -1, new DeflaterPool(), null);
            final Run r = run(c, cut, 2048, BUFFER, new byte[0]);
            assertFalse(r.done(), algo.name());
            final boolean[] complete = new boolean[1];
            dechunk(r.out(), complete, new StringBuilder());
            assertFalse(complete[0], algo + ": no last chunk");
            assertFalse(new String(r.out(), StandardCharsets.ISO_8859_1).contains("\r\n0\r\n"), algo.name());
        }
    }

    @Test
    void badChunkedFramingIsAnError() {
        final ResponseCompressor c = started(CompressionAlgo.GZIP, BodyFraming.CHUNKED, -1, new DeflaterPool(), null);
        final ByteBuffer in = ByteBuffer.wrap("5\r\nhello\r\nzz\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(c.pump(in, ByteBuffer.allocate(BUFFER)) < 0);
    }

    @Test
    void deflatersAreReusedAcrossResponses() throws IOException {
        final DeflaterPool pool = new DeflaterPool();
        final ResponseCompressor c = new ResponseCompressor(pool);
        for (int i = 0; i < 5; i++) {
            final byte[] body = body(20_000, i);
            c.start(CompressionAlgo.GZIP, 1, BodyFraming.CONTENT_LENGTH, body.length, null, null, 0, false);
            final Run r = run(c, body, 5000, BUFFER, new byte[0]);
            assertTrue(r.done());
            final boolean[] complete = new boolean[1];
            assertArrayEquals(body, decode(CompressionAlgo.GZIP, dechunk(r.out(), complete, new StringBuilder())));
        }
        // a response abandoned half way gives its deflater back too
        c.start(CompressionAlgo.DEFLATE, 1, BodyFraming.CONTENT_LENGTH, 100, null, null, 0, false);
        c.release();
        c.start(CompressionAlgo.DEFLATE, 1, BodyFraming.CONTENT_LENGTH, 100, null, null, 0, false);
        c.release();
        assertEquals(2, pool.created(), "one deflater per format, reused");
    }

    @Test
    void chunkSizesHaveAFixedWidthForTheBuffer() {
        assertEquals(4, ResponseCompressor.sizeWidth(16384));
        assertEquals(5, ResponseCompressor.sizeWidth(65536));
        assertEquals(3, ResponseCompressor.sizeWidth(4095));
    }
}
