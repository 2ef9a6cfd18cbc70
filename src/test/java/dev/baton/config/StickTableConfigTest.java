package dev.baton.config;

import dev.baton.stick.StickDataType;
import dev.baton.stick.StickKeyType;
import dev.baton.stick.StickTableConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code stick-table} lines and the rules and fetches that name tables: what they build, what baton refuses. */
class StickTableConfigTest {
    private static final List<String> HEAD = List.of(
        "defaults",                             // 1
        "    mode http",                        // 2
        "    timeout connect 1s",               // 3
        "    timeout client 1s",                // 4
        "    timeout server 1s",                // 5
        "backend b",                            // 6
        "    server s 127.0.0.1:9");            // 7

    private static List<String> errors(final String... lines) {
        return ConfigTexts.errors(ConfigTexts.concat(HEAD, lines));
    }

    @Test
    void aTableKeepsItsSettingsAndStoredTypes() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(HEAD,
            "frontend f",
            "    bind 127.0.0.1:1",
            "    stick-table type string len 64 size 1m expire 30s nopurge store http_req_rate(10s),gpc0,conn_cur",
            "    http-request track-sc1 req.hdr(host) table f",
            "    http-request sc-inc-gpc0(1) if { path /x }",
            "    http-request sc-set-gpt0(1) 3",
            "    tcp-request content track-sc0 src",
            "    http-request deny if { sc1_http_req_rate gt 10 } || { src_conn_cur ge 5 } || { table_cnt gt 9 }",
            "    http-request deny if { req.hdr(host),in_table(f) } { req.hdr(host),table_gpc0(f) gt 2 }",
            "    default_backend b"));
        final StickTableConfig t = c.frontends().get(0).extras().stickTable();
        assertEquals("f", t.name());
        assertEquals(StickKeyType.STRING, t.keyType());
        assertEquals(65, t.keyLength(), "HAProxy's key size: 64 characters and the NUL");
        assertEquals(1L << 20, t.size());
        assertEquals(30_000, t.expireMs());
        assertTrue(t.nopurge());
        assertEquals(10_000, t.periodMs(StickDataType.HTTP_REQ_RATE));
        assertTrue(t.stores(StickDataType.GPC0));
        assertFalse(t.stores(StickDataType.GPC1));
    }

    @Test
    void whatBatonCannotHonourIsRefusedWithTheReason() {
        assertEquals(List.of(
            "t.cfg:10: 'stick-table srvkey addr' is a HAProxy keyword that baton does not implement yet; use "
                + "'srvkey name' (the default: the server's name identifies it)",
            "t.cfg:11: 'stick-table store http_fail_cnt': not supported by baton; store one of "
                + StickDataType.supported(),
            "t.cfg:12: 'stick-table': unknown store option 'http_req_rat'",
            "t.cfg:13: 'stick-table': missing argument to store option 'conn_rate' (a period such as conn_rate(10s))",
            "t.cfg:14: 'stick-table': missing 'size' (the most entries the table holds, such as 100k)",
            "t.cfg:15: 'stick-table': unknown type 'ipv4' (expected ip, ipv6, integer, string or binary)",
            "t.cfg:16: 'track-sc0': no stick table named 'nope'",
            "t.cfg:17: 'http-request track-sc3': invalid stick counter '3' (expects 0, 1 or 2: baton has 3 stick "
                + "counters, as HAProxy by default)",
            "t.cfg:18: 'http-request sc-inc-gpc(0,1)': the gpc and gpt arrays (HAProxy 2.5+) are not supported by "
                + "baton; store gpc0, gpc1 or gpt0 and use sc-inc-gpc0(N), sc-inc-gpc1(N) or sc-set-gpt0(N)",
            "t.cfg:20: 'src_conn_cur': proxy 'b' has no stick table",
            "t.cfg:21: 'stick-table': only one stick table per proxy; f already has one"),
            errors(
                "frontend f",                                                           // 8
                "    bind 127.0.0.1:1",                                                 // 9
                "    stick-table type ip size 1k srvkey addr",                          // 10
                "    stick-table type ip size 1k store http_fail_cnt",                  // 11
                "    stick-table type ip size 1k store http_req_rat(10s)",              // 12
                "    stick-table type ip size 1k store conn_rate",                      // 13
                "    stick-table type ip",                                              // 14
                "    stick-table type ipv4 size 1k",                                    // 15
                "    http-request track-sc0 src table nope",                            // 16
                "    http-request track-sc3 src",                                       // 17
                "    http-request sc-inc-gpc(0,1)",                                     // 18
                "    stick-table type ip size 1k",                                      // 19
                "    http-request deny if { src_conn_cur(b) gt 1 }",                    // 20
                "    stick-table type ip size 2k",                                      // 21
                "    tcp-request connection track-sc0 src",                             // 22
                "    default_backend b"));
    }

    @Test
    void stickRulesKeepTheirTableAndCondition() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(HEAD,
            "backend web",
            "    stick-table type ip size 10",
            "    stick on src if { src 10.0.0.0/8 }",
            "    stick match req.hdr(x-team) table t",
            "    stick store-request req.hdr(x-team) table t",
            "    stick store-response res.hdr(x-team) table t",
            "    server s 127.0.0.1:9",
            "backend t",
            "    stick-table type string size 10"));
        final StickServerRules r = c.proxies().stream().filter(p -> p.name().equals("web")).findFirst().orElseThrow()
            .extras().stickRules();
        assertEquals(3, r.request().size());
        assertEquals(1, r.response().size());
        assertTrue(r.request().get(0).match() && r.request().get(0).store());
        assertTrue(r.request().get(1).match() && !r.request().get(1).store());
        assertTrue(!r.request().get(2).match() && r.request().get(2).store());
        assertEquals(List.of("web", "t"), List.copyOf(r.tables()));
    }

    @Test
    void stickRulesAreRefusedWhereHaproxyRefusesThem() {
        assertEquals(List.of(
            "t.cfg:9: 'stick on' is not allowed in a 'defaults' section",
            "t.cfg:11: 'stick' expects 'on', 'match', 'store-request' or 'store-response', got 'onto'",
            "t.cfg:12: 'stick on' expects a sample expression such as src",
            "t.cfg:13: 'stick store-response': proxy 'b' has no stick table",
            "t.cfg:14: 'stick match': no stick table named 'nope'",
            "t.cfg:15: 'stick on': proxy 'tb' has no stick table (add a 'stick-table' line to it, or name another "
                + "proxy's table)",
            "t.cfg:19: 'stick-table srvkey addr' is a HAProxy keyword that baton does not implement yet; use 'srvkey "
                + "name' (the default: the "
                + "server's name identifies it)"),
            errors(
                "defaults",                                  // 8
                "    stick on src",                          // 9
                "backend tb",                                // 10
                "    stick onto src",                        // 11
                "    stick on",                              // 12
                "    stick store-response src table b",      // 13
                "    stick match src table nope",            // 14
                "    stick on src",                          // 15
                "    mode tcp",                              // 16
                "    server s 127.0.0.1:9",                  // 17
                "backend tc",                                // 18
                "    stick-table type ip size 1 srvkey addr", // 19
                "    stick-table type ip size 1 srvkey name"));
    }
}
