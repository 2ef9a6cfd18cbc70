package dev.baton.http;

import dev.baton.http.text.HeaderName;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The house rule: parsing, scanning and rewriting a message allocate nothing once the objects exist. */
class NoAllocationTest {
    private static final int ITERATIONS = 10_000;
    /** Far below one allocation per iteration (the smallest object is 16 bytes), above measurement noise. */
    private static final long BUDGET_BYTES = 64 * 1024;

    private final HeadParser requests = new HeadParser(true, 8192);
    private final HeadParser responses = new HeadParser(false, 8192);
    private final HttpHead head = new HttpHead();
    private final ChunkedScanner scanner = new ChunkedScanner(true);
    private final HeaderEdits edits = new HeaderEdits();
    private final ByteBuffer out = ByteBuffer.allocateDirect(1024);
    private final ByteBuffer request = Bytes.direct("POST /path?q=1 HTTP/1.1\r\nHost: example.com\r\n"
            + "Connection: keep-alive, Upgrade\r\nUpgrade: x\r\nTransfer-Encoding: gzip, chunked\r\n"
            + "Expect: 100-continue\r\nAccept: */*\r\n\r\n");
    private final ByteBuffer body = Bytes.direct("4;e=1\r\nwxyz\r\n0\r\nT: v\r\n\r\n");
    private final ByteBuffer response = Bytes.direct("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\nContent-Length: 5\r\n\r\n");

    @Test
    void aMessageRoundAllocatesNothing() {
        final long allocated = ThreadAllocations.afterWarmUp(ITERATIONS, this::round);
        assertTrue(allocated < BUDGET_BYTES, allocated + " bytes allocated in " + ITERATIONS + " rounds");
    }

    /** One request and its body, one response, both rewritten; returns bytes written, to keep the work live. */
    private long round() {
        final int n = requests.parse(request, head);
        long sum = n + head.headerCount() + HeadParser.requestFraming(head).ordinal();
        sum += head.indexOf(HeaderName.EXPECT, 0);
        scanner.reset();
        sum += scanner.scan(body, 0, body.limit());
        edits.clear();
        edits.dropAll(head, HeaderName.CONNECTION);
        edits.set(head, HeaderName.HOST, "backend.local");
        edits.add(HeaderName.X_FORWARDED_FOR, "192.0.2.1");
        edits.add(HeaderName.CONTENT_LENGTH, 1234L);
        out.clear();
        HeadWriter.write(head, edits, out);
        sum += out.position();
        sum += responses.parse(response, head) + HeadParser.responseFraming(head, HttpMethod.GET).ordinal();
        out.clear();
        HeadWriter.write(head, out);
        return sum + out.position();
    }
}
