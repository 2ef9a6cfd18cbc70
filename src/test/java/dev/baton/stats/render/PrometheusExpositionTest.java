package dev.baton.stats.render;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrometheusExpositionTest {
    private static final Pattern SAMPLE = Pattern.compile("([a-z_]+)(\\{[^}]*\\})? (NaN|-?\\d+(\\.\\d+)?)");
    private static final String TEXT = PrometheusExposition.render(SampleSnapshot.build());

    private static List<String> lines() {
        return List.of(TEXT.split("\n"));
    }

    @Test
    void everyFamilyHasHelpThenTypeThenItsSamples() {
        final Set<String> families = new HashSet<>();
        String current = null;
        String expectTypeOf = null;
        for (final String line : lines()) {
            if (line.startsWith("# HELP ")) {
                current = line.split(" ")[2];
                assertTrue(families.add(current), "family declared twice: " + current);
                assertTrue(current.startsWith("baton_"), current);
                expectTypeOf = current;
            } else if (line.startsWith("# TYPE ")) {
                final String[] w = line.split(" ");
                assertEquals(expectTypeOf, w[2], line);
                assertTrue(w[3].equals("counter") || w[3].equals("gauge"), line);
                assertEquals(w[2].endsWith("_total"), w[3].equals("counter"), "counters and only they end in _total");
                expectTypeOf = null;
            } else {
                final Matcher m = SAMPLE.matcher(line);
                assertTrue(m.matches(), "not a sample: " + line);
                assertEquals(current, m.group(1), line);
                assertEquals(null, expectTypeOf, "sample before TYPE: " + line);
            }
        }
        assertTrue(TEXT.endsWith("\n"));
    }

    @Test
    void namesFollowHaproxysExporterWithTheBatonPrefix() {
        final List<String> samples = lines();
        for (final String expected : List.of(
            "baton_process_nbthread 2",
            "baton_process_uptime_seconds 93784",
            "baton_process_start_time_seconds 1700000000",
            "baton_process_max_connections 480",
            "baton_process_current_connections 3",
            "baton_process_connections_total 120",
            "baton_process_build_info{version=\"1.2.3\"} 1",
            "baton_frontend_current_sessions{proxy=\"fe\"} 3",
            "baton_frontend_limit_sessions{proxy=\"fe\"} 480",
            "baton_frontend_bytes_out_total{proxy=\"fe\"} 118000",
            "baton_frontend_status{proxy=\"fe\",state=\"UP\"} 1",
            "baton_frontend_status{proxy=\"fe\",state=\"DOWN\"} 0",
            "baton_backend_sessions_total{proxy=\"be\"} 80",
            "baton_backend_connection_reuses_total{proxy=\"be\"} 40",
            "baton_backend_active_servers{proxy=\"be\"} 1",
            "baton_backend_status{proxy=\"be\",state=\"UP\"} 1",
            "baton_backend_agg_server_status{proxy=\"be\",state=\"MAINT\"} 1",
            "baton_backend_agg_server_status{proxy=\"be\",state=\"DRAIN\"} 1",
            "baton_backend_agg_server_status{proxy=\"be\",state=\"UP\"} 1",
            "baton_server_connection_reuses_total{proxy=\"be\",server=\"s1\"} 35",
            "baton_server_connection_attempts_total{proxy=\"be\",server=\"s1\"} 70",
            "baton_server_idle_connections_current{proxy=\"be\",server=\"s1\"} 3",
            "baton_server_idle_connections_limit{proxy=\"be\",server=\"s1\"} 16",
            "baton_server_idle_connections_limit{proxy=\"be\",server=\"s2\"} NaN",
            "baton_server_limit_sessions{proxy=\"be\",server=\"s2\"} NaN",
            "baton_server_unsafe_idle_connections_current{proxy=\"be\",server=\"s1\"} 1",
            "baton_server_safe_idle_connections_current{proxy=\"be\",server=\"s1\"} 2",
            "baton_server_used_connections_current{proxy=\"be\",server=\"s1\"} 3",
            "baton_server_need_connections_current{proxy=\"be\",server=\"s1\"} 5",
            "baton_server_weight{proxy=\"be\",server=\"s3\"} 0",
            "baton_server_backup{proxy=\"be\",server=\"s3\"} 1",
            "baton_server_status{proxy=\"be\",server=\"s2\",state=\"MAINT\"} 1",
            "baton_server_status{proxy=\"be\",server=\"s2\",state=\"UP\"} 0",
            "baton_server_status{proxy=\"be\",server=\"s3\",state=\"DRAIN\"} 1",
            "baton_server_status{proxy=\"ad\\\"min\",server=\"local\",state=\"UP\"} 1",
            "baton_thread_takeovers_total{thread=\"2\"} 3",
            "baton_thread_takeover_failures_total{thread=\"1\"} 1",
            "baton_thread_kills_requested_total{thread=\"1\"} 2",
            "baton_thread_kills_done_total{thread=\"2\"} 2",
            "baton_thread_loops_total{thread=\"1\"} 1000",
            // queues, as HAProxy's exporter: the averages over its full window of 512 requests
            "baton_backend_current_queue{proxy=\"be\"} 3",
            "baton_backend_max_queue{proxy=\"be\"} 9",
            "baton_backend_limit_sessions{proxy=\"be\"} 48",
            "baton_backend_queue_time_average_seconds{proxy=\"be\"} 0.002",
            "baton_backend_max_queue_time_seconds{proxy=\"be\"} 0.025",
            "baton_server_current_queue{proxy=\"be\",server=\"s1\"} 4",
            "baton_server_max_queue{proxy=\"be\",server=\"s1\"} 7",
            "baton_server_queue_limit{proxy=\"be\",server=\"s1\"} 10",
            "baton_server_queue_limit{proxy=\"be\",server=\"s2\"} NaN",
            "baton_server_queue_time_average_seconds{proxy=\"be\",server=\"s1\"} 0.001",
            "baton_server_max_queue_time_seconds{proxy=\"be\",server=\"s1\"} 0.03",
            "baton_server_current_queue{proxy=\"be\",server=\"s2\"} 0")) {
            assertTrue(samples.contains(expected), "missing: " + expected);
        }
    }

    @Test
    void samplesOfAFamilyComeInConfigurationOrder() {
        final List<String> proxies = new ArrayList<>();
        for (final String line : lines()) {
            if (line.startsWith("baton_server_sessions_total{")) {
                proxies.add(line.substring(line.indexOf('{'), line.indexOf('}') + 1));
            }
        }
        assertEquals(List.of("{proxy=\"be\",server=\"s1\"}", "{proxy=\"be\",server=\"s2\"}",
            "{proxy=\"be\",server=\"s3\"}", "{proxy=\"ad\\\"min\",server=\"local\"}"), proxies);
    }

    @Test
    void valuesAndLabelsAreFormattedForTheTextFormat() {
        assertEquals("NaN", PrometheusExposition.format(Double.NaN));
        assertEquals("42", PrometheusExposition.format(42));
        assertEquals("0.5", PrometheusExposition.format(0.5));
        assertEquals("{a=\"x\\\\y\",b=\"q\\\"\\n\"}", PrometheusExposition.labels("a", "x\\y", "b", "q\"\n"));
    }

    @Test
    void promtoolAcceptsTheExposition() throws Exception {
        Promtool.check(TEXT);
    }

    /** The request, response, rate and time metrics, named as HAProxy 2.6's exporter names them. */
    @Test
    void requestAndResponseMetricsAsHaproxysExporter() throws Exception {
        final String text = PrometheusExposition.render(SampleSnapshot.withHttp());
        final List<String> samples = List.of(text.split("\n"));
        for (final String expected : List.of(
            "baton_frontend_requests_denied_total{proxy=\"web\"} 11",
            "baton_frontend_responses_denied_total{proxy=\"web\"} 12",
            "baton_frontend_request_errors_total{proxy=\"web\"} 13",
            "baton_frontend_denied_connections_total{proxy=\"web\"} 14",
            "baton_frontend_denied_sessions_total{proxy=\"web\"} 15",
            "baton_frontend_failed_header_rewriting_total{proxy=\"web\"} 16",
            "baton_frontend_internal_errors_total{proxy=\"web\"} 17",
            "baton_frontend_intercepted_requests_total{proxy=\"web\"} 18",
            "baton_frontend_http_requests_total{proxy=\"web\"} 19",
            "baton_frontend_http_responses_total{proxy=\"web\",code=\"1xx\"} 21",
            "baton_frontend_http_responses_total{proxy=\"web\",code=\"5xx\"} 25",
            "baton_frontend_http_responses_total{proxy=\"web\",code=\"other\"} 20",
            "baton_frontend_max_session_rate{proxy=\"web\"} 32",
            "baton_frontend_http_requests_rate_max{proxy=\"web\"} 34",
            "baton_frontend_connections_rate_max{proxy=\"web\"} 36",
            "baton_frontend_limit_session_rate{proxy=\"web\"} 0",
            "baton_frontend_http_cache_lookups_total{proxy=\"web\"} 0",
            "baton_backend_requests_denied_total{proxy=\"web\"} 11",
            "baton_backend_http_requests_total{proxy=\"web\"} 19",
            "baton_backend_http_responses_total{proxy=\"web\",code=\"4xx\"} 24",
            "baton_backend_last_session_seconds{proxy=\"web\"} 37",
            "baton_backend_connect_time_average_seconds{proxy=\"web\"} 0.38",
            "baton_backend_max_total_time_seconds{proxy=\"web\"} 0.043",
            "baton_server_http_responses_total{proxy=\"web\",server=\"s1\",code=\"2xx\"} 22",
            "baton_server_current_throttle{proxy=\"web\",server=\"s1\"} 44",
            "baton_server_response_time_average_seconds{proxy=\"web\",server=\"s1\"} 0.39",
            "baton_server_max_session_rate{proxy=\"web\",server=\"s1\"} 32")) {
            assertTrue(samples.contains(expected), "missing: " + expected);
        }
        // HTTP metrics only for proxies in mode http, as HAProxy's exporter
        assertTrue(samples.stream().noneMatch(l -> l.startsWith("baton_frontend_http_requests_total{proxy=\"fe\"}")));
        assertTrue(samples.stream().noneMatch(l -> l.startsWith("baton_backend_http_responses_total{proxy=\"be\"")));
        Promtool.check(text);
    }
}
