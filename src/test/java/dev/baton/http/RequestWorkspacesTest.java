package dev.baton.http;

import dev.baton.http.text.HeaderName;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reactor's free list of request workspaces: a workspace given back comes out again as if new, whatever
 * state the request before left in it, and steady borrowing reuses without allocating.
 */
class RequestWorkspacesTest {
    private static final String NEXT_HEAD = "POST /b HTTP/1.1\r\nHost: b\r\nContent-Length: 3\r\n\r\n";

    @Test
    void aWorkspaceGivenBackComesOutAsNew() {
        final RequestWorkspaces workspaces = new RequestWorkspaces(8192);
        final RequestWorkspace w = workspaces.borrow();
        dirty(w);

        workspaces.giveBack(w);
        final RequestWorkspace again = workspaces.borrow();

        assertSame(w, again, "the free list hands back the workspace it took");
        assertEquals(1, workspaces.created());
        assertNull(again.reqView.srcAddress(), "no address of the session before");
        assertNull(again.respView.dstAddress());
        assertEquals(0, again.resp.headerCount(), "no response head");
        assertTrue(again.reqBody.isDone(), "no request body under way");
        assertEquals(0, again.reqBody.moved());
        assertTrue(again.respBody.isDone(), "no response body under way");
        assertEquals(0, again.respBody.moved(), "the bytes of a response before do not count for the next");
        assertEquals(0, again.localStatus[0]);
        assertEquals(0, again.logLine().requestLineLength, "an unparsed request logs <BADREQ>, not an old line");
        assertNull(again.logLine().client);
        assertNull(again.logLine().server);

        // The parser starts a new head (a half-parsed one would swallow this start line as a header line),
        // and the rewriter writes it as it came (edits left behind would add or drop headers).
        final ByteBuffer next = Bytes.direct(NEXT_HEAD);
        assertEquals(NEXT_HEAD.length(), again.reqParser.parse(next, again.req));
        assertEquals(HttpMethod.POST, again.req.method());
        assertEquals(2, again.req.headerCount());
        final ByteBuffer out = ByteBuffer.allocate(1024);
        assertTrue(again.rewriter.writeRequest(again.req, out, false, null));
        assertEquals(NEXT_HEAD, Bytes.text(out, 0, out.position()));
    }

    @Test
    void theListGrowsToThePeakAndThenOnlyReuses() {
        final RequestWorkspaces workspaces = new RequestWorkspaces(8192);
        final RequestWorkspace[] held = new RequestWorkspace[40]; // beyond the initial capacity
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < held.length; i++) {
                held[i] = workspaces.borrow();
            }
            assertEquals(0, workspaces.free());
            for (final RequestWorkspace w : held) {
                workspaces.giveBack(w);
            }
            assertEquals(held.length, workspaces.free());
        }
        assertEquals(held.length, workspaces.created(), "only the peak was ever made");
    }

    @Test
    void borrowingAndGivingBackAllocateNothing() {
        final LongSupplier allocatedBytes = ThreadAllocations.ofCurrentThread();
        final RequestWorkspaces workspaces = new RequestWorkspaces(8192);
        final byte[] src = {127, 0, 0, 1};
        final ByteBuffer head = Bytes.direct(NEXT_HEAD);
        final int rounds = 10_000;

        long checksum = cycle(workspaces, src, head, rounds); // warm-up: the log line and the JIT
        final long before = allocatedBytes.getAsLong();
        checksum += cycle(workspaces, src, head, rounds);
        final long allocated = allocatedBytes.getAsLong() - before;

        assertTrue(checksum > 0);
        assertEquals(1, workspaces.created());
        assertTrue(allocated < 64 * 1024, allocated + " bytes allocated in " + rounds + " borrow/give-back rounds");
    }

    private static long cycle(final RequestWorkspaces workspaces, final byte[] src, final ByteBuffer head,
                              final int rounds) {
        long sum = 0;
        for (int i = 0; i < rounds; i++) {
            final RequestWorkspace w = workspaces.borrow();
            w.attach(src, src, null);
            head.position(0);
            sum += w.reqParser.parse(head, w.req);
            w.logLine().requestLineLength = 1;
            workspaces.giveBack(w);
        }
        return sum;
    }

    /** Leaves something of a request in every part of {@code w}, as a session cut off mid-request would. */
    private static void dirty(final RequestWorkspace w) {
        final byte[] src = {10, 0, 0, 1};
        final byte[] dst = {10, 0, 0, 2};
        w.attach(src, dst, null);
        assertArrayEquals(src, w.reqView.srcAddress());
        assertEquals(HeadParser.NEED_MORE,
            w.reqParser.parse(Bytes.direct("GET /a HTTP/1.1\r\nHost: a\r\nX-Half"), w.req));
        assertTrue(w.respParser.parse(Bytes.direct("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nX-A: 1\r\n\r\n"),
            w.resp) > 0);
        w.reqView.of(w.req);
        w.respView.of(w.resp);
        final HeaderEdits edits = w.rewriter.begin();
        edits.add(HeaderName.X_FORWARDED_FOR, "192.0.2.1");
        edits.drop(1);
        final ByteBuffer out = ByteBuffer.allocate(64);
        w.reqBody.start(BodyFraming.CHUNKED, -1);
        assertTrue(w.reqBody.copy(Bytes.heap("5\r\nhel"), out) > 0);
        w.respBody.start(BodyFraming.CONTENT_LENGTH, 10);
        assertEquals(4, w.respBody.copy(Bytes.heap("0123"), out));
        w.localStatus[0] = 401;
        w.logLine().requestLineLength = 6;
        w.logLine().client = new InetSocketAddress("127.0.0.1", 1234);
        w.logLine().server = "s1";
    }
}
