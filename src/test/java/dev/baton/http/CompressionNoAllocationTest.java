package dev.baton.http;

import dev.baton.config.CompressionAlgo;
import dev.baton.config.CompressionConfig;
import dev.baton.config.CompressionTuning;
import dev.baton.counters.TrafficCounters;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The house rule for the compressing path: choosing, rewriting the head and compressing a body (its deflater
 * from the pool) allocate nothing per response once the objects exist.
 */
class CompressionNoAllocationTest {
    private static final int ITERATIONS = 5_000;
    private static final long BUDGET_BYTES = 64 * 1024;

    private final CompressionConfig config = new CompressionConfig(List.of(CompressionAlgo.GZIP), List.of("text/"),
        false, CompressionTuning.DEFAULT);
    private final HeadParser requests = new HeadParser(true, 8192);
    private final HeadParser responses = new HeadParser(false, 8192);
    private final HttpHead req = new HttpHead();
    private final HttpHead resp = new HttpHead();
    private final HeaderEdits edits = new HeaderEdits();
    private final CompressionChoice choice = new CompressionChoice();
    private final DeflaterPool pool = new DeflaterPool();
    private final ResponseCompressor compressor = new ResponseCompressor(pool);
    private final TrafficCounters counters = new TrafficCounters();
    private final ByteBuffer request = Bytes.direct("GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: curl/8\r\n"
        + "Accept-Encoding: br;q=0.9, gzip;q=0.8\r\n\r\n");
    private final ByteBuffer response = Bytes.direct("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
        + "ETag: \"abc\"\r\nContent-Length: 4000\r\n\r\n");
    private final ByteBuffer body = ByteBuffer.allocateDirect(4000);
    private final ByteBuffer head = ByteBuffer.allocateDirect(1024);
    private final ByteBuffer out = ByteBuffer.allocateDirect(16384);

    CompressionNoAllocationTest() {
        for (int i = 0; i < body.capacity(); i++) {
            body.put((byte) ("abcdefgh".charAt(i % 8) + i % 3));
        }
    }

    @Test
    void aCompressedResponseAllocatesNothing() {
        final long allocated = ThreadAllocations.afterWarmUp(ITERATIONS, this::round);
        assertTrue(allocated < BUDGET_BYTES, allocated + " bytes allocated in " + ITERATIONS + " rounds");
        assertEquals(1, pool.created(), "one deflater, reused");
    }

    private long round() {
        request.rewind();
        requests.parse(request, req);
        edits.clear();
        final CompressionAlgo algo = choice.request(req, edits, config, null);
        response.rewind();
        responses.parse(response, resp);
        final BodyFraming framing = HeadParser.responseFraming(resp, HttpMethod.GET);
        long sum = choice.response(algo, resp, 11, HttpMethod.GET, framing, config, null, 0) ? 1 : 0;
        edits.clear();
        choice.rewrite(resp, edits, algo, false);
        head.clear();
        HeadWriter.write(resp, edits, head);
        sum += head.position();
        compressor.start(algo, 1, framing, resp.contentLength(), counters, counters, 0, false);
        body.clear();
        for (int guard = 0; guard < 100 && !compressor.isDone(); guard++) {
            out.clear();
            sum += compressor.pump(body, out);
        }
        compressor.release();
        return sum;
    }
}
