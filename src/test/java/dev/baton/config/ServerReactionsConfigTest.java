package dev.baton.config;

import dev.baton.config.ServerReactions.Observe;
import dev.baton.config.ServerReactions.OnError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The passive-check, slowstart, track and on-marked-* server keywords, spread-checks, and the "not yet" errors
 * of the check keywords that wait for the PROXY protocol or TLS. Error texts of track as HAProxy 2.6's
 * {@code haproxy -c} gave them on the same lines.
 */
class ServerReactionsConfigTest {
    private static final List<String> HTTP_BACKEND =
        List.of("backend b", "mode http", "timeout connect 1s", "timeout server 1s");

    private static List<ServerConfig> servers(final String... lines) throws ConfigException {
        return ConfigTexts.parse(ConfigTexts.concat(HTTP_BACKEND, lines)).proxies().get(0).servers();
    }

    @Test
    void defaultsAreHaproxys() throws ConfigException {
        final ServerReactions r = servers("server s 127.0.0.1:80 check").get(0).reactions();
        assertEquals(ServerReactions.DEFAULT, r);
        assertEquals(Observe.NONE, r.observe());
        assertEquals(10, r.errorLimit(), "error-limit defaults to 10");
        assertEquals(OnError.FAIL_CHECK, r.onError(), "on-error defaults to fail-check");
    }

    @Test
    void everyKeywordAndDefaultServerInheritance() throws ConfigException {
        final List<ServerConfig> s = servers(
            "default-server observe layer7 error-limit 3 on-error mark-down slowstart 1500",
            "server a 127.0.0.1:80 check",
            "server b 127.0.0.1:81 check observe layer4 on-error sudden-death on-marked-down shutdown-sessions"
                + " on-marked-up shutdown-backup-sessions slowstart 0",
            "server c 127.0.0.1:82 track a observe none on-error fastinter",
            "server d 127.0.0.1:82 track b/a on-error fail-check");
        assertEquals(new ServerReactions(Observe.LAYER7, 3, OnError.MARK_DOWN, false, false, 2, null),
            s.get(0).reactions(), "slowstart 1500ms is kept as 2 s, rounded up as HAProxy keeps it");
        assertEquals(new ServerReactions(Observe.LAYER4, 3, OnError.SUDDEN_DEATH, true, true, 0, null),
            s.get(1).reactions());
        assertEquals(new ServerReactions(Observe.NONE, 3, OnError.FASTINTER, false, false, 2, "a"),
            s.get(2).reactions());
        assertEquals(OnError.FAIL_CHECK, s.get(3).reactions().onError());
        assertEquals("b/a", s.get(3).reactions().track());
    }

    @Test
    void badValuesAndLayer7InTcp() {
        assertEquals(List.of(
            "t.cfg:5: 'observe' expects one of 'none', 'layer4', 'layer7', got 'layer5'",
            "t.cfg:6: 'error-limit' expects a positive integer, got '0'",
            "t.cfg:7: 'on-error' expects one of 'fastinter', 'fail-check', 'sudden-death' or 'mark-down', got 'die'",
            "t.cfg:8: 'on-marked-down' expects 'shutdown-sessions', got 'kill'",
            "t.cfg:9: 'on-marked-up' expects 'shutdown-backup-sessions', got 'shutdown-sessions'",
            "t.cfg:10: 'slowstart' expects a time such as 30s, got 'x'",
            "t.cfg:11: 'track' expects [BACKEND/]SERVER such as be/s1, got 'b/'",
            "t.cfg:13: " + ServerReactionParser.LAYER7_IN_TCP),
            ConfigTexts.errors(ConfigTexts.concat(HTTP_BACKEND,
                "server s1 127.0.0.1:80 check observe layer5",
                "server s2 127.0.0.1:80 check error-limit 0",
                "server s3 127.0.0.1:80 check on-error die",
                "server s4 127.0.0.1:80 on-marked-down kill",
                "server s5 127.0.0.1:80 on-marked-up shutdown-sessions",
                "server s6 127.0.0.1:80 slowstart x",
                "server s7 127.0.0.1:80 track b/",
                "backend t",
                "server s8 127.0.0.1:80 check observe layer7")));
    }

    @Test
    void trackErrorsAreHaproxys() {
        assertEquals(List.of(
            "t.cfg:5: 'server b/s2' : unable to use b/s3 for tracking as it does not have any check nor agent enabled.",
            "t.cfg:8: 'server b/s5' : unable to track b/s4 as it belongs to a tracking chain looping back to b/s5.",
            "t.cfg:9: 'server b/s6' : unable to find required proxy 'nope' for tracking.",
            "t.cfg:10: 'server b/s7' : unable to find required server 'zz' for tracking.",
            "t.cfg:11: 'server b/s9' : unable to track b/s9 as it belongs to a tracking chain looping back to b/s9.",
            "t.cfg:12: 'server b/s10' : unable to enable checks and tracking at the same time!"),
            ConfigTexts.errors(ConfigTexts.concat(HTTP_BACKEND,
                "server s2 127.0.0.1:8081 track s3",
                "server s3 127.0.0.1:8082",
                "server s4 127.0.0.1:8082 track s5",
                "server s5 127.0.0.1:8082 track s4",
                "server s6 127.0.0.1:8082 track nope/s1",
                "server s7 127.0.0.1:8082 track b/zz",
                "server s9 127.0.0.1:8082 track s9",
                "server s10 127.0.0.1:8082 check track s11",
                "server s11 127.0.0.1:8082 check")));
    }

    @Test
    void trackAcrossBackendsAndThroughATracker() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(HTTP_BACKEND,
            "server s1 127.0.0.1:80 check",
            "backend c",
            "server t1 127.0.0.1:80 track b/s1",
            "server t2 127.0.0.1:80 track t1"));
        assertEquals("t1", c.proxies().get(1).servers().get(1).reactions().track());
    }

    @Test
    void spreadChecks() throws ConfigException {
        final GlobalConfig g = ConfigTexts.parseGlobal("spread-checks 5", "max-spread-checks 3s");
        assertEquals(5, g.spreadChecks());
        assertEquals(3000, g.maxSpreadChecksMs());
        assertEquals(0, ConfigTexts.parseGlobal().spreadChecks());
        assertEquals(List.of("t.cfg:2: 'spread-checks' expects an integer between 0 and 50, got '51'"),
            ConfigTexts.errors(ConfigTexts.inGlobal("spread-checks 51")));
    }

    @Test
    void checksOverProxyProtocolAndTlsAreAccepted() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(HTTP_BACKEND,
            "option ssl-hello-chk",
            "server s1 127.0.0.1:80 check check-send-proxy",
            "server s2 127.0.0.1:80 check check-ssl verify none check-sni www.example.com"));
        final ServerConfig s2 = c.proxies().get(c.proxies().size() - 1).servers().get(1);
        assertEquals(ServerTls.CHECK_SSL_ON, s2.tls().checkSsl());
        assertEquals("www.example.com", s2.tls().checkSni());
        assertEquals(CheckRuleset.Kind.SSL3, c.proxies().get(c.proxies().size() - 1).checks().kind());
    }
}
