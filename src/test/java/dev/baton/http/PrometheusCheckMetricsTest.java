package dev.baton.http;

import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.stats.StatsCollector;
import dev.baton.stats.render.PrometheusExposition;
import dev.baton.stats.render.Promtool;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The health-check metrics of the Prometheus exposition follow a server that goes DOWN and comes back, as
 * HAProxy 2.6's exporter's do: {@code baton_server_check_status} (one sample per state, 1 for the last check's),
 * {@code _check_code}, {@code _check_duration_seconds}, the counters {@code _check_failures_total},
 * {@code _check_up_down_total} and {@code _downtime_seconds_total} (which only grow), and the backend's
 * {@code baton_backend_active_servers} and {@code _backup_servers}; every exposition passes
 * {@code promtool check metrics}. HTTP checks against test-servers backends, on a real daemon.
 */
class PrometheusCheckMetricsTest {
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private final HttpRig rig = new HttpRig();

    @AfterEach
    void close() throws Exception {
        if (rig.running() != null) {
            rig.daemon().healthChecks().stop();
        }
        rig.close();
    }

    /** The exposition now, checked by promtool, as sample (name and labels) to value. */
    private Map<String, Double> metrics() throws Exception {
        final String text = PrometheusExposition.render(StatsCollector.collect(rig.daemon(),
            System.currentTimeMillis()));
        Promtool.check(text);
        final Map<String, Double> samples = new HashMap<>();
        for (final String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                final int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    private static String server(final String metric, final String server) {
        return "baton_server_" + metric + "{proxy=\"fe\",server=\"" + server + "\"}";
    }

    private static String checkStatus(final String server, final String state) {
        return "baton_server_check_status{proxy=\"fe\",server=\"" + server + "\",state=\"" + state + "\"}";
    }

    private static double get(final Map<String, Double> m, final String sample) {
        final Double v = m.get(sample);
        assertTrue(v != null, "no sample " + sample);
        return v;
    }

    @Test
    void checkMetricsFollowAServerDownAndBackUp() throws Exception {
        final String[] names = {"s1", "s2", "b1"};
        final HttpBackend[] b = new HttpBackend[names.length];
        for (int i = 0; i < names.length; i++) {
            b[i] = rig.backend(new HttpBackend.Options().name(names[i]));
        }
        final HttpBackend b2 = b[1];
        // two active servers and a backup checked over HTTP, and one active server (n1) without check
        rig.start(HttpConfigs.listen(2, "option httpchk GET /health", "default-server inter 100 rise 2 fall 2",
            HttpConfigs.server("s1", b[0].port(), "check"), HttpConfigs.server("s2", b2.port(), "check"),
            HttpConfigs.server("b1", b[2].port(), "check", "backup"), HttpConfigs.server("n1", b[2].port())));
        final Server s2 = rig.server("s2");
        await("every checked server checked").atMost(WITHIN).until(() -> rig.daemon().backend("fe").servers()
            .stream().filter(Server::isChecked).allMatch(s -> s.lastCheck().status() == CheckStatus.L7OK));

        Map<String, Double> m = metrics();
        assertEquals(1, get(m, checkStatus("s2", "L7OK")));
        assertEquals(0, get(m, checkStatus("s2", "L7STS")));
        assertFalse(m.containsKey(checkStatus("s2", "INI")), "HAProxy's states: finished checks only");
        assertEquals(200, get(m, server("check_code", "s2")));
        assertTrue(get(m, server("check_duration_seconds", "s2")) >= 0);
        assertEquals(0, get(m, server("check_failures_total", "s2")));
        assertEquals(0, get(m, server("check_up_down_total", "s2")));
        assertEquals(0, get(m, server("downtime_seconds_total", "s2")));
        assertTrue(Double.isNaN(get(m, server("check_failures_total", "n1"))), "no check: NaN, as HAProxy");
        assertFalse(m.containsKey(server("check_code", "n1")), "no check: no code");
        assertEquals(3, get(m, "baton_backend_active_servers{proxy=\"fe\"}"));
        assertEquals(1, get(m, "baton_backend_backup_servers{proxy=\"fe\"}"));

        b2.health("/status/503");
        await("s2 DOWN").atMost(WITHIN).until(() -> !s2.isRunning());
        m = metrics();
        assertEquals(0, get(m, checkStatus("s2", "L7OK")));
        assertEquals(1, get(m, checkStatus("s2", "L7STS")));
        assertEquals(503, get(m, server("check_code", "s2")));
        assertEquals(2, get(m, server("check_failures_total", "s2")), "fall 2: two failed checks");
        assertEquals(1, get(m, server("check_up_down_total", "s2")));
        assertEquals(1, get(m, "baton_server_status{proxy=\"fe\",server=\"s2\",state=\"DOWN\"}"));
        assertEquals(2, get(m, "baton_backend_active_servers{proxy=\"fe\"}"));
        assertEquals(1, get(m, "baton_backend_agg_server_status{proxy=\"fe\",state=\"DOWN\"}"));
        await("downtime counted").atMost(WITHIN).pollInterval(Duration.ofMillis(100))
            .until(() -> metrics().get(server("downtime_seconds_total", "s2")) >= 1);
        final double downtime = metrics().get(server("downtime_seconds_total", "s2"));

        b2.health("");
        await("s2 UP").atMost(WITHIN).until(s2::isRunning);
        m = metrics();
        assertEquals(1, get(m, checkStatus("s2", "L7OK")));
        assertEquals(200, get(m, server("check_code", "s2")));
        assertEquals(2, get(m, server("check_failures_total", "s2")), "a counter keeps its failures");
        assertEquals(1, get(m, server("check_up_down_total", "s2")), "UP again is not a DOWN transition");
        assertTrue(get(m, server("downtime_seconds_total", "s2")) >= downtime, "a counter never goes back");
        assertEquals(3, get(m, "baton_backend_active_servers{proxy=\"fe\"}"));
        assertEquals(0, get(m, "baton_backend_agg_server_status{proxy=\"fe\",state=\"DOWN\"}"));

        s2.adminState(Server.AdminState.MAINT);
        m = metrics();
        assertFalse(m.containsKey(checkStatus("s2", "L7OK")), "checks paused in maintenance: no status, as HAProxy");
        assertFalse(m.containsKey(server("check_code", "s2")));
        assertEquals(1, get(m, "baton_server_status{proxy=\"fe\",server=\"s2\",state=\"MAINT\"}"));
        assertEquals(2, get(m, "baton_backend_active_servers{proxy=\"fe\"}"));
    }
}
