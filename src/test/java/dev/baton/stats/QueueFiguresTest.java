package dev.baton.stats;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.AgentCheckOptions;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.CheckOptions;
import dev.baton.config.HttpOptions;
import dev.baton.config.Mode;
import dev.baton.config.PoolOptions;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ProxyKind;
import dev.baton.config.Redispatch;
import dev.baton.config.ServerConfig;
import dev.baton.config.ServerReactions;
import dev.baton.config.SourceLocation;
import dev.baton.config.Timeouts;
import dev.baton.counters.Counter;
import dev.baton.io.BufferPool;
import dev.baton.queue.BackendQueues;
import dev.baton.queue.QueueEntry;
import dev.baton.queue.QueueInbox;
import dev.baton.queue.QueueWaiter;
import dev.baton.reactor.Reactor;
import dev.baton.stats.render.PrometheusExposition;
import dev.baton.stats.render.Promtool;
import dev.baton.stats.render.StatCsv;
import dev.baton.stats.render.StatsPage;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue figures from a real backend to every renderer: a backend built by hand ({@code fullconn 30}) whose
 * servers' slots are all taken, entries held in {@code s1}'s queue ({@code maxconn 1 maxqueue 2}) and in the
 * backend's, over a reactor that never runs (nothing is ever handed over), and queue times fed as the streams'
 * ends feed them. Then {@code show stat}, the Prometheus exposition and the stats page must show HAProxy's
 * figures (docs/queues.md Q20).
 */
class QueueFiguresTest {
    private static final SourceLocation WHERE = new SourceLocation("test", 1);
    private static final QueueWaiter NOBODY = new QueueWaiter() {
        @Override
        public void onQueueGranted(final Server server) {
            throw new AssertionError("the reactor never runs: nothing is handed over");
        }

        @Override
        public void onQueueRequeued() {
            throw new AssertionError("the reactor never runs: nothing is requeued");
        }
    };

    private final CachedNanoClock clock = new CachedNanoClock();
    private final Reactor reactor = new Reactor(0, clock, new BufferPool(1024, 2));
    private final QueueInbox inbox = new QueueInbox(reactor);

    @AfterEach
    void closeSelector() throws IOException {
        reactor.selector().close();
    }

    private static Server addServer(final Backend b, final String name, final int maxconn, final int minconn,
                                    final int maxqueue) {
        final int id = b.servers().size();
        final Server s = new Server(b, id, new ServerConfig(name, "127.0.0.1", 8000 + id, 1, maxconn, false, false,
            PoolOptions.DEFAULT, CheckOptions.DEFAULT, ServerReactions.DEFAULT, WHERE, AgentCheckOptions.DEFAULT,
            minconn, maxqueue), new InetSocketAddress(InetAddress.getLoopbackAddress(), 8000 + id));
        b.addServer(s);
        return s;
    }

    private QueueEntry entry() {
        return new QueueEntry(inbox, NOBODY);
    }

    /** The snapshot of {@code be} alone, as the collector reads it. */
    private static StatsSnapshot snapshot(final Backend be) {
        final List<ServerStats> servers = new ArrayList<>();
        for (final Server s : be.servers()) {
            servers.add(StatsCollector.server(s, null, 1));
        }
        final ProcessStats process = new ProcessStats("baton", "t", 1, 1, 0, 0, 1024, 1024, 300, 0, 0, 0, 0, 0, 0, 0,
            new JvmStats(0, 0, 0, 0, 0));
        return new StatsSnapshot(process, List.of(new ProxyStats("be", 1, "tcp", null, StatsCollector.backend(be),
            servers)), List.of());
    }

    /** {@code show stat}'s columns {@code names} for row {@code svname}, by header name. */
    private static Map<String, String> columns(final String csv, final String svname, final String... names) {
        final String[] lines = csv.split("\n");
        final List<String> header = Arrays.asList(lines[0].substring(2).split(",", -1));
        for (final String line : lines) {
            final String[] f = line.split(",", -1);
            if (f[1].equals(svname)) {
                final Map<String, String> out = new LinkedHashMap<>();
                for (final String n : names) {
                    out.put(n, f[header.indexOf(n)]);
                }
                return out;
            }
        }
        throw new AssertionError("no row " + svname + " in\n" + csv);
    }

    /** The texts of the cells of the stats page's row whose first cell is {@code name}, that one left out. */
    private static List<String> pageRow(final String html, final String name) {
        final int start = html.indexOf("<td class=\"ac\">" + name + "</td>");
        assertTrue(start >= 0, "a row for " + name);
        final String row = html.substring(start, html.indexOf("</tr>", start));
        final List<String> cells = new ArrayList<>();
        final Matcher m = Pattern.compile("<td>(.*?)</td>").matcher(row);
        while (m.find()) {
            cells.add(m.group(1));
        }
        return cells;
    }

    @Test
    void heldQueuesShowInShowStatPrometheusAndThePage() throws Exception {
        final Backend be = new Backend(new ProxyConfig("be", ProxyKind.BACKEND, Mode.TCP, List.of(), 0,
            Timeouts.NONE, null, BalanceAlgorithm.ROUNDROBIN, 3, Redispatch.OFF, false, false, List.of(),
            HttpOptions.DEFAULT, WHERE).withFullconn(30));
        final Server s1 = addServer(be, "s1", 1, 0, 2);
        final Server s2 = addServer(be, "s2", 0, 3, 0); // minconn alone: HAProxy makes it the maxconn
        assertTrue(s1.tryAcquire());
        for (int i = 0; i < 3; i++) {
            assertTrue(s2.tryAcquire(), "slot " + i + " of s2");
        }
        assertFalse(s2.tryAcquire(), "every slot is taken");
        final long nowMs = clock.nanoTime() / 1_000_000L;
        assertEquals(BackendQueues.QUEUED, be.queues().enqueue(entry(), s1, nowMs, 0, 0));
        assertEquals(BackendQueues.QUEUED, be.queues().enqueue(entry(), s1, nowMs, 0, 0));
        assertEquals(BackendQueues.QUEUE_FULL, be.queues().enqueue(entry(), s1, nowMs, 0, 0), "maxqueue 2");
        final QueueEntry leaving = entry();
        assertEquals(BackendQueues.QUEUED, be.queues().enqueue(leaving, null, nowMs, 0, 0));
        assertEquals(BackendQueues.QUEUED, be.queues().enqueue(entry(), null, nowMs, 0, 0));
        assertEquals(QueueEntry.QUEUED, be.queues().cancel(leaving), "one leaves the backend's queue");
        // queue times as the ends of streams feed them (mode tcp: the window counts the balancer's picks): s1 was
        // picked 3 times, 2 of which connected after 10 and 20 ms; the backend picked 4 times, waits 7 and 0 ms
        s1.counters().add(0, Counter.SELECTED, 3);
        s1.queueTime().add(10, s1.counters(), Counter.SELECTED);
        s1.queueTime().add(20, s1.counters(), Counter.SELECTED);
        be.counters().add(0, Counter.SELECTED, 4);
        be.queueTime().add(7, be.counters(), Counter.SELECTED);
        be.queueTime().add(0, be.counters(), Counter.SELECTED);

        final StatsSnapshot snapshot = snapshot(be);
        final String csv = StatCsv.render(snapshot, true);
        final String[] names = {"qcur", "qmax", "qlimit", "scur", "slim", "qtime", "qtime_max"};
        assertEquals(Map.of("qcur", "2", "qmax", "2", "qlimit", "2", "scur", "1", "slim", "1", "qtime", "10",
            "qtime_max", "20"), columns(csv, "s1", names), "30 ms over 3 picks");
        assertEquals(Map.of("qcur", "0", "qmax", "0", "qlimit", "", "scur", "3", "slim", "3", "qtime", "0",
            "qtime_max", "0"), columns(csv, "s2", names), "no maxqueue: qlimit empty; minconn alone as slim");
        assertEquals(Map.of("qcur", "1", "qmax", "2", "qlimit", "", "scur", "0", "slim", "30", "qtime", "2",
            "qtime_max", "7"), columns(csv, "BACKEND", names), "its own queue only; its fullconn as slim");

        final String prom = PrometheusExposition.render(snapshot);
        for (final String expected : List.of(
            "baton_backend_current_queue{proxy=\"be\"} 1",
            "baton_backend_max_queue{proxy=\"be\"} 2",
            "baton_backend_limit_sessions{proxy=\"be\"} 30",
            "baton_backend_queue_time_average_seconds{proxy=\"be\"} 0.001",
            "baton_backend_max_queue_time_seconds{proxy=\"be\"} 0.007",
            "baton_server_current_queue{proxy=\"be\",server=\"s1\"} 2",
            "baton_server_max_queue{proxy=\"be\",server=\"s1\"} 2",
            "baton_server_queue_limit{proxy=\"be\",server=\"s1\"} 2",
            "baton_server_queue_limit{proxy=\"be\",server=\"s2\"} NaN",
            "baton_server_limit_sessions{proxy=\"be\",server=\"s2\"} 3",
            "baton_server_queue_time_average_seconds{proxy=\"be\",server=\"s1\"} 0.001",
            "baton_server_max_queue_time_seconds{proxy=\"be\",server=\"s1\"} 0.02")) {
            assertTrue(prom.contains("\n" + expected + "\n"), "missing: " + expected);
        }
        Promtool.check(prom);

        final String page = StatsPage.render(snapshot, new StatsPage.Options("/", 0));
        assertEquals(List.of("2", "2", "2", "1", "1", "1"), queueAndSessions(pageRow(page, "s1")),
            "queue cur/max/limit, sessions cur/max/limit");
        assertEquals(List.of("0", "0", "-", "3", "3", "3"), queueAndSessions(pageRow(page, "s2")));
        assertEquals(List.of("1", "2", "", "0", "0", "30"), queueAndSessions(pageRow(page, "Backend")));
    }

    /** The queue's cells (cur, max, limit) and the sessions' (cur, max, limit) of a page row, past the session rate. */
    private static List<String> queueAndSessions(final List<String> row) {
        final List<String> out = new java.util.ArrayList<>(row.subList(0, 3));
        out.addAll(row.subList(6, 9));
        return out;
    }
}
