package dev.baton.config;

import dev.baton.config.TcpRule.Action;
import dev.baton.http.rules.Condition;
import dev.baton.support.HeldBytes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tcp-request} and {@code tcp-response} lines: what they build, and what baton refuses, with why. */
class TcpRulesConfigTest {
    private static final List<String> HEAD = List.of(
        "defaults",                             // 1
        "    mode tcp",                         // 2
        "    timeout connect 1s",               // 3
        "    timeout client 1s",                // 4
        "    timeout server 1s",                // 5
        "    tcp-request inspect-delay 3s",     // 6
        "backend b",                            // 7
        "    server s 127.0.0.1:9");            // 8

    private static BatonConfig parse(final String... lines) throws ConfigException {
        return ConfigTexts.parse(ConfigTexts.concat(HEAD, lines));
    }

    private static List<String> errors(final String... lines) {
        return ConfigTexts.errors(ConfigTexts.concat(HEAD, lines));
    }

    private static TcpRules rulesOf(final BatonConfig c, final String frontend) {
        return c.frontends().stream().filter(p -> p.name().equals(frontend)).findFirst().orElseThrow().extras()
            .tcpRules();
    }

    @Test
    void rulesAreKeptInOrderWithTheirSetAndTheInheritedDelay() throws ConfigException {
        final TcpRules r = rulesOf(parse(
            "frontend f",
            "    bind 127.0.0.1:1",
            "    tcp-request connection reject if { src 10.0.0.0/8 }",
            "    tcp-request connection accept",
            "    tcp-request session reject unless { src 127.0.0.1 }",
            "    tcp-request content accept if { req.ssl_hello_type 1 }",
            "    tcp-request content reject if { req.len gt 100 } || RDP_COOKIE",
            "    use_backend %[req.ssl_sni,lower] if { req.ssl_sni -m found }",
            "    default_backend b"), "f");
        assertEquals(3000, r.inspectDelayMs(), "from defaults");
        assertEquals(List.of(Action.REJECT, Action.ACCEPT), r.connection().stream().map(TcpRule::action).toList());
        assertEquals(List.of(Action.REJECT), r.session().stream().map(TcpRule::action).toList());
        assertEquals(List.of(Action.ACCEPT, Action.REJECT), r.content().stream().map(TcpRule::action).toList());
        assertEquals("if { req.len gt 100 } || RDP_COOKIE", r.content().get(1).condition().toString());
        assertTrue(r.inspectsContent());
    }

    @Test
    void backendsKeepTheirContentRulesAndTheirOwnDelay() throws ConfigException {
        final TcpRules r = parse(
            "backend c",
            "    tcp-request inspect-delay 2s",
            "    stick-table type ip size 10 store gpc0",
            "    tcp-request content track-sc1 src",
            "    tcp-request content set-var(txn.x) src",
            "    tcp-request content reject if { req.payload(0,3) -m str BAD }",
            "    tcp-request content accept if { req.len ge 4 }",
            "    server s 127.0.0.1:9").proxies().stream().filter(p -> p.name().equals("c")).findFirst().orElseThrow()
            .extras().tcpRules();
        assertEquals(2000, r.inspectDelayMs());
        assertEquals(List.of(Action.STICK, Action.EFFECT, Action.REJECT, Action.ACCEPT),
            r.content().stream().map(TcpRule::action).toList());
        assertTrue(r.inspectsContent());
    }

    @Test
    void addressVariableAndCaptureActionsActAndGoOn() throws ConfigException {
        final BatonConfig c = parse(
            "frontend f",
            "    bind 127.0.0.1:1",
            "    tcp-request connection set-src ipv4(10.0.0.1)",
            "    tcp-request connection set-var(sess.a) src if { src 127.0.0.1 }",
            "    tcp-request session set-dst-port int(80)",
            "    tcp-request session unset-var(sess.a)",
            "    tcp-request content set-var-fmt(txn.b,ifnotset) \"%[src]\"",
            "    tcp-request content capture req.payload(0,4) len 4",
            "    tcp-request content set-src-port int(1) unless { src 10.0.0.1 }",
            "    tcp-request content accept",
            "    default_backend b");
        final TcpRules r = rulesOf(c, "f");
        assertEquals(List.of(Action.EFFECT, Action.EFFECT), r.connection().stream().map(TcpRule::action).toList());
        assertEquals(List.of(Action.EFFECT, Action.EFFECT), r.session().stream().map(TcpRule::action).toList());
        assertEquals(List.of(Action.EFFECT, Action.EFFECT, Action.EFFECT, Action.ACCEPT),
            r.content().stream().map(TcpRule::action).toList());
        assertEquals(dev.baton.http.rules.HttpRule.Kind.SET_SRC, r.connection().get(0).effect().kind());
        assertEquals("if { src 127.0.0.1 }", r.connection().get(1).condition().toString());
        assertEquals(dev.baton.http.rules.HttpRule.Kind.CAPTURE, r.content().get(1).effect().kind());
        assertEquals("unless { src 10.0.0.1 }", r.content().get(2).condition().toString());
    }

    @Test
    void effectActionsAreRefusedWhereHaproxyRefusesThem() {
        assertEquals(List.of(
            "t.cfg:9: 'tcp-request content capture' : proxy 'b' has no frontend capability",
            "t.cfg:13: 'tcp-request content capture' : a positive 'len' argument is mandatory",
            "t.cfg:14: 'tcp-request content capture' : length must be > 0",
            "t.cfg:15: 'tcp-request session set-var(x)': invalid variable name 'x'. A variable name must be start by "
                + "its scope. The scope can be 'proc', 'sess', 'txn', 'req', 'res' or 'check'",
            "t.cfg:16: 'tcp-request connection set-dst' expects a sample expression before the condition",
            "t.cfg:18: 'tcp-response content set-var': variables are not set by tcp-response rules yet; set it in a "
                + "tcp-request or http-response rule"),
            errors(
                "    tcp-request content capture src len 4",                // 9 (in backend b2)
                "frontend f",                                               // 10
                "    bind 127.0.0.1:1",                                     // 11
                "    default_backend b",                                    // 12
                "    tcp-request content capture src",                      // 13
                "    tcp-request content capture src len 0",                // 14
                "    tcp-request session set-var(x) src",                   // 15
                "    tcp-request connection set-dst if { src 1.2.3.4 }",    // 16
                "backend b3",                                               // 17
                "    tcp-response content set-var(txn.x) str(a)",           // 18
                "    server s 127.0.0.1:9"));
    }

    @Test
    void normalizeUriIsExperimentalAsInHaproxy() {
        assertEquals(List.of(
            "t.cfg:12: 'normalize-uri' action is experimental, must be allowed via a global "
                + "'expose-experimental-directives'"),
            ConfigTexts.errors(
                "defaults",                                                  // 1
                "    mode http",                                             // 2
                "    timeout connect 1s",                                    // 3
                "    timeout client 1s",                                     // 4
                "    timeout server 1s",                                     // 5
                "backend b",                                                 // 6
                "    server s 127.0.0.1:9",                                  // 7
                "frontend f",                                                // 8
                "    bind 127.0.0.1:1",                                      // 9
                "    http-request early-hint link </a.css> if { path / }",   // 10
                "    default_backend b",                                     // 11
                "    http-request normalize-uri path-merge-slashes"));       // 12
        assertEquals(List.of(
            "t.cfg:11: 'http-request normalize-uri': unknown argument 'strict' for 'path-strip-dotdot' normalizer",
            "t.cfg:12: 'http-request normalize-uri': unknown normalizer 'lower'; expected fragment-encode, "
                + "fragment-strip, path-merge-slashes, path-strip-dot, path-strip-dotdot, percent-decode-unreserved, "
                + "percent-to-uppercase, query-sort-by-name",
            "t.cfg:13: 'http-request set-src' expects a sample expression before the condition"),
            ConfigTexts.errors(
                "global",                                                    // 1
                "    expose-experimental-directives",                        // 2
                "defaults",                                                  // 3
                "    mode http",                                             // 4
                "    timeout connect 1s",                                    // 5
                "    timeout client 1s",                                     // 6
                "    timeout server 1s",                                     // 7
                "frontend f",                                                // 8
                "    bind 127.0.0.1:1",                                      // 9
                "    http-request normalize-uri percent-to-uppercase strict if { path / }", // 10
                "    http-request normalize-uri path-strip-dotdot strict",   // 11
                "    http-request normalize-uri lower",                      // 12
                "    http-request set-src if { path / }",                    // 13
                "    http-request set-dst-port int(1) if { path / }"));
    }

    @Test
    void responseRulesBelongToBackends() throws ConfigException {
        final BatonConfig c = parse(
            "backend r",
            "    tcp-response inspect-delay 2s",
            "    tcp-response content accept if { res.len gt 10 }",
            "    tcp-response content reject if { res.payload(0,4) -m str QUIT }",
            "    server s 127.0.0.1:9");
        final TcpRules r = c.backend("r").extras().tcpRules();
        assertEquals(2000, r.responseInspectDelayMs());
        assertEquals(List.of(Action.ACCEPT, Action.REJECT), r.responseContent().stream().map(TcpRule::action).toList());
    }

    @Test
    void actionsBatonCannotRunAreRefusedWithTheReason() {
        assertEquals(List.of(
            "t.cfg:11: 'capture' is not allowed in 'tcp-request connection' rules (only in 'tcp-request content')",
            "t.cfg:12: 'tcp-request content set-src' expects a sample expression",
            "t.cfg:13: 'tcp-request content set-nice' cannot be honoured: baton serves a reactor's requests in the "
                + "order their bytes arrive and has no per-request priority to change; use 'http-request "
                + "set-priority-class' to order requests waiting in a queue",
            "t.cfg:14: 'expect-proxy layer4' is not allowed in 'tcp-request session' rules in frontend 'f'",
            "t.cfg:15: 'tcp-request content lua.pick' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:16: unknown 'tcp-request content' action 'rejet'; did you mean 'reject'?",
            "t.cfg:17: 'tcp-request' expects 'inspect-delay', 'connection', 'session' or 'content', got 'contents'",
            "t.cfg:18: 'tcp-response' is not allowed in a 'frontend' section",
            "t.cfg:19: 'tcp-request content switch-mode' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:20: 'tcp-request content accept' cannot handle unexpected argument 'when'"),
            errors(
                "frontend f",                                               // 9
                "    bind 127.0.0.1:1",                                     // 10
                "    tcp-request connection capture src len 10",            // 11
                "    tcp-request content set-src",                          // 12
                "    tcp-request content set-nice 5",                        // 13
                "    tcp-request session expect-proxy layer4",              // 14: connection rules only
                "    tcp-request content lua.pick",                         // 15
                "    tcp-request content rejet",                            // 16
                "    tcp-request contents accept",                          // 17
                "    tcp-response content accept",                          // 18
                "    tcp-request content switch-mode http",                 // 19
                "    tcp-request content accept when x",                    // 20
                "    default_backend b"));
    }

    @Test
    void rulesInDefaultsWaitForLater() {
        assertEquals(List.of(
            "t.cfg:10: 'tcp-request content' in a 'defaults' section is not implemented yet; write the rules in each"
                + " proxy",
            "t.cfg:12: 'tcp-request connection' is not allowed in a 'backend' section (it acts on accepted connections;"
                + " write it in the frontend)"),
            errors(
                "defaults",                                                 // 9
                "    tcp-request content accept",                           // 10
                "backend c",                                                // 11
                "    tcp-request connection accept",                        // 12
                "    tcp-request content reject if { req.len gt 0 }",       // 13
                "    server s 127.0.0.1:9"));
    }

    @Test
    void sslVersionPatternsAreDottedVersions() throws Exception {
        final TcpRules r = rulesOf(parse(
            "frontend f",
            "    bind 127.0.0.1:1",
            "    tcp-request content reject if { req_ssl_ver lt 3.3 }",
            "    tcp-request content accept if { req.ssl_ver 3.1:3.3 } { req.ssl_ver 3.3 }",
            "    default_backend b"), "f");
        final HeldBytes hello = new HeldBytes(HeldBytes.clientHello("a.example.com"));
        assertEquals(Condition.FAIL, r.content().get(0).condition().decide(hello), "TLS 1.2 is 3.3, not below");
        assertEquals(Condition.PASS, r.content().get(1).condition().decide(hello));
        assertEquals(List.of("t.cfg:11: 'x.1' is not a dotted version such as 3.1 in ACL expression 'req.ssl_ver'"),
            errors("frontend f", "    bind 127.0.0.1:1", "    tcp-request content reject if { req.ssl_ver x.1 }"));
    }

    @Test
    void payloadFetchesAreForContentRulesOnly() throws ConfigException {
        assertEquals(List.of("t.cfg:12: anonymous acl will never match because it only involves keywords that are"
                + " incompatible with 'tcp-request connection' rules"),
            ConfigTexts.render(parse(
                "frontend f",                                               // 9
                "    bind 127.0.0.1:1",                                     // 10
                "    default_backend b",                                    // 11
                "    tcp-request connection reject if { req.len gt 0 }").warnings())); // 12
    }
}
