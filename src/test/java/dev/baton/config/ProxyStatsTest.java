package dev.baton.config;

import dev.baton.http.rules.FakeRequest;
import dev.baton.http.rules.HttpRule;
import dev.baton.http.rules.ServiceRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code stats} lines of proxies and {@code http-request use-service prometheus-exporter}. */
class ProxyStatsTest {
    @Test
    void enableAloneGivesHaproxyDefaults() throws ConfigException {
        final StatsPageConfig s = HttpTexts.http(ConfigTexts.parse(HttpTexts.inFrontend("    stats enable")), "f")
            .stats();
        assertEquals(new StatsPageConfig("/haproxy?stats", 0, List.of(), null), s);
        assertNull(HttpTexts.http(HttpTexts.parse(), "f").stats(), "off unless written");
    }

    @Test
    void uriRefreshAuthAndAdmin() throws ConfigException {
        final StatsPageConfig s = HttpTexts.http(ConfigTexts.parse(HttpTexts.inFrontend(
            "    acl local src 127.0.0.1",
            "    stats uri /stats",
            "    stats refresh 10",
            "    stats auth admin:secret",
            "    stats auth ops:pa:ss",
            "    stats admin if local")), "f").stats();
        assertEquals("/stats", s.uri());
        assertEquals(10, s.refreshSeconds());
        assertEquals(List.of("admin:secret", "ops:pa:ss"), s.credentials());
        assertTrue(s.admin().test(FakeRequest.of("GET / HTTP/1.1").from("127.0.0.1")));
        assertFalse(s.admin().test(FakeRequest.of("GET / HTTP/1.1").from("192.0.2.1")));
    }

    @Test
    void refreshUnitsAndInheritanceFromDefaults() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(
            "defaults",
            "    mode http",
            "    stats uri /s",
            "    stats refresh 1500ms",
            "listen l",
            "    bind :80",
            "    server s 127.0.0.1:1");
        assertEquals(new StatsPageConfig("/s", 2, List.of(), null), HttpTexts.http(c, "l").stats());
    }

    @Test
    void errors() {
        assertEquals(List.of(
            "t.cfg:13: 'stats' expects " + ProxyStatsParser.EXPECTED,
            "t.cfg:14: 'stats' expects " + ProxyStatsParser.EXPECTED + ", got 'enabel'",
            "t.cfg:15: 'stats uri' expects a URI prefix such as /stats",
            "t.cfg:16: 'stats uri' cannot handle unexpected argument 'x'",
            "t.cfg:17: 'stats refresh' expects a time such as 30s, got 'soon'",
            "t.cfg:18: 'stats auth' expects a USER:PASSWORD account, got 'admin'",
            "t.cfg:19: 'stats auth' expects a USER:PASSWORD account, got ':pw'",
            "t.cfg:20: 'stats admin' requires 'if' or 'unless' followed by a condition",
            "t.cfg:21: 'stats show-modules' cannot handle unexpected argument 'now'",
            "t.cfg:22: 'stats socket' is not allowed in a 'frontend' section",
            "t.cfg:23: 'stats enable' cannot handle unexpected argument 'now'",
            "t.cfg:25: 'stats admin' is not allowed in a 'defaults' section",
            "t.cfg:27: 'http-request use-service' expects a service name: prometheus-exporter, got 'lua.hello'",
            "t.cfg:28: 'http-request use-service' expects a service name: prometheus-exporter",
            "t.cfg:29: 'http-request use-service' cannot handle unexpected argument 'now'"),
            HttpTexts.errors(
                "frontend g",                                           // 12 (no bind, no backend: ignored)
                "    stats",
                "    stats enabel",
                "    stats uri",
                "    stats uri /a x",
                "    stats refresh soon",
                "    stats auth admin",
                "    stats auth :pw",
                "    stats admin",
                "    stats show-modules now",                           // 21
                "    stats socket /tmp/s",
                "    stats enable now",
                "defaults",
                "    stats admin if TRUE",
                "frontend h",                                           // 26, rules from 27
                "    http-request use-service lua.hello",
                "    http-request use-service",
                "    http-request use-service prometheus-exporter now")
                .stream().filter(e -> !e.contains(" has no ")).toList());

    }

    @Test
    void realmHideVersionNodeDescAndLegendsEachTurnThePageOnAndAreInherited() throws ConfigException {
        for (final String line : List.of("stats realm R", "stats hide-version", "stats show-node",
            "stats show-desc", "stats show-legends", "stats show-modules")) {
            assertEquals("/haproxy?stats", HttpTexts.http(ConfigTexts.parse(HttpTexts.inFrontend("    " + line)), "f")
                .stats().uri(), line + " alone enables the page, as HAProxy");
        }
        final BatonConfig c = ConfigTexts.parse(
            "defaults",
            "    mode http",
            "    stats realm Ops\\ only",
            "    stats hide-version",
            "    stats show-node n-1.eu",
            "    stats show-desc Shared   by two",
            "    stats show-legends",
            "    stats show-modules",
            "listen l",
            "    bind :80",
            "    server s 127.0.0.1:1",
            "listen m",
            "    bind :81",
            "    stats show-node",
            "    stats show-desc",
            "    server s 127.0.0.1:1");
        assertEquals(new StatsPageConfig(StatsPageConfig.DEFAULT_URI, 0, List.of(), null, "Ops only", true, "n-1.eu",
            "Shared by two", true, List.of(), List.of(), true), HttpTexts.http(c, "l").stats());
        final StatsPageConfig m = HttpTexts.http(c, "m").stats();
        assertEquals(StatsPageConfig.GLOBAL, m.showNode(), "the global node, resolved when served");
        assertEquals(StatsPageConfig.GLOBAL, m.showDesc());
        assertEquals("Ops only", m.realm());
    }

    @Test
    void globalNodeAndDescription() throws ConfigException {
        final GlobalConfig g = ConfigTexts.parse("global", "    node web-1.dc_2", "    description Main  LB",
            "defaults", "    mode http", "listen l", "    bind :80", "    server s 127.0.0.1:1").global();
        assertEquals("web-1.dc_2", g.node());
        assertEquals("Main LB", g.description());
        assertEquals(null, ConfigTexts.parse("listen l", "    bind :80", "    server s 127.0.0.1:1").global().node());
    }

    @Test
    void nodeNamesAreCheckedAsHaproxyChecksThem() {
        final String expected = GlobalSectionParser.EXPECTED_NODE;
        assertEquals(List.of(
            "t.cfg:2: 'node' expects " + expected + ", got 'a/b'",
            "t.cfg:3: 'node' expects " + expected,
            "t.cfg:4: 'description' expects a text",
            "t.cfg:8: 'stats show-node' expects " + expected + ", got 'x:y'",
            "t.cfg:9: 'stats realm' expects " + ProxyStatsParser.EXPECTED_REALM,
            "t.cfg:10: 'stats hide-version' cannot handle unexpected argument 'now'"),
            ConfigTexts.errors(
                "global",
                "    node a/b",
                "    node",
                "    description",
                "defaults",
                "    mode http",
                "frontend g",
                "    stats show-node x:y",
                "    stats realm",
                "    stats hide-version now")
                .stream().filter(e -> !e.contains(" has no ")).toList());
    }

    @Test
    void statsInTcpModeIsIgnoredWithHaproxysWarning() throws ConfigException {
        final List<String> warnings = ConfigTexts.warnings(
            "frontend t",
            "    bind :81",
            "    stats enable",
            "    stats uri /x",
            "    default_backend b",
            "backend b",
            "    server s 127.0.0.1:1");
        assertEquals(List.of("t.cfg:3: 'stats' ignored for frontend 't' as it requires HTTP mode"),
            warnings.stream().filter(w -> w.contains("stats")).toList(), "one warning for the section");
    }

    @Test
    void useServicePrometheusExporter() throws ConfigException {
        final List<HttpRule> rules = ConfigTexts.parse(HttpTexts.inFrontend(
            "    http-request use-service prometheus-exporter if { path /metrics }")).frontends().get(0).http()
            .requestRules();
        assertEquals(1, rules.size());
        final ServiceRule r = (ServiceRule) rules.get(0);
        assertEquals(ServiceRule.Service.PROMETHEUS_EXPORTER, r.service());
        assertTrue(r.kind().isFinal());
        assertTrue(r.condition().test(FakeRequest.of("GET /metrics HTTP/1.1").from("192.0.2.1")));
        assertFalse(r.condition().test(FakeRequest.of("GET /other HTTP/1.1").from("192.0.2.1")));
    }
}
