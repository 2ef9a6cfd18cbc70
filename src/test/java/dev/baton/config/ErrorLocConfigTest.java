package dev.baton.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code errorloc}, {@code errorloc302}, {@code errorloc303}, {@code errorfiles} and {@code http-errors} sections as
 * HAProxy 2.6's {@code http_htx.c} reads them: the redirect HAProxy builds, the order in which lines replace each
 * other, a section declared after its use, and HAProxy's errors and warnings.
 */
class ErrorLocConfigTest {
    @TempDir
    Path dir;

    private String write(final String name, final String content) throws IOException {
        return ConfigTexts.write(dir, name, content);
    }

    private static String text(final ErrorFile f) {
        return new String(f.response(), StandardCharsets.ISO_8859_1);
    }

    private static final List<String> DEFAULTS = List.of(
        "defaults", "    mode http", "    timeout connect 1s", "    timeout client 1s", "    timeout server 1s");

    @Test
    void errorlocIsARedirectAsHaproxyBuildsIt() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(DEFAULTS,
            "listen l", "    bind 127.0.0.1:1", "    errorloc 503 https://status.example.com/",
            "    errorloc303 403 /denied", "    errorloc302 504 /slow", "    server s 127.0.0.1:1"));
        final HttpOptions h = c.backend("l").http();
        assertEquals("HTTP/1.1 302 Found\r\nCache-Control: no-cache\r\nContent-length: 0\r\n"
            + "Location: https://status.example.com/\r\n\r\n", text(h.errorFile(503)));
        assertEquals("HTTP/1.1 303 See Other\r\nCache-Control: no-cache\r\nContent-length: 0\r\n"
            + "Location: /denied\r\n\r\n", text(h.errorFile(403)));
        assertTrue(text(h.errorFile(504)).startsWith("HTTP/1.1 302 Found\r\n"));
    }

    @Test
    void errorfilesTakesASectionDeclaredAnywhereAndLinesReplaceEachOtherInOrder() throws Exception {
        final String a503 = write("a503", "HTTP/1.1 503 A\r\nContent-Length: 1\r\n\r\na");
        final String a403 = write("a403", "HTTP/1.1 403 A\r\nContent-Length: 1\r\n\r\na");
        final String b503 = write("b503", "HTTP/1.1 503 B\r\nContent-Length: 1\r\n\r\nb");
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(DEFAULTS,
            "listen all", "    bind 127.0.0.1:1", "    errorloc 503 /first", "    errorfiles site",
            "    server s 127.0.0.1:1",
            "listen some", "    bind 127.0.0.1:2", "    errorfiles site 403", "    errorfile 503 " + b503,
            "    server s 127.0.0.1:1",
            "listen after", "    bind 127.0.0.1:3", "    errorfiles site", "    errorloc 503 /last",
            "    server s 127.0.0.1:1",
            "http-errors site", "    errorfile 503 " + a503, "    errorfile 403 " + a403));
        final HttpOptions all = c.backend("all").http();
        assertEquals("HTTP/1.1 503 A", text(all.errorFile(503)).lines().findFirst().orElseThrow(),
            "errorfiles after errorloc replaces it");
        assertEquals("HTTP/1.1 403 A", text(all.errorFile(403)).lines().findFirst().orElseThrow());
        final HttpOptions some = c.backend("some").http();
        assertEquals("HTTP/1.1 503 B", text(some.errorFile(503)).lines().findFirst().orElseThrow());
        assertEquals("HTTP/1.1 403 A", text(some.errorFile(403)).lines().findFirst().orElseThrow());
        assertTrue(text(c.backend("after").http().errorFile(503)).contains("Location: /last"));
    }

    @Test
    void haproxysErrorsAndWarnings() throws Exception {
        final String a503 = write("a503", "HTTP/1.1 503 A\r\nContent-Length: 0\r\n\r\n");
        assertEquals(List.of(
                "t.cfg:7: 'errorloc' expects one of the statuses baton answers itself: 200, 400, 401, 403, 404, 405,"
                    + " 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504, got '302'",
                "t.cfg:8: 'errorloc' expects a status and a URL such as 503 https://status.example.com/",
                "t.cfg:9: proxy 'l': unknown http-errors section 'nope'",
                "t.cfg:12: http-errors section 'e' already exists (declared at t.cfg:10)",
                "t.cfg:13: unknown keyword 'errorloc' in 'http-errors' section"),
            ConfigTexts.errors(ConfigTexts.concat(DEFAULTS,
                "listen l",                           // 6
                "    errorloc 302 /x",                // 7
                "    errorloc 503",                   // 8
                "    errorfiles nope",                // 9
                "http-errors e",                      // 10
                "    errorfile 503 " + a503,          // 11
                "http-errors e",                      // 12
                "    errorloc 503 /x")));             // 13
        final List<String> warnings = ConfigTexts.warnings(ConfigTexts.concat(DEFAULTS,
            "listen l", "    bind 127.0.0.1:1", "    errorfiles e 503 403", "    server s 127.0.0.1:1",
            "http-errors e", "    errorfile 503 " + a503));
        assertEquals(List.of("t.cfg:8: proxy 'l': status '403' not declared in http-errors section 'e'"), warnings);
    }

    @Test
    void monitorLinesAsHaproxyReadsThem() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(DEFAULTS,
            "frontend f", "    bind 127.0.0.1:1", "    monitor-uri /health", "    acl local src 127.0.0.1",
            "    monitor fail unless local", "    default_backend b",
            "backend b", "    server s 127.0.0.1:1"));
        final MonitorConfig m = c.frontends().get(0).http().monitor();
        assertEquals("/health", m.uri());
        assertEquals(1, m.failIf().size());
        assertNull(c.backend("b").http().monitor());
        assertEquals(List.of(
                "t.cfg:7: 'monitor' only supports 'fail'",
                "t.cfg:8: 'monitor fail' requires either 'if' or 'unless' followed by a condition",
                "t.cfg:9: 'monitor-uri' expects an URI such as /health"),
            ConfigTexts.errors(ConfigTexts.concat(DEFAULTS,
                "listen l", "    monitor pass if TRUE", "    monitor fail", "    monitor-uri")));
    }

    @Test
    void statsScopeAndHttpRequestRules() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(DEFAULTS,
            "listen l", "    bind 127.0.0.1:1", "    stats uri /s", "    stats scope .", "    stats scope other",
            "    stats http-request deny unless { src 127.0.0.1 }", "    stats http-request auth realm Ops if TRUE",
            "    stats http-request auth unless TRUE", "    stats http-request allow",
            "    server s 127.0.0.1:1"));
        final StatsPageConfig s = c.backend("l").http().stats();
        assertEquals(List.of(".", "other"), s.scopes());
        assertEquals(List.of(StatsRule.Verdict.DENY, StatsRule.Verdict.AUTH, StatsRule.Verdict.AUTH,
            StatsRule.Verdict.ALLOW), s.rules().stream().map(StatsRule::verdict).toList());
        assertEquals("Ops", s.rules().get(1).realm());
        assertEquals("HAProxy Statistics", s.rules().get(2).realm(), "HAProxy's stats realm when none is given");
        assertTrue(s.inScope("l", "l") && s.inScope("other", "l") && !s.inScope("third", "l"));
        final List<String> errors = ConfigTexts.errors(ConfigTexts.concat(DEFAULTS,
            "listen l",                                               // 6
            "    stats http-request auth realm R",                    // 7
            "    stats http-request auth realm",                      // 8
            "    stats http-request auth R",                          // 9
            "    stats auth admin:pw"));                              // 10
        assertEquals(List.of(
                "t.cfg:7: listen 'l': stats 'auth'/'realm' and 'http-request' can't be used at the same time",
                "t.cfg:8: 'stats http-request auth realm' expects a realm",
                "t.cfg:9: 'stats http-request auth' cannot handle unexpected argument 'R'"),
            errors);
    }
}
