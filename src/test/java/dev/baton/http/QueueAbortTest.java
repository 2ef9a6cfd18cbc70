package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.support.RawHttp;
import dev.baton.support.Sockets;
import dev.baton.support.TrafficLine;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that leaves while its request waits in the queue (docs/queues.md Q17): a reset always aborts it at
 * once ({@code CQ}, {@code show stat}'s {@code qcur} drops, no slot taken or leaked); a half-close aborts it only with
 * {@code option abortonclose}, else its request is served after the wait, as HAProxy does in mode http.
 * One server with {@code maxconn 1}, held by a first client for 2 s.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueueAbortTest {
    private static final long HOLD_MS = 2_000;

    private final HttpRig rig = new HttpRig();

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    private HttpBackend start(final String... extra) throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1"));
        TrafficLogCapture.clear();
        final String[] lines = new String[extra.length + 4];
        lines[0] = "log global";
        lines[1] = "option httplog";
        lines[2] = "timeout queue 30s";
        System.arraycopy(extra, 0, lines, 3, extra.length);
        lines[lines.length - 1] = HttpConfigs.server("s1", b.port(), "maxconn 1");
        rig.start(HttpConfigs.listen(2, lines).replaceFirst("\n",
            "\n    stats socket " + dir.resolve("admin.sock") + " level admin\n"));
        return b;
    }

    /** {@code show stat}'s column {@code name} of row {@code fe/<svname>}, through the admin socket. */
    private String column(final String svname, final String name) throws IOException {
        final String[] lines = Sockets.stats(dir.resolve("admin.sock"), "show stat").split("\n");
        final List<String> header = List.of(lines[0].substring(2).split(",", -1));
        for (final String l : lines) {
            if (l.startsWith("fe," + svname + ",")) {
                return l.split(",", -1)[header.indexOf(name)];
            }
        }
        throw new AssertionError("no row fe/" + svname);
    }

    /** Streams waiting in the backend's queue: {@code show stat}'s {@code qcur}, as an operator reads it. */
    private int waiting() throws IOException {
        return Integer.parseInt(column("BACKEND", "qcur"));
    }

    /** A first client holding the only slot for {@link #HOLD_MS}; returns once the server has its request. */
    private RawHttp holder(final HttpBackend b) throws IOException {
        final RawHttp c = rig.client().send(RawHttp.get("/delay/" + HOLD_MS));
        await("the slot taken").atMost(Duration.ofSeconds(5)).until(() -> b.inFlight() == 1);
        return c;
    }

    /** A client whose request waits in the backend queue; returns once it is counted there. */
    private RawHttp waiter() throws IOException {
        final RawHttp c = rig.client().send(RawHttp.get("/"));
        await("one waiter").atMost(Duration.ofSeconds(5)).until(() -> waiting() == 1);
        return c;
    }

    private static TrafficLine lineOf(final int clientPort) {
        final String text = TrafficLogCapture.awaitTcplog(clientPort);
        return Objects.requireNonNull(TrafficLine.http(text), () -> "not an httplog line: " + text);
    }

    private void assertNothingHeldOrWaiting() {
        final Backend be = rig.daemon().backend("fe");
        await("nothing held or waiting").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertEquals(0, be.queues().totalWaiting(), "waiting");
            assertEquals(0, rig.server("s1").currConns(), "slots of s1");
        });
    }

    @Test
    void aResetWhileQueuedLeavesAtOnceWithCQAndFreesNothingItDidNotHold() throws Exception {
        final HttpBackend b = start();
        final RawHttp holder = holder(b);
        final RawHttp gone = waiter();
        final long startNs = System.nanoTime();
        final int gonePort = gone.localPort();

        gone.socket().setSoLinger(true, 0);
        gone.close();

        await("the waiter left the queue").atMost(Duration.ofSeconds(1))
            .until(() -> waiting() == 0);
        final TrafficLine line = lineOf(gonePort);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs) < HOLD_MS,
            "left before the holder was answered");
        assertEquals("CQ", line.ended(), line.text());
        assertEquals(-1, line.status(), "no response: " + line.text());
        assertEquals(-1, line.tc(), line.text());
        assertEquals("fe/<NOSRV>", line.server(), line.text());
        assertEquals(1, rig.server("s1").currConns(), "the holder's slot only");
        assertEquals("1", column("BACKEND", "qmax"), "the backend queue's peak");

        assertEquals(200, holder.read().status);
        assertNothingHeldOrWaiting();
        // the slot went back: the next client is served without waiting
        final RawHttp next = rig.client();
        assertEquals(200, next.send(RawHttp.get("/")).read().status);
        assertTrue(lineOf(next.localPort()).tw() < 500, "no wait after the abort");
        assertEquals(2, b.requestsServed(), "the aborted request never reached the server");
        assertNothingHeldOrWaiting();
    }

    /**
     * A holder that resets while its request is at the server: the proxy drops that server connection and passes
     * the slot to the waiter at once; it never counts more than {@code maxconn} slots. (The server itself may read
     * the next request, on a reused connection, in the same selector round where the reset of the previous one is
     * pending, and count 2 for an instant: its own view is no invariant here, so the proxy's count is checked.)
     */
    @Test
    void aClientResettingWhileServedPassesItsSlotOnWithinMaxconn() throws Exception {
        final HttpBackend b = start();
        for (int i = 0; i < 10; i++) {
            final RawHttp holder = holder(b);
            final RawHttp next = waiter();
            final long startNs = System.nanoTime();

            holder.socket().setSoLinger(true, 0);
            holder.close();

            assertEquals(200, next.read().status);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs) < HOLD_MS,
                "round " + i + ": served without waiting for the holder's answer");
            assertNothingHeldOrWaiting();
        }
        assertEquals(1, rig.server("s1").maxConns(), "never more than maxconn slots of s1 at once");
        assertEquals(10, b.requestsServed(), "the waiters; the holders' answers were never written");
    }

    @Test
    void withAbortoncloseAHalfCloseWhileQueuedAbortsWithCQ() throws Exception {
        final HttpBackend b = start("option abortonclose");
        final RawHttp holder = holder(b);
        final RawHttp gone = waiter();

        gone.socket().shutdownOutput();

        await("the waiter left the queue").atMost(Duration.ofSeconds(1))
            .until(() -> waiting() == 0);
        gone.assertClosedByPeer(); // without a response (a clean end: the test below)
        final TrafficLine line = lineOf(gone.localPort());
        assertEquals("CQ", line.ended(), line.text());
        assertEquals(-1, line.status(), line.text());
        assertEquals(-1, line.tc(), line.text());

        assertEquals(200, holder.read().status);
        assertEquals(1, b.requestsServed(), "the aborted request never reached the server");
        assertNothingHeldOrWaiting();
    }

    /**
     * HAProxy 2.6.12, same configuration: the half-closed waiter aborted with {@code CQ} sees a clean end of stream
     * (FIN), not a reset.
     */
    @Test
    void theHalfClosedWaiterAbortedByAbortoncloseSeesAnEndNotAReset() throws Exception {
        final HttpBackend b = start("option abortonclose");
        final RawHttp holder = holder(b);
        final RawHttp gone = waiter();

        gone.socket().shutdownOutput();

        assertFalse(gone.assertClosedByPeer(), "a clean end of stream, as HAProxy closes it");
        assertEquals(200, holder.read().status);
        assertNothingHeldOrWaiting();
    }

    @Test
    void withoutAbortoncloseAHalfClosedWaiterIsServedAfterTheWait() throws Exception {
        final HttpBackend b = start();
        final RawHttp holder = holder(b);
        final RawHttp halfClosed = waiter();

        halfClosed.socket().shutdownOutput();

        assertEquals(200, holder.read().status);
        final RawHttp.Response r = halfClosed.read();
        assertEquals(200, r.status, r.toString());
        final TrafficLine line = lineOf(halfClosed.localPort());
        assertEquals(200, line.status(), line.text());
        assertTrue(line.tw() >= HOLD_MS / 2, "it waited for the holder: " + line.text());
        assertEquals(2, b.requestsServed());
        assertNothingHeldOrWaiting();
    }
}
