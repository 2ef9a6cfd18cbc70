package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The health-check keywords: {@code check}, {@code inter}..., {@code timeout check}. */
class HealthCheckConfigTest {
    private static List<ServerConfig> servers(final String... backendLines) throws ConfigException {
        return backend(backendLines).servers();
    }

    private static ProxyConfig backend(final String... backendLines) throws ConfigException {
        return ConfigTexts.parse(ConfigTexts.concat(List.of("backend b", "timeout connect 1s", "timeout server 1s"),
            backendLines)).proxies().get(0);
    }

    @Test
    void defaultsAreHaproxys() throws ConfigException {
        final CheckOptions c = servers("server s 127.0.0.1:80 check").get(0).check();
        assertEquals(new CheckOptions(true, 2000, 0, 0, 2, 3, 0, null), c);
        assertEquals(2000, c.effectiveFastinterMs(), "fastinter defaults to inter");
        assertEquals(2000, c.effectiveDowninterMs(), "downinter defaults to inter");
        assertEquals(CheckOptions.DEFAULT, servers("server s 127.0.0.1:80").get(0).check(), "no check by default");
    }

    @Test
    void everyKeywordAndDefaultServerInheritance() throws ConfigException {
        final List<ServerConfig> s = servers(
            "default-server check inter 3s fastinter 500 downinter 10s rise 4 fall 5",
            "server a 127.0.0.1:80",
            "server b 127.0.0.1:81 no-check",
            "server c 127.0.0.1:82 port 8080 addr 10.0.0.9 inter 1s");
        assertEquals(new CheckOptions(true, 3000, 500, 10000, 4, 5, 0, null), s.get(0).check());
        assertEquals(false, s.get(1).check().enabled());
        assertEquals(new CheckOptions(true, 1000, 500, 10000, 4, 5, 8080, "10.0.0.9"), s.get(2).check());
    }

    @Test
    void timeoutCheckBoundsTheConnectAsTheManualSays() throws ConfigException {
        final Timeouts withCheck = backend("timeout check 300ms", "server s 127.0.0.1:80 check").timeouts();
        assertEquals(300, withCheck.checkMs());
        assertEquals(1000, withCheck.checkConnectMs(2000), "min(timeout connect, inter)");
        assertEquals(500, withCheck.checkConnectMs(500), "min(timeout connect, inter)");
        final Timeouts without = backend("server s 127.0.0.1:80 check").timeouts();
        assertEquals(2000, without.checkConnectMs(2000), "inter alone without timeout check");
        assertEquals(2000, Timeouts.NONE.withCheckMs(300).checkConnectMs(2000), "no timeout connect: inter");
    }

    @Test
    void badValues() {
        assertEquals(List.of(
            "t.cfg:4: 'inter' expects a positive delay such as 2s, got '0'",
            "t.cfg:5: 'fastinter' expects a time such as 30s, got 'soon'",
            "t.cfg:6: 'rise' expects a positive integer, got '0'",
            "t.cfg:7: 'fall' expects a positive integer",
            "t.cfg:8: 'port' expects an integer between 1 and 65535, got '70000'",
            "t.cfg:9: 'addr' expects an IPv4 or IPv6 address or a host name, got 'a b'",
            "t.cfg:10: 'timeout check' expects a time such as 30s, got 'x'"),
            ConfigTexts.errors(ConfigTexts.concat(List.of("backend b", "timeout connect 1s", "timeout server 1s"),
                "server s1 127.0.0.1:80 check inter 0",
                "server s2 127.0.0.1:80 check fastinter soon",
                "server s3 127.0.0.1:80 rise 0",
                "server s4 127.0.0.1:80 fall",
                "server s5 127.0.0.1:80 port 70000",
                "server s6 127.0.0.1:80 addr 'a b'",
                "timeout check x")));
    }

    @Test
    void otherCheckKindsStayNotImplemented() {
        assertEquals(List.of(
            "t.cfg:5: 'tcp-check set-var' is a HAProxy keyword that baton does not implement yet (check variables);"
                + " send and expect literal strings instead",
            "t.cfg:6: server s1 does not have agent port. Agent check has been disabled."),
            ConfigTexts.errors(ConfigTexts.concat(List.of("backend b", "timeout connect 1s", "timeout server 1s"),
                "option tcp-check",
                "tcp-check set-var(check.x) str(y)",
                "server s1 127.0.0.1:80 check agent-check")));
    }

    /** The bytes of the first send rule of the backend's checks. */
    private static String request(final String... backendLines) throws ConfigException {
        for (final CheckRule r : backend(backendLines).checks().rules()) {
            if (r instanceof CheckRule.Send s) {
                return new String(s.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
        throw new AssertionError("no send rule");
    }

    /** The HTTP expectation of the last rule. */
    private static HttpCheckConfig.Expect lastExpect(final String... backendLines) throws ConfigException {
        final List<CheckRule> rules = backend(backendLines).checks().rules();
        return ((CheckRule.Expect) rules.get(rules.size() - 1)).http();
    }

    @Test
    void optionHttpchkFormsSendHaproxysRequest() throws ConfigException {
        // each request as HAProxy 2.6 sent it to a capturing server, same lines
        assertEquals("OPTIONS / HTTP/1.0\r\n\r\n", request("option httpchk"));
        assertEquals("OPTIONS /ping HTTP/1.0\r\n\r\n", request("option httpchk /ping"));
        assertEquals("GET /h HTTP/1.0\r\n\r\n", request("option httpchk GET /h"));
        assertEquals("GET /h HTTP/1.1\r\nconnection: close\r\n\r\n", request("option httpchk GET /h HTTP/1.1"));
        assertEquals("GET /health HTTP/1.1\r\nhost: www.example.com\r\nconnection: close\r\n\r\n",
            request("option httpchk GET /health HTTP/1.1\\r\\nHost:\\ www.example.com"));
        assertEquals("GET /x HTTP/1.1\r\nhost: foo\r\nx-a: b\r\ncontent-length: 5\r\nconnection: close\r\n\r\nhello",
            request("http-check send meth GET uri /x ver HTTP/1.1 hdr Host foo hdr X-A b body hello",
                "option httpchk"));
        assertEquals(null, backend("server s 127.0.0.1:80 check").checks(), "Layer 4 without a check option");
    }

    @Test
    void httpCheckExpectForms() throws ConfigException {
        final HttpCheckConfig.Expect range = lastExpect("option httpchk", "http-check expect status 200,201-299");
        assertEquals(true, range.matchesStatus(200));
        assertEquals(true, range.matchesStatus(250));
        assertEquals(false, range.matchesStatus(302));
        final HttpCheckConfig.Expect not = lastExpect("option httpchk", "http-check expect ! status 503");
        assertEquals(true, not.negated());
        assertEquals(true, not.matchesStatus(503));
        assertEquals(true, lastExpect("option httpchk", "http-check expect rstatus ^2").matchesStatus(204));
        assertEquals(true, lastExpect("option httpchk", "http-check expect rstring go+d").matchesBody("all good"));
        final CheckRuleset c = backend("option httpchk", "http-check disable-on-404", "http-check comment hi",
            "http-check expect string ok").checks();
        assertEquals(true, c.disableOn404());
        final CheckRule.Expect e = (CheckRule.Expect) c.rules().get(2);
        assertEquals(HttpCheckConfig.ExpectKind.STRING, e.http().kind());
        assertEquals("hi", e.comment(), "the comment line goes to the rule after it");
        assertEquals(null, lastExpect("option httpchk"), "the implicit expect after a final send: 2xx or 3xx");
    }

    @Test
    void httpCheckRefusals() {
        assertEquals(List.of(
            "t.cfg:6: 'http-check expect status' expects status codes or ranges such as 200,301-303, got '2x'",
            "t.cfg:7: 'http-check expect' : unable to add http-check expect rule at step 2 (missing send rule)..",
            "t.cfg:8: negation/default is not supported for option 'httpchk'."),
            ConfigTexts.errors(ConfigTexts.concat(List.of("backend b", "timeout connect 1s", "timeout server 1s"),
                "option httpchk",
                "http-check connect",
                "http-check expect status 2x",
                "http-check expect status 200",
                "no option httpchk")));
    }

    @Test
    void httpCheckRulesWithoutOptionHttpchkAreIgnoredWithHaproxysWarning() throws ConfigException {
        final List<String> warnings = ConfigTexts.warnings(ConfigTexts.concat(
            List.of("backend b", "timeout connect 1s", "timeout server 1s"),
            "http-check expect status 200", "server s 127.0.0.1:80 check"));
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals(true, warnings.get(0).endsWith(
            "backend 'b' uses http-check rules without 'option httpchk', so the rules are ignored."), warnings.get(0));
    }
}
