package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Line-level errors of proxy sections; each configuration is otherwise valid so only these errors show. */
class ProxySectionTest {
    /** A backend named b (lines 1-4) followed by {@code lines} from line 5 on. */
    private static List<String> errors(final String... lines) {
        return ConfigTexts.errors(ConfigTexts.concat(List.of(
            "backend b",
            "    timeout connect 1s",
            "    timeout server 1s",
            "    server s 127.0.0.1:1"), lines));
    }

    @Test
    void unknownKeywordsSuggestTheClosestOne() {
        assertEquals(List.of(
            "t.cfg:6: unknown keyword 'bnid' in 'frontend' section; did you mean 'bind'?",
            "t.cfg:7: unknown keyword 'defualt_backend' in 'frontend' section; did you mean 'default_backend'?",
            "t.cfg:8: unknown keyword 'frobnicate' in 'frontend' section",
            "t.cfg:11: unknown keyword 'sever' in 'backend' section; did you mean 'server'?",
            "t.cfg:12: unknown keyword 'balanse' in 'backend' section; did you mean 'balance'?",
            "t.cfg:14: unknown keyword 'retires' in 'defaults' section; did you mean 'retries'?"),
            errors(
                "frontend web",                // 5
                "    bnid :80",                // 6
                "    defualt_backend b",       // 7
                "    frobnicate",              // 8
                "    bind :80",                // 9
                "backend c",                   // 10
                "    sever s 127.0.0.1:1",     // 11
                "    balanse roundrobin",      // 12
                "defaults",                    // 13
                "    retires 3",               // 14
                "frontend web2",               // 15
                "    bind :81",                // 16
                "    timeout client 1s",       // 17
                "    default_backend b"));     // 18
    }

    @Test
    void aTimeoutOnTheSideAProxyLacksIsIgnoredWithAWarningAsInHaproxy() throws ConfigException {
        final List<String> warnings = ConfigTexts.warnings(
            "frontend f",
            "    bind :80",
            "    timeout client 1s",
            "    timeout server 2s",
            "    default_backend b",
            "backend b",
            "    timeout connect 1s",
            "    timeout server 1s",
            "    timeout client 3s",
            "    server s 127.0.0.1:1");
        assertTrue(warnings.contains("t.cfg:4: 'timeout server' is ignored in a 'frontend' section, which lacks that side"),
            warnings.toString());
        assertTrue(warnings.contains("t.cfg:9: 'timeout client' is ignored in a 'backend' section, which lacks that side"),
            warnings.toString());
    }

    @Test
    void maxconnInABackendIsIgnoredWithAWarningAsInHaproxy() throws ConfigException {
        final String[] lines = {
            "frontend f",
            "    bind :80",
            "    timeout client 1s",
            "    default_backend b",
            "backend b",
            "    maxconn 100",
            "    timeout connect 1s",
            "    timeout server 1s",
            "    server s 127.0.0.1:1"};
        assertEquals(List.of("t.cfg:6: 'maxconn' is ignored in backend 'b', which accepts no connection of its own"
            + " (as in HAProxy); limit each server with 'server ... maxconn N'"), ConfigTexts.warnings(lines));
        final ProxyConfig b = ConfigTexts.parse(lines).proxies().stream().filter(p -> p.name().equals("b"))
            .findFirst().orElseThrow();
        assertEquals(0, b.maxconn(), "ignored, not applied");
        assertEquals(List.of("t.cfg:5: 'maxconn' expects a positive integer, got 'many'"),
            ConfigTexts.errors("backend b", "    timeout connect 1s", "    timeout server 1s",
                "    server s 127.0.0.1:1", "    maxconn many").subList(0, 1));
    }

    @Test
    void keywordsOutsideTheirSections() {
        assertEquals(List.of(
            "t.cfg:5: 'bind' is not allowed in a 'backend' section",
            "t.cfg:7: 'default_backend' is not allowed in a 'backend' section",
            "t.cfg:10: 'nbthread' is not allowed in a 'backend' section",
            "t.cfg:12: 'server' is not allowed in a 'defaults' section",
            "t.cfg:13: 'bind' is not allowed in a 'defaults' section",
            "t.cfg:16: 'server' is not allowed in a 'frontend' section",
            "t.cfg:17: 'balance' is not allowed in a 'frontend' section",
            "t.cfg:19: 'option redispatch' is not allowed in a 'frontend' section",
            "t.cfg:20: 'default-server' is not allowed in a 'frontend' section",
            "t.cfg:21: 'retries' is not allowed in a 'frontend' section",
            "t.cfg:22: 'no option redispatch' is not allowed in a 'frontend' section"),
            errors(
                "    bind :80",                       // 5
                "    maxconn 10",                     // 6
                "    default_backend b",              // 7
                "    timeout client 1s",              // 8
                "    option tcplog",                  // 9
                "    nbthread 2",                     // 10
                "defaults",                           // 11
                "    server s 127.0.0.1:1",           // 12
                "    bind :80",                       // 13
                "    default_backend b",              // 14
                "frontend f",                         // 15
                "    server s 127.0.0.1:1",           // 16
                "    balance roundrobin",             // 17
                "    timeout server 1s",              // 18
                "    option redispatch",              // 19
                "    default-server weight 2",        // 20
                "    retries 2",                      // 21
                "    no option redispatch",           // 22
                "    bind :80",                       // 23
                "    default_backend b",              // 24
                "listen l",                           // 25
                "    bind :81",                       // 26
                "    default_backend b",              // 27
                "    server s 127.0.0.1:1"));         // 28
    }

    @Test
    void aListensDefaultBackendWrittenOrInheritedOutranksItsServersWithHaproxysWarning() throws ConfigException {
        final String[] lines = {"defaults", "    mode http", "    default_backend b", "listen l", "    bind :81",
            "    server s 127.0.0.1:1", "listen m", "    bind :82", "    default_backend c", "backend b",
            "    server s 127.0.0.1:2", "backend c", "    server s 127.0.0.1:3"};
        final BatonConfig c = ConfigTexts.parse(lines);
        assertEquals("b", c.proxies().stream().filter(p -> p.name().equals("l")).findFirst().orElseThrow()
            .defaultBackend());
        assertEquals("c", c.proxies().stream().filter(p -> p.name().equals("m")).findFirst().orElseThrow()
            .defaultBackend());
        assertTrue(ConfigTexts.warnings(lines).contains("t.cfg:4: In proxy 'l', the 'default_backend' rule always has "
            + "precedence over the servers, which will never be used."), ConfigTexts.warnings(lines).toString());
    }

    @Test
    void keywordsBeforeAnySection() {
        assertEquals(List.of(
            "t.cfg:1: 'maxconn' outside of any section",
            "t.cfg:2: 'frobnicate' outside of any section"),
            ConfigTexts.errors("maxconn 10", "frobnicate", "global", "maxconn 10"));
    }

    @Test
    void haproxyKeywordsNotImplementedYet() {
        assertEquals(List.of(
            "t.cfg:5: 'http-check send-state' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:6: 'option checkcache' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:7: 'option splice-auto' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:8: 'persist' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:9: 'balance log-hash' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:10: 'timeout client-hs' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:12: 'balance sticky' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:13: 'option persist' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:14: 'rate-limit' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:15: 'option transparent' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:16: 'option checkcache' is a HAProxy keyword that baton does not implement yet"),
            errors(
                "    http-check send-state",            // 5
                "    option checkcache",               // 6
                "    option splice-auto",               // 7
                "    persist rdp-cookie",               // 8
                "    balance log-hash lower",           // 9
                "    timeout client-hs 5s",             // 10
                "    timeout tarpit 5s",                // 11
                "    balance sticky",                   // 12
                "    option persist",                   // 13
                "    rate-limit sessions 10",           // 14
                "    option transparent",               // 15
                "    option checkcache"));              // 16
    }

    @Test
    void modeTakesTcpOrHttp() {
        assertEquals(List.of(
            "t.cfg:6: 'mode' expects tcp or http, got 'udp'",
            "t.cfg:7: 'mode' expects tcp or http",
            "t.cfg:8: 'mode' cannot handle unexpected argument 'now'"),
            errors("    mode http", "    mode udp", "    mode", "    mode tcp now", "    mode tcp"));
    }

    @Test
    void modeHttpCanBeSwitchedOffInOnePlace() {
        assertEquals("'mode http' is not implemented yet", UnsupportedKeywords.modeNotImplemented(Mode.HTTP, false));
        assertEquals(null, UnsupportedKeywords.modeNotImplemented(Mode.HTTP, true));
        assertEquals(null, UnsupportedKeywords.modeNotImplemented(Mode.TCP, false));
        assertEquals(UnsupportedKeywords.modeNotImplemented(Mode.HTTP, UnsupportedKeywords.HTTP_MODE_READY),
            UnsupportedKeywords.modeNotImplemented(Mode.HTTP));
    }

    @Test
    void badValues() {
        assertEquals(List.of(
            "t.cfg:6: 'maxconn' expects a positive integer, got 'abc'",
            "t.cfg:7: 'timeout client' expects a time such as 30s, got '5x'",
            "t.cfg:8: 'timeout client' expects a time such as 30s",
            "t.cfg:9: 'timeout' expects one of connect, client, server, queue, tunnel, client-fin, server-fin, "
                + "http-request, http-keep-alive, check, got 'forever'",
            "t.cfg:10: 'timeout client' expects a time of at most 2147483647ms (about 24.8 days), got '25d'",
            "t.cfg:11: 'timeout client' cannot handle unexpected argument '5s'",
            "t.cfg:12: 'default_backend' expects a name made of letters, digits and '_.:-', got 'a/b'",
            "t.cfg:13: 'default_backend' expects a name made of letters, digits and '_.:-'",
            "t.cfg:15: 'balance' expects one of roundrobin, static-rr, leastconn, first, source, random, uri,"
                + " url_param, hdr(name), got 'foo'",
            "t.cfg:16: 'balance' expects one of roundrobin, static-rr, leastconn, first, source, random, uri,"
                + " url_param, hdr(name), got 'rr'",
            "t.cfg:17: 'balance' cannot handle unexpected argument 'now'",
            "t.cfg:18: 'retries' expects a non-negative integer, got '-1'",
            "t.cfg:19: 'option redispatch' expects a non-zero integer, got '0'",
            "t.cfg:20: 'option redispatch' expects a non-zero integer, got 'x'",
            "t.cfg:21: unknown option 'redispach' in 'backend' section; did you mean 'redispatch'?",
            "t.cfg:22: 'option' expects an option name such as redispatch",
            "t.cfg:23: 'no log' does not expect arguments",
            "t.cfg:24: 'log global' cannot handle unexpected argument 'local0'",
            "t.cfg:25: 'no option redispatch' cannot handle unexpected argument '2'"),
            errors(
                "frontend f",                           // 5
                "    maxconn abc",                      // 6
                "    timeout client 5x",                // 7
                "    timeout client",                   // 8
                "    timeout forever 5s",               // 9
                "    timeout client 25d",               // 10
                "    timeout client 5s 5s",             // 11
                "    default_backend a/b",              // 12
                "    default_backend",                  // 13
                "backend c",                            // 14
                "    balance foo",                      // 15
                "    balance rr",                       // 16
                "    balance roundrobin now",           // 17
                "    retries -1",                       // 18
                "    option redispatch 0",              // 19
                "    option redispatch x",              // 20
                "    option redispach",                 // 21
                "    option",                           // 22
                "    no log now",                       // 23
                "    log global local0",                // 24
                "    no option redispatch 2",           // 25
                "    server s 127.0.0.1:1",             // 26
                "frontend g",                           // 27
                "    bind :80",                         // 28
                "    timeout client 1s",                // 29
                "    default_backend b"));              // 30
    }

    @Test
    void sectionHeaders() {
        assertEquals(List.of(
            "t.cfg:5: 'frontend' expects a name made of letters, digits and '_.:-'",
            "t.cfg:7: 'backend' expects a name made of letters, digits and '_.:-', got 'a b'",
            "t.cfg:8: 'listen' cannot handle unexpected argument 'extra'",
            "t.cfg:11: defaults section 'd' not found for backend 'c'.",
            "t.cfg:13: 'global' cannot handle unexpected argument 'now'",
            "t.cfg:14: 'defaults' expects a name made of letters, digits and '_.:-', got 'x/y'",
            "t.cfg:15: 'mailers' is a HAProxy keyword that baton does not implement yet"),
            errors(
                "frontend",                             // 5
                "    bind :80",                         // 6
                "backend \"a b\"",                      // 7
                "listen l extra",                       // 8
                "    bind :81",                         // 9
                "    server s 127.0.0.1:1",             // 10
                "backend c from d",                     // 11
                "    server s 127.0.0.1:1",             // 12
                "global now",                           // 13
                "defaults x/y",                         // 14
                "mailers p",                            // 15
                "    mailer p1 10.0.0.1:1024",          // 16
                "backend e",                            // 17
                "    mode http",                        // 18
                "    server s 127.0.0.1:1"));           // 19
    }
}
