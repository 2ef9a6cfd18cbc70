package dev.baton.config;

import dev.baton.http.rules.HeaderMatchDeleteRule;
import dev.baton.http.rules.HttpRule;
import dev.baton.http.rules.HttpRule.Kind;
import dev.baton.http.rules.ReplaceHeaderRule;
import dev.baton.http.rules.RequestLineRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The rewrite actions as the configuration reads them: their records, their arguments, and what is refused. */
class RewriteRulesConfigTest {
    @Test
    void eachActionBecomesItsRule() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(HttpTexts.inFrontend(
            "    http-request set-method POST if { path_beg /m }",
            "    http-request set-path /x%[path]",
            "    http-request set-pathq /x?%[query]",
            "    http-request set-query a=1",
            "    http-request set-uri /u",
            "    http-request replace-path ^/a/(.*) /\\1",
            "    http-request replace-pathq (.*) \\1",
            "    http-request replace-uri (.*) \\1 unless { path /k }",
            "    http-request replace-header X-A a(.*) b\\1",
            "    http-request replace-value X-A a(.*) b\\1",
            "    http-request del-header x- -m beg",
            "    http-request del-header ^x-[0-9] -m reg",
            "    http-response replace-header Server .* hidden",
            "    http-response del-header -id -m end",
            "    http-request set-log-level silent if { path /health }",
            "    http-response set-log-level err"));
        final List<HttpRule> rules = config.frontends().get(0).http().requestRules();
        assertEquals(List.of(Kind.SET_METHOD, Kind.SET_PATH, Kind.SET_PATHQ, Kind.SET_QUERY, Kind.SET_URI,
            Kind.REPLACE_PATH, Kind.REPLACE_PATHQ, Kind.REPLACE_URI, Kind.REPLACE_HEADER, Kind.REPLACE_VALUE,
            Kind.DEL_HEADER_MATCHING, Kind.DEL_HEADER_MATCHING, Kind.SET_LOG_LEVEL), rules.stream().map(HttpRule::kind).toList());
        assertNull(((RequestLineRule) rules.get(1)).regex());
        assertEquals("^/a/(.*)", ((RequestLineRule) rules.get(5)).regex().toString());
        assertEquals("x-a", ((ReplaceHeaderRule) rules.get(8)).name().toString().toLowerCase(java.util.Locale.ROOT));
        assertEquals(HeaderMatchDeleteRule.Match.REG, ((HeaderMatchDeleteRule) rules.get(11)).match());
        final List<HttpRule> response = config.frontends().get(0).http().responseRules();
        assertEquals(-1, ((dev.baton.http.rules.LogLevelRule) rules.get(12)).level());
        assertEquals(List.of(Kind.REPLACE_HEADER, Kind.DEL_HEADER_MATCHING, Kind.SET_LOG_LEVEL),
            response.stream().map(HttpRule::kind).toList());
    }

    /** HAProxy 2.6 takes any text as del-header's name; one no header can have deletes nothing: baton says so. */
    @Test
    void aDelHeaderNameNoHeaderHasIsAWarning() throws ConfigException {
        final List<String> warnings = ConfigTexts.warnings(HttpTexts.inFrontend(
            "    http-response del-header ^Server:.*$"));
        assertEquals(List.of("t.cfg:6: 'http-response del-header ^Server:.*$' deletes nothing: no header name has "
            + "these characters (HAProxy 2.6 takes it as a name too); to delete by pattern add '-m reg'"),
            warnings.stream().filter(w -> w.contains("del-header")).toList());
    }

    @Test
    void refusedLines() {
        assertEquals(List.of(
            "t.cfg:6: 'http-request set-path' expects a format",
            "t.cfg:7: 'http-request set-path' cannot handle unexpected argument 'extra'",
            "t.cfg:8: 'http-request replace-path' expects a regex and a format",
            "t.cfg:9: 'http-request replace-uri': error in regex '(' : Unclosed group",
            "t.cfg:10: 'http-request replace-header' expects a header name, a regex and a format",
            "t.cfg:11: 'http-request del-header' expects a header name such as X-Forwarded-For",
            "t.cfg:12: '-m' expects str, beg, end, sub or reg, got 'dom'",
            "t.cfg:13: 'http-request del-header -m reg': error in regex '[' : Unclosed character class",
            "t.cfg:14: 'http-response set-path': HAProxy has this action on requests only; write 'http-request "
                + "set-path'",
            "t.cfg:15: 'http-request set-query': failed to parse sample expression <nope> : unknown fetch method "
                + "'nope'",
            "t.cfg:16: 'http-request set-log-level' expects a log level (emerg, alert, crit, err, warning, notice, "
                + "info, debug) or silent, got 'loud'",
            "t.cfg:17: 'http-response set-log-level' expects a log level (emerg, alert, crit, err, warning, notice, "
                + "info, debug) or silent"),
            ConfigTexts.errors(HttpTexts.inFrontend(
                "    http-request set-path",                 // 6
                "    http-request set-path /x extra",        // 7
                "    http-request replace-path ^/a",         // 8
                "    http-request replace-uri ( x",          // 9
                "    http-request replace-header X-A a",     // 10
                "    http-request del-header",               // 11
                "    http-request del-header x -m dom",      // 12
                "    http-request del-header [ -m reg",      // 13
                "    http-response set-path /x",             // 14
                "    http-request set-query %[nope]",        // 15
                "    http-request set-log-level loud",       // 16
                "    http-response set-log-level")));        // 17
    }
}
