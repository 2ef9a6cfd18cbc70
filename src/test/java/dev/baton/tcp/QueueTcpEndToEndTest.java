package dev.baton.tcp;

import dev.baton.support.Sockets;
import dev.baton.support.TrafficLine;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.SlowTcpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12's end-to-end scenario in mode tcp: a slow service ({@code maxconn 2}, replying 1 s after the first
 * bytes) and a burst of clients. While {@code timeout queue} covers the wait every client gets its reply and the
 * service never has more than 2 connections at once; with a short {@code timeout queue} those still waiting past
 * it are closed without a reply and logged {@code sQ}. Two reactors, real sockets; each client is read on its own
 * thread, because a mode tcp slot is held until the client closes too.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class QueueTcpEndToEndTest {
    private static final long DELAY_MS = 1_000;
    /** What a client read when its connection was reset instead of ended. */
    private static final String RESET = "(reset)";

    private final TcpRig rig = new TcpRig();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private SlowTcpServer slow;

    @AfterEach
    void tearDown() throws Exception {
        pool.shutdownNow();
        try {
            rig.close();
        } finally {
            if (slow != null) {
                slow.close();
            }
        }
    }

    private void start(final String timeoutQueue) throws Exception {
        slow = SlowTcpServer.start(new SlowTcpServer.Options().name("s1").delayMs(DELAY_MS));
        rig.start(TcpConfigs.listenFe(2, "timeout queue " + timeoutQueue,
            "server s1 127.0.0.1:" + slow.port() + " maxconn 2"));
    }

    /** {@code n} clients connected at once, each then sending a line and reading to the end on its own thread. */
    private List<Future<String>> burst(final int n, final List<Socket> clients) throws Exception {
        for (int i = 0; i < n; i++) {
            final Socket c = rig.client("fe");
            c.setSoTimeout(60_000);
            clients.add(c);
        }
        final List<Future<String>> replies = new ArrayList<>();
        for (final Socket c : clients) {
            replies.add(pool.submit(() -> {
                Sockets.write(c, "hello\n");
                try {
                    return new String(Sockets.readToEof(c, 100), StandardCharsets.US_ASCII);
                } catch (final SocketException e) {
                    return RESET; // closed with its bytes unread: the kernel turns the close into a reset
                } finally {
                    c.close();
                }
            }));
        }
        return replies;
    }

    private static List<TrafficLine> linesOf(final List<Socket> clients) {
        final List<TrafficLine> lines = new ArrayList<>();
        for (final Socket c : clients) {
            final String text = TrafficLogCapture.awaitTcplog(c.getLocalPort());
            lines.add(Objects.requireNonNull(TrafficLine.tcp(text), () -> "not a tcplog line: " + text));
        }
        return lines;
    }

    private void assertQueuesEmpty() {
        await("queues empty").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertEquals(0, rig.daemon().backend("fe").queues().totalWaiting(), "entries left waiting");
            assertEquals(0, rig.daemon().backend("fe").servers().get(0).currConns(), "slots held");
        });
    }

    @Test
    void twentyClientsOnMaxconn2AreAllAnsweredWithinTimeoutQueue() throws Exception {
        start("60s");
        TrafficLogCapture.clear();
        final List<Socket> clients = new ArrayList<>();
        // 20 rather than the 50 (QueueHttpEndToEndTest runs the 50): the same queue, 10 s instead of 25 s
        final List<Future<String>> replies = burst(20, clients);

        for (final Future<String> r : replies) {
            assertEquals("s1\n", r.get(60, TimeUnit.SECONDS));
        }
        assertEquals(2, slow.peakInFlight(), "never more than maxconn at the service, and the burst filled it");
        assertEquals(20, slow.repliesSent());
        long queued = 0;
        for (final TrafficLine l : linesOf(clients)) {
            assertEquals("--", l.termination(), l.text());
            assertEquals("fe/s1", l.server(), l.text());
            if (l.tw() >= DELAY_MS / 2) {
                queued++;
            }
        }
        assertTrue(queued >= 18, queued + " waited");
        assertQueuesEmpty();
    }

    @Test
    void thoseStillWaitingPastTimeoutQueueAreClosedWithoutReplyAndLoggedSQ() throws Exception {
        start("1500ms");
        TrafficLogCapture.clear();
        final List<Socket> clients = new ArrayList<>();
        final List<Future<String>> replies = burst(10, clients);

        int answered = 0;
        for (final Future<String> r : replies) {
            final String reply = r.get(30, TimeUnit.SECONDS);
            assertTrue(!reply.equals(RESET), "closed, not reset, as HAProxy does");
            if (!reply.isEmpty()) {
                assertEquals("s1\n", reply);
                answered++;
            }
        }
        // 2 served at once, 2 more granted at ~1 s (before 1.5 s), the 6 others still waiting at 1.5 s.
        assertTrue(answered >= 2 && answered <= 6, answered + " answered");
        assertTrue(slow.peakInFlight() <= 2, "peak " + slow.peakInFlight());
        assertEquals(answered, slow.repliesSent());
        int timedOut = 0;
        for (final TrafficLine l : linesOf(clients)) {
            if (l.ended().equals("sQ")) {
                timedOut++;
                assertTrue(l.tw() >= 1_450 && l.tw() < 2_500, "Tw about timeout queue: " + l.text());
                assertEquals(-1, l.tc(), "never connected: " + l.text());
            } else {
                assertEquals("--", l.ended(), l.text());
            }
        }
        assertEquals(10 - answered, timedOut, "one sQ line per client closed without a reply");
        assertQueuesEmpty();
    }

    /**
     * HAProxy 2.6.12 ({@code maxconn 1}, {@code timeout queue 1s}, a client that sent a line while queued): the
     * client timed out in the queue sees a clean end of stream (FIN), not a reset; its tcplog line shows {@code sQ}.
     */
    @Test
    void aClientTimedOutInTheQueueSeesAnEndNotAReset() throws Exception {
        slow = SlowTcpServer.start(new SlowTcpServer.Options().name("s1").delayMs(DELAY_MS));
        rig.start(TcpConfigs.listenFe(1, "timeout queue 300ms", "server s1 127.0.0.1:" + slow.port() + " maxconn 1"));
        final List<Socket> clients = new ArrayList<>();
        final List<Future<String>> replies = burst(2, clients);
        final List<String> got = new ArrayList<>();
        for (final Future<String> r : replies) {
            got.add(r.get(30, TimeUnit.SECONDS));
        }
        assertTrue(got.contains("s1\n"), "the first is answered: " + got);
        assertTrue(got.contains(""), "the other sees a clean end of stream, not a reset: " + got);
    }
}
