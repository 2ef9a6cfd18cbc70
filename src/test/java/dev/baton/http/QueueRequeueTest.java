package dev.baton.http;

import dev.baton.backend.Server;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streams waiting in a server's own queue when that server stops taking traffic (docs/queues.md Q15), through the
 * runtime API of a running daemon: forced maintenance flushes the queue (with or without {@code option
 * redispatch}, see below), the waiters run the balancer again and are served by the other server, and the
 * state-change line counts them as requeued; a server forced DOWN without {@code option redispatch} keeps its
 * waiters, served by it as its slot frees. {@code balance source}: every client of 127.0.0.1 hashes to the same
 * server and waits in its queue when it is full.
 *
 * <p>Checked against HAProxy 2.6.12 on the same configuration: with {@code option redispatch}, {@code disable
 * server} logs the same line ("1 sessions active, 3 requeued, 0 remaining in queue") and the other server serves
 * the waiters; {@code set server health down} without it logs "0 requeued, 3 remaining in queue" and the waiters
 * are served by the DOWN server, as here. Forced maintenance WITHOUT {@code option redispatch} differs: HAProxy
 * 2.6.12 logs "0 requeued, 3 remaining in queue" and the waiters stay (served one by one by the server in
 * maintenance); the flush is HAProxy's 1385e33eb, which is in 3.1-dev10 and later only, not in 2.6. The daemon
 * follows 1385e33eb on purpose (docs/queues.md Q15), which
 * {@link #withoutRedispatchForcedMaintenanceStillFlushesTheQueue} pins down.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueueRequeueTest {
    private static final int WAITERS = 3;
    private static final long HOLD_MS = 2_000;
    private static final long ANSWER_MS = 200;

    private final HttpRig rig = new HttpRig();
    private final List<HttpBackend> backends = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    private void start(final String... extra) throws Exception {
        // each answer takes a while, so that all the requeued waiters are in the other server's queue before its
        // first answer: their log positions then do not depend on the reactors' timing
        backends.add(rig.backend(new HttpBackend.Options().name("s1").responseDelayMs(ANSWER_MS)));
        backends.add(rig.backend(new HttpBackend.Options().name("s2").responseDelayMs(ANSWER_MS)));
        final List<String> lines = new ArrayList<>(List.of("log global", "option httplog", "timeout queue 30s",
            "balance source"));
        lines.addAll(List.of(extra));
        lines.add(HttpConfigs.server("s1", backends.get(0).port(), "maxconn 1"));
        lines.add(HttpConfigs.server("s2", backends.get(1).port(), "maxconn 1"));
        TrafficLogCapture.clear();
        rig.start(HttpConfigs.listen(2, lines.toArray(new String[0])).replaceFirst("\n",
            "\n    stats socket " + dir.resolve("admin.sock") + " level admin\n"));
    }

    private String ask(final String command) throws IOException {
        return Sockets.stats(dir.resolve("admin.sock"), command);
    }

    /** Index (0 or 1) of the backend serving the holder, once its request is in progress there. */
    private int hold(final List<RawHttp> clients) throws IOException {
        clients.add(rig.client().send(RawHttp.get("/delay/" + HOLD_MS)));
        await("the holder at a server").atMost(Duration.ofSeconds(5))
            .until(() -> backends.get(0).inFlight() + backends.get(1).inFlight() == 1);
        return backends.get(0).inFlight() == 1 ? 0 : 1;
    }

    /** {@link #WAITERS} clients queued in {@code server}'s own queue. */
    private void queueOn(final Server server, final List<RawHttp> clients) throws IOException {
        for (int i = 0; i < WAITERS; i++) {
            clients.add(rig.client().send(RawHttp.get("/")));
        }
        await("waiters in " + server + "'s queue").atMost(Duration.ofSeconds(5))
            .until(() -> server.queue().size() == WAITERS);
        assertEquals(0, rig.daemon().backend("fe").queues().queue().size(), "none in the backend's queue");
    }

    /** Reads every waiter's answer; returns how many the named server gave. */
    private static int servedBy(final List<RawHttp> waiters, final String name) throws IOException {
        int n = 0;
        for (final RawHttp c : waiters) {
            final RawHttp.Response r = c.read();
            assertEquals(200, r.status, r.toString());
            if (r.text().startsWith(name + " ")) {
                n++;
            }
        }
        return n;
    }

    private void requeuedToTheOtherOnMaintenance() throws Exception {
        final List<RawHttp> clients = new ArrayList<>();
        final int x = hold(clients);
        final String held = "s" + (x + 1);
        final String other = "s" + (2 - x);
        final Server heldServer = rig.server(held);
        queueOn(heldServer, clients);

        assertEquals("\n", ask("disable server fe/" + held));

        TrafficLogCapture.awaitLine("of " + held + " going to maintenance", l -> l.equals("Server fe/" + held
            + " is going DOWN for maintenance. 1 active and 0 backup servers left. 1 sessions active, " + WAITERS
            + " requeued, 0 remaining in queue."));
        final long startNs = System.nanoTime();
        assertEquals(WAITERS, servedBy(clients.subList(1, clients.size()), other), "every waiter served by " + other);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs) < HOLD_MS,
            "served without waiting for the holder");
        assertEquals(200, clients.get(0).read().status);
        assertEquals(1, backends.get(x).requestsServed(), held + " served its holder only");
        assertEquals(0, heldServer.queue().size());
        assertEquals(1, backends.get(1 - x).peakInFlight(), other + " kept its maxconn");
        // HAProxy 2.6.12 (option redispatch): 1/0, 2/0, 3/0: each counts its exit from the first server's queue,
        // then the grants of the other's queue while it waited there, its own included
        final List<Long> positions = new ArrayList<>();
        for (final RawHttp c : clients.subList(1, clients.size())) {
            final String text = TrafficLogCapture.awaitTcplog(c.localPort());
            final TrafficLine line = TrafficLine.http(text);
            assertEquals(0, line.backendQueue(), text);
            positions.add(line.srvQueue());
        }
        positions.sort(null);
        assertEquals(List.of(1L, 2L, 3L), positions, "srv_queue of the requeued waiters");
    }

    @Test
    void withRedispatchMaintenanceRequeuesTheWaitersToTheOtherServer() throws Exception {
        start("option redispatch");
        requeuedToTheOtherOnMaintenance();
    }

    @Test
    void withoutRedispatchForcedMaintenanceStillFlushesTheQueue() throws Exception {
        start();
        requeuedToTheOtherOnMaintenance();
    }

    @Test
    void withoutRedispatchAServerForcedDownKeepsItsWaitersAndServesThem() throws Exception {
        start();
        final List<RawHttp> clients = new ArrayList<>();
        final int x = hold(clients);
        final String held = "s" + (x + 1);
        final Server heldServer = rig.server(held);
        queueOn(heldServer, clients);

        assertEquals("\n", ask("set server fe/" + held + " health down"));

        TrafficLogCapture.awaitLine("of " + held + " DOWN", l -> l.equals("Server fe/" + held + " is DOWN, changed "
            + "from CLI. 1 active and 0 backup servers left. 1 sessions active, 0 requeued, " + WAITERS
            + " remaining in queue."));
        assertEquals(WAITERS, heldServer.queue().size(), "they stay");
        assertEquals(200, clients.get(0).read().status);
        assertEquals(WAITERS, servedBy(clients.subList(1, clients.size()), held), "served by " + held
            + " as its slot freed");
        assertEquals(0, backends.get(1 - x).requestsServed());
        assertEquals(1, backends.get(x).peakInFlight());
    }
}
