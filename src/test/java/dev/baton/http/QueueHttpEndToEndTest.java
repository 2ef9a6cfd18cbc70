package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.support.RawHttp;
import dev.baton.support.TrafficLine;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12's end-to-end scenario in mode http: a server with {@code maxconn 2} answering in 1 s and a burst of
 * clients. While {@code timeout queue} covers the wait nobody gets an error and the server never sees more than 2
 * requests at once; with a short {@code timeout queue} those still waiting past it get 503 {@code sQ}, logged with
 * their queue time. Two reactors, real sockets.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class QueueHttpEndToEndTest {
    private static final long DELAY_MS = 1_000;

    private final HttpRig rig = new HttpRig();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    private HttpBackend start(final String timeoutQueue) throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1").responseDelayMs(DELAY_MS));
        TrafficLogCapture.clear();
        rig.start(HttpConfigs.listen(2, "log global", "option httplog", "timeout queue " + timeoutQueue,
            HttpConfigs.server("s1", b.port(), "maxconn 2")));
        return b;
    }

    /** {@code n} clients connected, then their requests sent in a burst; their reads may wait {@code readMs}. */
    private List<RawHttp> burst(final int n, final int readMs) throws Exception {
        final List<RawHttp> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final RawHttp c = rig.client();
            c.socket().setSoTimeout(readMs);
            clients.add(c);
        }
        for (final RawHttp c : clients) {
            c.send(RawHttp.get("/"));
        }
        return clients;
    }

    /** Waits for one httplog line per client and returns them parsed, in the clients' order. */
    private static List<TrafficLine> linesOf(final List<RawHttp> clients) {
        final List<TrafficLine> lines = new ArrayList<>();
        for (final RawHttp c : clients) {
            final String prefix = "127.0.0.1:" + c.localPort() + " [";
            final String text = TrafficLogCapture.awaitLine("of client " + c.localPort(), l -> l.startsWith(prefix));
            lines.add(Objects.requireNonNull(TrafficLine.http(text), () -> "not an httplog line: " + text));
        }
        return lines;
    }

    private void assertQueuesEmpty() {
        final Backend be = rig.daemon().backend("fe");
        await("queues empty").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertEquals(0, be.queues().totalWaiting(), "entries left waiting");
            assertEquals(0, rig.server("s1").currConns(), "slots held");
        });
    }

    @Test
    void streamsLeavingTheQueueReuseTheServersConnections() throws Exception {
        // http-reuse always: even a client's first request may take an idle connection, so once the first two
        // connections exist every dequeued request should reuse one of them (its own reactor's, or one taken over
        // from the other reactor), never dial again
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1").responseDelayMs(50));
        TrafficLogCapture.clear();
        rig.start(HttpConfigs.listen(2, "http-reuse always", "timeout queue 30s",
            HttpConfigs.server("s1", b.port(), "maxconn 2")));
        final List<RawHttp> clients = burst(20, 30_000);
        for (final RawHttp c : clients) {
            assertEquals(200, c.read().status);
        }
        assertEquals(2, b.peakInFlight(), "the server saw its maxconn, no more");
        assertTrue(b.connectionsAccepted() <= 2,
            "20 queued requests over " + b.connectionsAccepted() + " server connections: dequeued streams reuse them");
        assertQueuesEmpty();
    }

    @Test
    void fiftyClientsOnMaxconn2AreAllServedWithinTimeoutQueue() throws Exception {
        final HttpBackend b = start("60s");
        final List<RawHttp> clients = burst(50, 60_000);

        for (final RawHttp c : clients) {
            final RawHttp.Response r = c.read();
            assertEquals(200, r.status, () -> "client " + c.localPort() + ": " + r);
        }

        assertEquals(2, b.peakInFlight(), "the server saw at most maxconn at once, and the burst filled it");
        assertEquals(50, b.requestsServed());
        final List<TrafficLine> lines = linesOf(clients);
        long queued = 0;
        long maxBackendQueue = 0;
        for (final TrafficLine l : lines) {
            assertEquals(200, l.status(), l.text());
            assertEquals("----", l.termination(), l.text());
            assertEquals("fe/s1", l.server(), l.text());
            if (l.tw() >= DELAY_MS / 2) {
                queued++;
                assertTrue(l.backendQueue() >= 1, "a waiter counts its own exit, as HAProxy: " + l.text());
            }
            assertEquals(0, l.srvQueue(), "nobody waited in the server's own queue: " + l.text());
            maxBackendQueue = Math.max(maxBackendQueue, l.backendQueue());
        }
        // Only two fit at once: the other 48 waited at least until the first answers (~1 s after the burst).
        assertTrue(queued >= 48, queued + " waited: " + lines);
        assertTrue(maxBackendQueue >= 40, "the last waiter saw most of the others served first: " + maxBackendQueue);
        assertTrue(rig.daemon().backend("fe").queues().queue().peak() >= 40,
            "backend queue peak " + rig.daemon().backend("fe").queues().queue().peak());
        assertQueuesEmpty();
    }

    /**
     * HAProxy counts a waiter's own exit in {@code %bq}/{@code %sq}: it stamps the queue's index minus one at
     * enqueue ({@code pendconn_add}: {@code p->queue_idx = idx - 1}), so the first waiter served logs 1, not 0; any
     * stream that waited logs at least 1.
     */
    @Test
    void theFirstWaiterLogsOneInBackendQueue() throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1").responseDelayMs(300));
        TrafficLogCapture.clear();
        rig.start(HttpConfigs.listen(1, "log global", "option httplog", "timeout queue 10s",
            HttpConfigs.server("s1", b.port(), "maxconn 1")));
        final List<RawHttp> clients = burst(2, 10_000);
        for (final RawHttp c : clients) {
            assertEquals(200, c.read().status);
        }
        final List<TrafficLine> lines = linesOf(clients);
        final TrafficLine waiter = lines.get(0).tw() > lines.get(1).tw() ? lines.get(0) : lines.get(1);
        assertTrue(waiter.tw() >= 200, "it waited: " + waiter.text());
        assertEquals(1, waiter.backendQueue(), "its own grant, as HAProxy logs it: " + waiter.text());
    }

    @Test
    void thoseStillWaitingPastTimeoutQueueGet503sQ() throws Exception {
        final HttpBackend b = start("1500ms");
        final List<RawHttp> clients = burst(10, 10_000);

        int ok = 0;
        int unavailable = 0;
        for (final RawHttp c : clients) {
            final RawHttp.Response r = c.read();
            if (r.status == 200) {
                ok++;
            } else {
                assertEquals(503, r.status, () -> "client " + c.localPort() + ": " + r);
                unavailable++;
            }
        }
        // 2 served at once, 2 more granted at ~1 s (before 1.5 s), the 6 others still waiting at 1.5 s.
        assertTrue(ok >= 2 && ok <= 6, ok + " answered 200");
        assertEquals(10, ok + unavailable);
        assertTrue(b.peakInFlight() <= 2, "peak " + b.peakInFlight());
        assertEquals(ok, b.requestsReceived(), "a timed-out waiter never reached the server");
        for (final TrafficLine l : linesOf(clients)) {
            if (l.status() == 503) {
                assertEquals("sQ", l.ended(), l.text());
                assertTrue(l.tw() >= 1_450 && l.tw() < 2_500, "Tw about timeout queue: " + l.text());
                assertEquals(-1, l.tc(), "never connected: " + l.text());
            } else {
                assertEquals(200, l.status(), l.text());
                assertEquals("--", l.ended(), l.text());
                assertTrue(l.tw() < 1_500, l.text());
            }
        }
        assertQueuesEmpty();
    }
}
