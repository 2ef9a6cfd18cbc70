package dev.baton.stats.http;

import dev.baton.stats.render.Promtool;
import dev.baton.stats.render.StatsPage;
import dev.baton.stats.render.PrometheusExposition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stats page ({@code stats uri}) and the Prometheus exporter ({@code use-service prometheus-exporter})
 * served by a running baton over real sockets: no server is contacted, the connection stays usable.
 */
class StatsOverHttpTest {
    @Test
    void pageListsEveryServerAndKeepsTheConnection() throws Exception {
        try (StatsRig rig = new StatsRig(); HttpClient c = HttpClient.open(rig.port)) {
            final HttpClient.Response page = c.get("/stats");
            assertEquals(200, page.status());
            assertEquals(StatsPage.HTML_TYPE, page.header("Content-Type"));
            assertEquals("no-cache", page.header("Cache-Control"));
            assertEquals("5", page.header("Refresh"));
            assertTrue(page.body().contains("<meta http-equiv=\"refresh\" content=\"5\"/>"));
            assertTrue(page.body().length() > 16 * 1024, "larger than one buffer: " + page.body().length());
            for (final String name : rig.serverNames) {
                assertTrue(page.body().contains("<td class=\"ac\">" + name + "</td>"), name + " has a row");
            }
            // the same connection goes on: the page again without refresh, then a proxied request
            final HttpClient.Response norefresh = c.get("/stats;norefresh");
            assertEquals(200, norefresh.status());
            assertNull(norefresh.header("Refresh"));
            assertFalse(norefresh.body().contains("http-equiv=\"refresh\""));
            assertEquals(0, rig.live.requestsReceived(), "no server contacted for the page");
            final HttpClient.Response proxied = c.get("/hello");
            assertEquals(200, proxied.status(), proxied.body());
            assertEquals(1, rig.live.requestsReceived());
            final HttpClient.Response again = c.get("/stats?x");
            assertEquals(200, again.status(), "prefix match, as HAProxy");
        }
    }

    @Test
    void csvHasTheColumnsAndRowsOfShowStat() throws Exception {
        try (StatsRig rig = new StatsRig(); HttpClient c = HttpClient.open(rig.port)) {
            final HttpClient.Response csv = c.get("/stats;csv");
            assertEquals(200, csv.status());
            assertEquals(StatsPage.CSV_TYPE, csv.header("Content-Type"));
            assertEquals("no-cache", csv.header("Cache-Control"));
            assertNull(csv.header("Refresh"));
            final String showStat = rig.cli("show stat");
            final List<String> http = csv.body().lines().toList();
            final List<String> cli = showStat.lines().toList();
            assertEquals(cli.get(0), http.get(0), "same header");
            assertEquals(keys(cli), keys(http), "same rows (pxname,svname) in the same order");
            final int columns = cli.get(0).split(",", -1).length;
            for (final String row : http.subList(1, http.size())) {
                assertEquals(columns, row.split(",", -1).length, row);
            }
        }
    }

    private static List<String> keys(final List<String> lines) {
        final List<String> out = new ArrayList<>();
        for (final String l : lines.subList(1, lines.size())) {
            final String[] f = l.split(",", 3);
            out.add(f[0] + "," + f[1]);
        }
        return out;
    }

    @Test
    void authAsksForBasicCredentials() throws Exception {
        try (StatsRig rig = new StatsRig("    stats auth admin:s3cret", "    stats auth ops:other");
             HttpClient c = HttpClient.open(rig.port)) {
            final HttpClient.Response denied = c.get("/stats");
            assertEquals(401, denied.status());
            assertEquals("Basic realm=\"HAProxy Statistics\"", denied.header("WWW-Authenticate"));
            assertEquals("no-cache", denied.header("Cache-Control"));
            final HttpClient.Response wrong = c.get("/stats", "Authorization: Basic " + b64("admin:nope"));
            assertEquals(401, wrong.status());
            final HttpClient.Response ok = c.get("/stats", "Authorization: Basic " + b64("admin:s3cret"));
            assertEquals(200, ok.status());
            assertTrue(ok.body().contains("web0"));
            final HttpClient.Response ops = c.get("/stats;csv", "Authorization: basic " + b64("ops:other"));
            assertEquals(200, ops.status());
            final HttpClient.Response metrics = c.get("/metrics");
            assertEquals(200, metrics.status(), "the exporter is not behind stats auth");
        }
    }

    private static String b64(final String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void metricsPassPromtoolAndKeepTheConnection() throws Exception {
        try (StatsRig rig = new StatsRig(); HttpClient c = HttpClient.open(rig.port)) {
            final HttpClient.Response m = c.get("/metrics");
            assertEquals(200, m.status());
            assertEquals(PrometheusExposition.CONTENT_TYPE, m.header("Content-Type"));
            assertTrue(m.body().contains("baton_server_status{proxy=\"app\",server=\"web39\""), "every server");
            assertEquals(0, rig.live.requestsReceived(), "no server contacted");
            Promtool.check(m.body());
            assertEquals(200, c.get("/metrics").status(), "keep-alive after the exposition");
            assertEquals(200, c.get("/x").status());
        }
    }

    @Test
    void connectionCloseIsHonouredAfterThePage() throws Exception {
        try (StatsRig rig = new StatsRig(); HttpClient c = HttpClient.open(rig.port)) {
            final HttpClient.Response page = c.get("/stats", "Connection: close");
            assertEquals(200, page.status());
            assertEquals("close", page.header("Connection"));
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void showInfoCountsEveryHttpRequestProxiedOrAnsweredLocally() throws Exception {
        try (StatsRig rig = new StatsRig(); HttpClient c = HttpClient.open(rig.port)) {
            assertEquals("CumReq: 0", cumReq(rig));
            for (int i = 0; i < 3; i++) {
                assertEquals(200, c.get("/x").status());
            }
            assertEquals(200, c.get("/stats").status());
            assertEquals(200, c.get("/metrics").status());
            assertEquals(3, rig.live.requestsReceived());
            assertEquals("CumReq: 5", cumReq(rig), "three proxied, the page and the exposition");
        }
    }

    private static String cumReq(final StatsRig rig) throws Exception {
        return rig.cli("show info").lines().filter(l -> l.startsWith("CumReq: ")).findFirst().orElse("absent");
    }
}
