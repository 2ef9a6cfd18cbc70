package dev.baton.config;

import dev.baton.stick.StickDataType;
import dev.baton.stick.StickTableConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code peers} sections, {@code localpeer}, {@code -L} and {@code stick-table ... peers}: what is read, and
 * HAProxy 2.6's errors and warnings (checked with {@code haproxy -c} on the same lines).
 */
class PeersConfigTest {
    private static final List<String> FRONTEND = List.of(
        "frontend fe",                                                  // 1
        "    mode http",                                                // 2
        "    timeout client 1s",                                        // 3
        "    bind 127.0.0.1:8080",                                      // 4
        "    http-request return status 200");                          // 5

    private static BatonConfig parse(final String localPeer, final String... lines) throws ConfigException {
        return ConfigLoader.parse(ConfigTexts.FILE, ConfigTexts.lines(ConfigTexts.concat(FRONTEND, lines)),
            Map.of(), localPeer);
    }

    private static List<String> errors(final String localPeer, final String... lines) {
        final ConfigException e = assertThrows(ConfigException.class, () -> parse(localPeer, lines));
        return ConfigTexts.render(e.errors());
    }

    @Test
    void peerLinesTablesAndTheLocalPeer() throws ConfigException {
        final BatonConfig c = parse("me",
            "    stick-table type ip size 1k expire 1m store http_req_cnt peers mine",    // 6
            "    http-request track-sc0 src",                                             // 7
            "    http-request track-sc1 src table mine/t",                                // 8
            "peers mine",                                                                 // 9
            "    peer me 127.0.0.1:10000",                                                // 10
            "    peer other 127.0.0.2:10001",                                             // 11
            "    table t type string len 16 size 10 expire 5s store gpc0,http_req_rate(10s)");
        final PeersConfig s = c.peers().get("mine");
        assertEquals(new PeersConfig.Peer("me", "127.0.0.1", 10000), s.local());
        assertEquals(List.of(new PeersConfig.Peer("other", "127.0.0.2", 10001)), s.remotes());
        assertEquals("me", c.localPeer());
        final StickTableConfig t = s.tables().get(0);
        assertEquals("mine/t", t.name());
        assertEquals("/t", t.wireName(), "HAProxy sends the name from the slash");
        assertEquals("mine", t.peers());
        assertEquals(17, t.keyLength());
        assertEquals(10_000, t.periodMs(StickDataType.HTTP_REQ_RATE));
        assertEquals("mine", c.frontends().get(0).extras().stickTable().peers());
        assertEquals("fe", c.frontends().get(0).extras().stickTable().wireName());
    }

    @Test
    void bindAndServerLinesDeclareTheLocalPeerToo() throws ConfigException {
        final BatonConfig c = parse("me",
            "peers mine",                                                                 // 6
            "    bind 127.0.0.1:10000",                                                   // 7
            "    server me",                                                              // 8
            "    server other 127.0.0.2:10001");                                          // 9
        assertEquals(new PeersConfig.Peer("me", "127.0.0.1", 10000), c.peers().get("mine").local());
        assertEquals("other", c.peers().get("mine").remotes().get(0).name());
    }

    @Test
    void globalLocalpeerNamesTheLocalPeerUnlessMinusLDid() throws ConfigException {
        final String[] lines = {
            "global",                                                                     // 6
            "    localpeer me",                                                           // 7
            "peers mine",                                                                 // 8
            "    peer me 127.0.0.1:10000"};
        assertEquals("me", parse(null, lines).peers().get("mine").local().name());
        final BatonConfig withL = parse("other", lines);
        assertNull(withL.peers().get("mine").local(), "the section has no peer called 'other'");
        assertEquals(List.of(
            "t.cfg:7: 'localpeer' ignored since it is already set by using the '-L' command line argument.",
            "t.cfg:8: Removing incomplete section 'peers mine' (no peer named 'other')."),
            ConfigTexts.render(withL.warnings()));
    }

    @Test
    void localpeerAfterAPeersSectionIsIgnored() throws ConfigException {
        final BatonConfig c = parse(null,
            "peers mine",                                                                 // 6
            "    peer me 127.0.0.1:10000",                                                // 7
            "global",                                                                     // 8
            "    localpeer me");                                                          // 9
        assertTrue(ConfigTexts.render(c.warnings())
            .contains("t.cfg:9: 'localpeer' ignored since it is used after 'peers' section."));
    }

    @Test
    void haproxysErrors() {
        assertEquals(List.of(
            "t.cfg:6: Proxy 'fe': unable to find sync peers 'nope'.",
            "t.cfg:10: 'peer me' : local peer name already referenced at t.cfg:9. me",
            "t.cfg:11: peers section 'p' has the same name as another peers section declared at t.cfg:8.",
            "t.cfg:13: mixing \"peer\" and \"bind\" line is forbidden",
            "t.cfg:14: table: unknown argument 'peers'.",
            "t.cfg:15: unknown keyword 'foo' in 'peers' section",
            "t.cfg:16: 'peer x' : 'ssl': TLS between peers is not supported by baton; link the peers over a private "
                + "network or a TLS tunnel (stunnel, WireGuard) and remove it",
            "t.cfg:17: 'peer y' : server option 'weight' does not apply to peers in baton (a peer line takes a name "
                + "and an address; check, init-addr, resolvers and agent-check are accepted and ignored, as HAProxy "
                + "ignores them for peers)"),
            errors("me",
                "    stick-table type ip size 1k peers nope",                                 // 6
                "    http-request track-sc0 src",                                             // 7
                "peers p",                                                                    // 8
                "    peer me 127.0.0.1:10000",                                                // 9
                "    peer me 127.0.0.1:10001",                                                // 10
                "peers p",                                                                    // 11
                "    peer me 127.0.0.1:10002",                                                // 12
                "    bind 127.0.0.1:10003",                                                   // 13
                "    table t type ip size 1k peers p",                                        // 14
                "    foo bar",                                                                // 15
                "    peer x 127.0.0.1:10004 ssl",                                             // 16
                "    peer y 127.0.0.1:10005 weight 10"));                                     // 17
    }

    @Test
    void ignoredServerOptionsDrawHaproxysWarning() throws ConfigException {
        final BatonConfig c = parse("me",
            "peers p",                                                                    // 6
            "    peer me 127.0.0.1:10000 check",                                          // 7
            "    peer other 127.0.0.1:10001");
        assertEquals(List.of("t.cfg:7: 'peer me' : init_addr, resolvers, check and agent are ignored for peers."),
            ConfigTexts.render(c.warnings()));
    }
}
