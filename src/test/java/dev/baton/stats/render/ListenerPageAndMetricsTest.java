package dev.baton.stats.render;

import dev.baton.stats.StatsSnapshot;
import dev.baton.stats.TrafficTotals;
import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listener rows ({@code option socket-stats}) on the stats page and in the exporter, and the page's module
 * columns ({@code stats show-modules}), as HAProxy 2.6 shows them.
 */
class ListenerPageAndMetricsTest {
    private static final StatsSnapshot SNAPSHOT = SampleSnapshot.withListeners(SampleSnapshot.httpTraffic());

    private static String page(final boolean legends, final boolean modules) throws Exception {
        final String html = StatsPage.render(SNAPSHOT,
            new StatsPage.Options("/stats", 0, false, false, null, null, legends, modules));
        final DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8))); // well-formed
        return html;
    }

    /** The row whose first cell starts with {@code start}, from its {@code <tr} to its {@code </tr>}. */
    private static String row(final String html, final String start) {
        final int at = html.indexOf(start);
        assertTrue(at > 0, start);
        return html.substring(html.lastIndexOf("<tr class", at), html.indexOf("</tr>\n", at) + 5);
    }

    @Test
    void listenerRowsFollowTheFrontendWithTheirFigures() throws Exception {
        final String html = page(false, false);
        final String web = row(html, "<a name=\"fe/+web\"></a>web</td>");
        assertTrue(web.startsWith("<tr class=\"socket\">"), web);
        // sessions cur/max/limit/total, lbtot and last empty, bytes, denied req/resp, errors req
        assertTrue(web.contains("<td>0</td><td>0</td><td>0</td><td>1</td><td></td><td></td><td>2</td><td>3</td>"
            + "<td>11</td><td>12</td><td>13</td><td></td><td></td><td></td><td></td><td>OPEN</td>"), web);
        assertTrue(html.indexOf("fe/+web") > html.indexOf("Frontend</td>"), "after the FRONTEND row");
        assertTrue(html.indexOf("fe/+sock-2") > html.indexOf("fe/+web"), "in bind order");
        assertTrue(row(html, "<a name=\"fe/+sock-7\"></a>sock-7</td>")
            .contains("<td>1</td><td>4</td><td>5</td><td>1</td>"), "scur smax slim stot");
        assertEquals(row(html, "Frontend</td>").split("<td").length, web.split("<td").length, "as many cells");
    }

    @Test
    void legendsGiveTheAddressAndId() throws Exception {
        final String html = page(true, false);
        assertTrue(html.contains("<u>web<div class=\"tips\">IPv4: 127.0.0.1:19081, id: 1</div></u>"), html);
        assertTrue(html.contains("<u>sock-7<div class=\"tips\">IPv6: [::1]:19084, id: 7</div></u>"));
    }

    @Test
    void showModulesAddsHaproxysModuleColumns() throws Exception {
        assertFalse(page(false, false).contains("Extra modules"));
        final String html = page(false, true);
        assertTrue(html.contains("<th colspan=\"3\">Extra modules</th></tr>"), html);
        assertTrue(html.contains("<th>Limit</th><th>ssl</th><th>h2</th><th>h1</th></tr>"));
        final String ssl = "<td><u>ssl<div class=\"tips\"><table class=\"det\"><tr><th>ssl_sess</th><td></td></tr>"
            + "<tr><th>ssl_reused_sess</th><td></td></tr><tr><th>ssl_failed_handshake</th><td></td></tr></table></div>"
            + "</u></td>";
        // HAProxy's module capabilities: ssl on every row type, h2 and h1 on frontends and backends only
        assertTrue(row(html, "fe/+web").endsWith(ssl + "<td></td><td></td></tr>"), row(html, "fe/+web"));
        assertTrue(row(html, ">s1</td>").endsWith(ssl + "<td></td><td></td></tr>"), row(html, ">s1</td>"));
        final String frontend = row(html, "Frontend</td>");
        assertTrue(frontend.contains(ssl + "<td><u>h2<div class=\"tips\">"), frontend);
        assertTrue(frontend.contains("<tr><th>h1_bytes_out</th><td></td></tr>"), frontend);
        assertTrue(row(html, "Backend</td>").contains("<td><u>h1<div class=\"tips\">"));
    }

    @Test
    void theExporterGivesListenerMetricsAsHaproxys() throws Exception {
        final String text = PrometheusExposition.render(SNAPSHOT);
        final List<String> lines = List.of(text.split("\n"));
        for (final String expected : List.of(
            "baton_listener_current_sessions{proxy=\"fe\",listener=\"sock-7\"} 1",
            "baton_listener_max_sessions{proxy=\"fe\",listener=\"sock-7\"} 4",
            "baton_listener_limit_sessions{proxy=\"fe\",listener=\"web\"} 0",
            "baton_listener_limit_sessions{proxy=\"fe\",listener=\"sock-7\"} 5",
            "baton_listener_sessions_total{proxy=\"fe\",listener=\"web\"} 1",
            "baton_listener_bytes_in_total{proxy=\"fe\",listener=\"web\"} 2",
            "baton_listener_bytes_out_total{proxy=\"fe\",listener=\"web\"} 3",
            "baton_listener_requests_denied_total{proxy=\"fe\",listener=\"web\"} 11",
            "baton_listener_responses_denied_total{proxy=\"fe\",listener=\"web\"} 12",
            "baton_listener_request_errors_total{proxy=\"fe\",listener=\"web\"} 13",
            "baton_listener_status{proxy=\"fe\",listener=\"web\",state=\"WAITING\"} 0",
            "baton_listener_status{proxy=\"fe\",listener=\"web\",state=\"OPEN\"} 1",
            "baton_listener_status{proxy=\"fe\",listener=\"sock-7\",state=\"FULL\"} 1",
            "baton_listener_denied_connections_total{proxy=\"fe\",listener=\"web\"} 14",
            "baton_listener_denied_sessions_total{proxy=\"fe\",listener=\"web\"} 15",
            "baton_listener_failed_header_rewriting_total{proxy=\"fe\",listener=\"web\"} 16",
            "baton_listener_internal_errors_total{proxy=\"fe\",listener=\"web\"} 17")) {
            assertTrue(lines.contains(expected), expected);
        }
        // HAProxy's exporter's order: the frontends, the listeners (status after request errors), the backends
        assertTrue(text.indexOf("# TYPE baton_frontend_status") < text.indexOf("# TYPE baton_listener_current"));
        assertTrue(text.indexOf("# TYPE baton_listener_request_errors_total")
            < text.indexOf("# TYPE baton_listener_status"));
        assertTrue(text.indexOf("# TYPE baton_listener_status")
            < text.indexOf("# TYPE baton_listener_denied_connections_total"));
        assertTrue(text.indexOf("# TYPE baton_listener_internal_errors_total")
            < text.indexOf("# TYPE baton_backend_current_queue"));
        assertFalse(PrometheusExposition.render(SampleSnapshot.build()).contains("baton_listener_"),
            "no family without listener rows");
        Promtool.check(text);
    }

    @Test
    void noListenerMeansNoRow() {
        final TrafficTotals none = new TrafficTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertEquals(SampleSnapshot.withListeners(none).proxy("fe").listeners().size(), 3);
        assertFalse(StatsPage.render(SampleSnapshot.build(), new StatsPage.Options("/", 0))
            .contains("class=\"socket\""));
    }
}
