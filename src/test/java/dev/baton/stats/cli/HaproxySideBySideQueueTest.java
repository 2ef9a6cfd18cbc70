package dev.baton.stats.cli;

import dev.baton.support.DaemonProcess;
import dev.baton.support.ExternalTool;
import dev.baton.support.RawHttp;
import dev.baton.support.Sockets;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HAProxy 2.6 and baton side by side holding the same queue: one server with {@code maxconn 1} and
 * {@code maxqueue 5} behind a test server that answers after {@value #DELAY_MS} ms, three clients at once on each.
 * While the first is served and two wait, and again once all three were answered, {@code show stat}'s queue
 * columns of the backend and of its server must read the same on both: {@code qcur}, {@code qmax}, {@code qlimit},
 * {@code scur}, {@code smax}, {@code slim} ({@code fullconn} on the backend: a tenth of the global
 * {@code maxconn 100} that reaches it through the frontend). The two queued requests wait in the backend's queue on
 * both (a full server of a round-robin backend sends newcomers there, not to its own queue).
 *
 * <p>{@code qtime} and {@code qtime_max} are times, not behaviour: they are compared within
 * {@value #TIME_SLACK_MS} ms (the waits are about 0, 1 and 2 delays on both sides).
 *
 * <p>HAProxy runs with one thread, baton with two: HAProxy 2.6 checks a server's maxconn and takes the slot in two
 * steps, so two of its threads accepting at once can both pass (seen in {@code QueueSameAsHaproxyTest}); one
 * thread keeps the reference figures deterministic.
 *
 * <p>Runs where {@code haproxy} is installed; skipped elsewhere, except under CI (environment {@code CI} set),
 * where a missing haproxy fails. Both processes are stopped by their pid at the end.
 */
class HaproxySideBySideQueueTest {
    private static final long DELAY_MS = 2500;
    private static final long TIME_SLACK_MS = 400;
    private static final List<String> COLUMNS = List.of("qcur", "qmax", "qlimit", "scur", "smax", "slim");

    @TempDir
    Path dir;

    private static String config(final Path socket, final int threads, final int fePort, final int serverPort) {
        return String.join("\n",
            "global",
            "    maxconn 100",
            "    nbthread " + threads,
            "    stats socket " + socket + " mode 600 level admin",
            "defaults",
            "    mode http",
            "    timeout connect 1s",
            "    timeout client 20s",
            "    timeout server 20s",
            "    timeout queue 20s",
            "frontend fe",
            "    bind 127.0.0.1:" + fePort,
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:" + serverPort + " maxconn 1 maxqueue 5",
            "");
    }

    /** Columns {@code names} of {@code be}'s rows (s1 then BACKEND) in {@code show stat} on {@code socket}. */
    private static Map<String, Map<String, String>> stat(final Path socket, final List<String> names)
        throws IOException {
        final Map<String, Map<String, String>> out = new LinkedHashMap<>();
        CliClient.stat(socket, names).forEach((row, cells) -> {
            if (row.startsWith("be/")) {
                out.put(row.substring(3), cells);
            }
        });
        return out;
    }

    private static String backendQcur(final Path socket) {
        try {
            return stat(socket, COLUMNS).get("BACKEND").get("qcur");
        } catch (final IOException | RuntimeException e) {
            return "not answering";
        }
    }

    /** Three clients to {@code port}, each a request with {@code Connection: close}; their statuses. */
    private static List<Future<Integer>> clients(final ExecutorService pool, final int port) {
        final List<Future<Integer>> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.add(pool.submit(() -> {
                try (RawHttp c = RawHttp.open(port)) {
                    return c.send(RawHttp.get("/", "Connection: close\r\n")).read().status;
                }
            }));
        }
        return out;
    }

    @Test
    void queueColumnsOfAHeldQueueMatchHaproxy() throws Exception {
        ExternalTool.requireHaproxy();
        final Path hSocket = dir.resolve("h.sock");
        final Path bSocket = dir.resolve("b.sock");
        final int hPort = Sockets.unusedPort();
        final int bPort = Sockets.unusedPort();
        final ExecutorService pool = Executors.newFixedThreadPool(6);
        Process haproxy = null;
        try (HttpBackend server = HttpBackend.start(new HttpBackend.Options().name("s1").responseDelayMs(DELAY_MS))) {
            final Path hc = Files.writeString(dir.resolve("h.cfg"), config(hSocket, 1, hPort, server.port()));
            final Path bc = Files.writeString(dir.resolve("b.cfg"), config(bSocket, 2, bPort, server.port()));
            haproxy = new ProcessBuilder("haproxy", "-db", "-f", hc.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.out").toFile()).start();
            try (DaemonProcess baton = DaemonProcess.start(Files.createDirectories(dir.resolve("baton")), "-f",
                bc.toString())) {
                assertTrue(baton.pid() > 0);
                await("both stats sockets").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> backendQcur(hSocket).equals("0") && backendQcur(bSocket).equals("0"));
                final List<Future<Integer>> answers = new ArrayList<>(clients(pool, hPort));
                answers.addAll(clients(pool, bPort));
                await("one served and two queued on both sides").atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> backendQcur(hSocket).equals("2") && backendQcur(bSocket).equals("2"));
                final Map<String, Map<String, String>> held = stat(hSocket, COLUMNS);
                assertEquals(held, stat(bSocket, COLUMNS), "while the queue is held");
                // HAProxy's own figures: the queued streams count in the backend's sessions (beconn), not the server's
                assertEquals(Map.of("qcur", "2", "qmax", "2", "qlimit", "", "scur", "3", "smax", "3", "slim", "10"),
                    held.get("BACKEND"), "HAProxy's backend row, as this test expects it");
                assertEquals(Map.of("qcur", "0", "qmax", "0", "qlimit", "5", "scur", "1", "smax", "1", "slim", "1"),
                    held.get("s1"), "HAProxy's server row, as this test expects it");

                for (final Future<Integer> a : answers) {
                    assertEquals(200, a.get(20, TimeUnit.SECONDS));
                }
                await("every request over on both sides").atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(20)).until(() -> {
                        final Map<String, Map<String, String>> h = stat(hSocket, COLUMNS);
                        final Map<String, Map<String, String>> b = stat(bSocket, COLUMNS);
                        return h.get("s1").get("scur").equals("0") && b.get("s1").get("scur").equals("0");
                    });
                assertEquals(stat(hSocket, COLUMNS), stat(bSocket, COLUMNS), "once every request was answered");
                final List<String> times = List.of("qtime", "qtime_max");
                final Map<String, Map<String, String>> hTimes = stat(hSocket, times);
                final Map<String, Map<String, String>> bTimes = stat(bSocket, times);
                for (final String row : List.of("s1", "BACKEND")) {
                    for (final String c : times) {
                        final long h = Long.parseLong(hTimes.get(row).get(c));
                        final long b = Long.parseLong(bTimes.get(row).get(c));
                        assertTrue(Math.abs(h - b) <= TIME_SLACK_MS, row + " " + c + ": haproxy " + h + ", baton " + b);
                    }
                }
                final long longest = Long.parseLong(hTimes.get("BACKEND").get("qtime_max"));
                assertTrue(longest >= 2 * DELAY_MS - TIME_SLACK_MS, "the last client waited two delays: " + longest);
            }
        } finally {
            pool.shutdownNow();
            if (haproxy != null) {
                haproxy.destroy();
                if (!haproxy.waitFor(10, TimeUnit.SECONDS)) {
                    haproxy.destroyForcibly();
                }
            }
        }
    }
}
