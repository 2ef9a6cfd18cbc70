package dev.baton.http;

import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.stats.StatsCollector;
import dev.baton.stats.render.PrometheusExposition;
import dev.baton.stats.render.StatCsv;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health checks end to end (Layer 4, and HTTP with {@code option httpchk}): a stopped backend is marked DOWN within {@code fall x inter}, with HAProxy's
 * log line, and traffic goes to the others without a client error; a backend started again on the same port is
 * UP after {@code rise} checks. A server going DOWN has its idle connections closed.
 */
class HttpHealthCheckTest {
    private static final String DURATION = "check duration: \\d+ms\\. ";
    private final HttpRig rig = new HttpRig();

    @AfterEach
    void close() throws Exception {
        if (rig.running() != null) {
            rig.daemon().healthChecks().stop(); // no check socket open while the rig checks the daemon at rest
        }
        rig.close();
    }

    private static String body(final RawHttp.Response r) {
        return new String(r.body, StandardCharsets.US_ASCII);
    }

    /** {@code n} requests, each on a new connection: all must be 200; returns the names of the servers. */
    private List<String> requests(final int n) throws Exception {
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try (RawHttp c = RawHttp.open(rig.port())) {
                final RawHttp.Response r = c.send(RawHttp.get("/", "Connection: close\r\n")).read();
                assertEquals(200, r.status, "request " + i);
                names.add(body(r).substring(0, body(r).indexOf(' ')));
            }
        }
        return names;
    }

    private static String line(final String regex) {
        final Pattern p = Pattern.compile(regex);
        return TrafficLogCapture.awaitLine(regex, l -> p.matcher(l).matches());
    }

    @Test
    void stoppedServerGoesDownThenUpAgainOnTheSamePort() throws Exception {
        TrafficLogCapture.clear();
        final HttpBackend b1 = rig.backend(new HttpBackend.Options().name("s1"));
        final HttpBackend b2 = rig.backend(new HttpBackend.Options().name("s2"));
        final HttpBackend b3 = rig.backend(new HttpBackend.Options().name("s3"));
        final String check = "check inter 100 rise 2 fall 2";
        rig.start(HttpConfigs.listen(2, "log global",
            HttpConfigs.server("s1", b1.port(), check),
            HttpConfigs.server("s2", b2.port(), check),
            HttpConfigs.server("s3", b3.port(), check)));
        final Server s2 = rig.server("s2");
        await("every server checked").atMost(Duration.ofSeconds(5)).until(() ->
            rig.daemon().backend("fe").servers().stream().allMatch(s -> s.lastCheck().status() == CheckStatus.L4OK));
        assertTrue(requests(6).contains("s2"));

        final int port2 = b2.port();
        final long stoppedNs = System.nanoTime();
        b2.close();
        await("s2 DOWN").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(5))
            .until(() -> !s2.isRunning());
        final long downMs = (System.nanoTime() - stoppedNs) / 1_000_000L;
        // fall x inter = 200 ms, plus at most one interval until the first failed check, plus scheduling slack
        assertTrue(downMs < 600, "DOWN after " + downMs + " ms");
        line("Server fe/s2 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", " + DURATION
            + "2 active and 0 backup servers left\\. 0 sessions active, 0 requeued, 0 remaining in queue\\.");
        final List<String> names = requests(12);
        assertFalse(names.contains("s2"), "no request for a DOWN server: " + names);

        final String row = statRow("s2");
        assertTrue(row.startsWith("fe,s2,") && row.contains(",DOWN,") && row.contains(",L4CON,")
            && row.matches(".*,Connection refused,,\\d+,\\d+,\\d+,\\d+,,,,Layer4 connection problem,,2,2,0,.*"), row);

        final String metrics = PrometheusExposition.render(StatsCollector.collect(rig.daemon(),
            System.currentTimeMillis()));
        for (final String sample : List.of(
            "baton_server_status{proxy=\"fe\",server=\"s2\",state=\"DOWN\"} 1",
            "baton_server_check_status{proxy=\"fe\",server=\"s2\",state=\"L4CON\"} 1",
            "baton_server_check_status{proxy=\"fe\",server=\"s1\",state=\"L4OK\"} 1",
            "baton_server_check_up_down_total{proxy=\"fe\",server=\"s2\"} 1",
            "baton_server_check_failures_total{proxy=\"fe\",server=\"s2\"} 2")) {
            assertTrue(metrics.contains(sample + "\n"), "missing " + sample);
        }

        rig.backend(new HttpBackend.Options().name("s2").port(port2));
        await("s2 UP").atMost(Duration.ofSeconds(3)).until(s2::isRunning);
        line("Server fe/s2 is UP, reason: Layer4 check passed, " + DURATION
            + "3 active and 0 backup servers online\\. 0 sessions requeued, 0 total in queue\\.");
        assertTrue(requests(6).contains("s2"), "s2 serves again");
        assertEquals(1, s2.downTransitions());
    }

    @Test
    void lastServerDownLeavesTheBackendWithoutServerAndItsIdleConnectionsAreClosed() throws Exception {
        TrafficLogCapture.clear();
        final HttpBackend b1 = rig.backend(new HttpBackend.Options().name("s1"));
        final ServerSocket checkPort = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        try {
            rig.start(HttpConfigs.listen(2, "log global",
                HttpConfigs.server("s1", b1.port(), "check inter 100 fall 1 port " + checkPort.getLocalPort())));
            final Server s1 = rig.server("s1");
            await("checked").atMost(Duration.ofSeconds(5)).until(() -> s1.lastCheck().status() == CheckStatus.L4OK);
            // Several clients at once, so that (most likely) both reactors hold idle connections to s1: each
            // reactor must close its own when s1 goes DOWN.
            final List<RawHttp> clients = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                clients.add(rig.client().send(RawHttp.get("/delay/50")));
            }
            for (final RawHttp c : clients) {
                assertEquals(200, c.read().status);
            }
            await("idle connections to s1").atMost(Duration.ofSeconds(5))
                .until(() -> rig.pool("s1").currIdleConns() > 0);
        } finally {
            checkPort.close(); // the checks fail; the backend itself stays up with its idle connection open
        }
        line("Server fe/s1 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", " + DURATION
            + "0 active and 0 backup servers left\\. 0 sessions active, 0 requeued, 0 remaining in queue\\.");
        line("backend fe has no server available!");
        final String backendRow = statRow("BACKEND");
        assertTrue(backendRow.startsWith("fe,BACKEND,") && backendRow.contains(",DOWN,0,0,0,,1,"), backendRow);
        await("idle connection closed").atMost(Duration.ofSeconds(5))
            .until(() -> rig.pool("s1").currIdleConns() == 0);
        try (RawHttp c = rig.client()) {
            assertEquals(503, c.send(RawHttp.get("/")).read().status, "no usable server");
        }
    }

    @Test
    void httpChecksTakeA503ServerDownAndA404ServerToNolbWithoutClientErrors() throws Exception {
        TrafficLogCapture.clear();
        final HttpBackend b1 = rig.backend(new HttpBackend.Options().name("s1"));
        final HttpBackend b2 = rig.backend(new HttpBackend.Options().name("s2"));
        final HttpBackend b3 = rig.backend(new HttpBackend.Options().name("s3"));
        final String check = "check inter 100 rise 2 fall 2";
        rig.start(HttpConfigs.listen(2, "log global", "option httpchk GET /health", "http-check disable-on-404",
            HttpConfigs.server("s1", b1.port(), check),
            HttpConfigs.server("s2", b2.port(), check),
            HttpConfigs.server("s3", b3.port(), check)));
        final Server s2 = rig.server("s2");
        final Server s3 = rig.server("s3");
        await("every server checked").atMost(Duration.ofSeconds(5)).until(() ->
            rig.daemon().backend("fe").servers().stream().allMatch(s -> s.lastCheck().status() == CheckStatus.L7OK));
        assertTrue(checkedRow("s1").contains(",L7OK,200,"), checkedRow("s1"));

        b2.health("/status/503");
        assertEquals(12, requests(12).size(), "clients served while s2 fails");
        await("s2 DOWN").atMost(Duration.ofSeconds(3)).until(() -> !s2.isRunning());
        line("Server fe/s2 is DOWN, reason: Layer7 wrong status, code: 503, info: \"Service Unavailable\", "
            + DURATION + "2 active and 0 backup servers left\\. 0 sessions active, 0 requeued, 0 remaining in "
            + "queue\\.");
        assertFalse(requests(12).contains("s2"), "no request for a DOWN server");
        final String row = settledRow("s2"); // its last_chk is empty while a check runs (every 100 ms), as HAProxy
        assertTrue(row.contains(",DOWN,") && row.contains(",L7STS,503,")
            && row.matches(".*,Service Unavailable,,\\d+,\\d+,\\d+,\\d+,,,,Layer7 wrong status,.*"), row);

        b3.health("/status/404");
        await("s3 NOLB").atMost(Duration.ofSeconds(3)).until(() -> s3.state().stopping());
        line("Server fe/s3 is stopping, reason: Layer7 check conditionally passed, code: 404, " + DURATION
            + "1 active and 0 backup servers online\\. 0 sessions requeued, 0 total in queue\\.");
        assertTrue(checkedRow("s3").contains(",NOLB,") && checkedRow("s3").contains(",L7OKC,404,"), checkedRow("s3"));
        assertEquals(List.of("s1", "s1", "s1", "s1"), requests(4), "only s1 gets new traffic");

        b2.health("");
        b3.health("");
        await("s2 UP, s3 out of NOLB").atMost(Duration.ofSeconds(3))
            .until(() -> s2.isEligible() && s3.isEligible());
        line("Server fe/s2 is UP, reason: Layer7 check passed, code: 200, " + DURATION
            + "[23] active and 0 backup servers online\\. 0 sessions requeued, 0 total in queue\\.");
        line("Server fe/s3 is UP, reason: Layer7 check passed, code: 200, " + DURATION
            + "[23] active and 0 backup servers online\\. 0 sessions requeued, 0 total in queue\\.");
        assertTrue(requests(9).containsAll(List.of("s1", "s2", "s3")));
    }

    /** {@link #statRow} without the "* " a check under way puts before check_status. */
    private String checkedRow(final String server) {
        return statRow(server).replace(",* ", ",");
    }

    /** The server's row read between two of its checks: while one runs, HAProxy (and baton) leave last_chk empty. */
    private String settledRow(final String server) {
        final String[] row = new String[1];
        await("a row between two checks").atMost(Duration.ofSeconds(3))
            .until(() -> !(row[0] = statRow(server)).contains(",* "));
        return row[0];
    }

    private String statRow(final String server) {
        final String csv = StatCsv.render(StatsCollector.collect(rig.daemon(), System.currentTimeMillis()), true);
        for (final String l : csv.split("\n")) {
            if (l.startsWith("fe," + server + ",")) {
                return l;
            }
        }
        throw new AssertionError("no row for " + server + " in " + csv);
    }
}
