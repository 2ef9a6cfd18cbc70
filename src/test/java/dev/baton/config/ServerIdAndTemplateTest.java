package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code server ... id N}, {@code server-template} and {@code resolve-prefer} as HAProxy 2.6 parses them. */
class ServerIdAndTemplateTest {
    private static final List<String> HEAD = List.of("backend b", "timeout connect 1s", "timeout server 1s");

    /** The servers of backend b (lines 1-3) with {@code lines} from line 4 on, as "name host:port puid". */
    private static List<String> servers(final String... lines) throws ConfigException {
        final List<ServerConfig> servers = ConfigTexts.parse(ConfigTexts.concat(HEAD, lines)).proxies().get(0)
            .servers();
        final int[] ids = ServerIds.assign(servers);
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            final ServerConfig s = servers.get(i);
            out.add(s.name() + " " + s.host() + ":" + s.port() + " " + ids[i]);
        }
        return out;
    }

    @Test
    void forcedIdsAreKeptAndTheOthersTakeTheFirstFreeNumberFromTheirPosition() throws ConfigException {
        // HAProxy 2.6's numbering (checked with its 'show servers state'): a counter from 1 that takes the first
        // free number and moves one step past it on every line, a forced id's line too; so e is 6, not 5.
        assertEquals(List.of("a 10.0.0.1:80 3", "b 10.0.0.2:80 2", "c 10.0.0.3:80 4", "d 10.0.0.4:80 1",
                "e 10.0.0.5:80 6"),
            servers("server a 10.0.0.1:80 id 3", "server b 10.0.0.2:80", "server c 10.0.0.3:80",
                "server d 10.0.0.4:80 id 1", "server e 10.0.0.5:80"));
    }

    @Test
    void idsWithoutForcedOnesFollowTheLines() {
        final ServerConfig s = new ServerConfig("s", "h", 1, 1, 0, false, false, PoolOptions.DEFAULT,
            new SourceLocation("t.cfg", 1));
        assertEquals("[1, 2, 3]", Arrays.toString(ServerIds.assign(List.of(s, s, s))));
    }

    @Test
    void idErrors() {
        assertEquals(List.of(
            "t.cfg:5: 'id' : custom id 7 already used at t.cfg:4 ('server a')",
            "t.cfg:6: 'id' expects a positive integer, got '0'",
            "t.cfg:7: 'id' option is not accepted in default-server sections"),
            ConfigTexts.errors(ConfigTexts.concat(HEAD,
                "server a 10.0.0.1:80 id 7",        // 4
                "server b 10.0.0.2:80 id 7",        // 5
                "server c 10.0.0.3:80 id 0",        // 6
                "default-server id 3")));           // 7
    }

    @Test
    void aTemplateMakesNumberedCopiesOfOneServerLine() throws ConfigException {
        assertEquals(List.of("s 10.0.0.9:81 1", "web1 10.0.0.1:80 2", "web2 10.0.0.1:80 3", "web3 10.0.0.1:80 4",
                "db0 10.0.0.2:5432 5", "db1 10.0.0.2:5432 6"),
            servers("server s 10.0.0.9:81", "server-template web 3 10.0.0.1:80 check",
                "server-template db 0-1 10.0.0.2:5432"));
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(HEAD,
            "default-server inter 3s", "server-template web 1-2 10.0.0.1:80 check weight 7 backup"));
        for (final ServerConfig s : c.proxies().get(0).servers()) {
            assertEquals(7, s.weight());
            assertEquals(true, s.backup());
            assertEquals(true, s.check().enabled());
            assertEquals(3000, s.check().interMs());
        }
    }

    @Test
    void templateErrors() {
        assertEquals(List.of(
            "t.cfg:4: Wrong server-template number or range arg '0'",
            "t.cfg:5: Wrong server-template number or range arg '3-1'",
            "t.cfg:6: Wrong server-template number or range arg 'x'",
            "t.cfg:7: 'server-template' expects " + ServerTemplateParser.EXPECTED,
            "t.cfg:9: server 'web2' is already defined at t.cfg:8",
            "t.cfg:10: 'weight' expects an integer between 0 and 256, got '999'"),
            ConfigTexts.errors(ConfigTexts.concat(HEAD,
                "server-template a 0 10.0.0.1:80",              // 4
                "server-template a 3-1 10.0.0.1:80",            // 5
                "server-template a x 10.0.0.1:80",              // 6
                "server-template a 2",                          // 7
                "server-template web 1-2 10.0.0.1:80",          // 8
                "server web2 10.0.0.3:80",                      // 9
                "server-template z 2 10.0.0.1:80 weight 999"))); // 10
    }

    @Test
    void resolvePreferTakesAFamily() {
        assertEquals(List.of("t.cfg:5: 'resolve-prefer' expects ipv4 or ipv6, got 'ipv5'"),
            ConfigTexts.errors(ConfigTexts.concat(HEAD,
                "server-template web 1-4 10.0.0.1:80 check resolve-prefer ipv4", // 4
                "server s 10.0.0.2:80 resolve-prefer ipv5")));                   // 5
    }
}
