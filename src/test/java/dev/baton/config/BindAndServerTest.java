package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BindAndServerTest {
    /** The binds of a frontend whose bind lines are {@code binds}, as "host port" strings. */
    private static List<String> binds(final String... binds) throws ConfigException {
        final List<String> lines = new ArrayList<>(List.of("frontend f", "timeout client 1s", "default_backend b"));
        for (final String b : binds) {
            lines.add("bind " + b);
        }
        lines.addAll(List.of("backend b", "timeout connect 1s", "timeout server 1s", "server s 127.0.0.1:1"));
        final List<String> out = new ArrayList<>();
        for (final BindConfig b : ConfigTexts.parse(lines.toArray(new String[0])).proxies().get(0).binds()) {
            out.add(b.host() + " " + b.port() + " " + b.display());
        }
        return out;
    }

    /** Errors of a backend b (lines 1-3) with {@code lines} from line 4 on. */
    private static List<String> backendErrors(final String... lines) {
        return ConfigTexts.errors(ConfigTexts.concat(List.of("backend b", "timeout connect 1s", "timeout server 1s"),
            lines));
    }

    @Test
    void bindAddresses() throws ConfigException {
        assertEquals(List.of(
            "null 80 *:80", "null 81 *:81", "0.0.0.0 82 0.0.0.0:82", "127.0.0.1 83 127.0.0.1:83",
            "::1 84 [::1]:84", ":: 85 [::]:85", ":: 86 [::]:86", "fd00::1 87 [fd00::1]:87", "null 1 *:1",
            "null 65535 *:65535"),
            binds(":80", "*:81", "0.0.0.0:82", "127.0.0.1:83", "[::1]:84", ":::85", "[::]:86", "fd00::1:87",
                ":1,:65535"));
    }

    @Test
    void bindErrors() {
        assertEquals(List.of(
            "t.cfg:2: port 70000 out of range 1..65535 in 'bind'",
            "t.cfg:3: port 0 out of range 1..65535 in 'bind'",
            "t.cfg:4: 'bind' expects ADDR:PORT such as *:80, 127.0.0.1:8080 or [::1]:8080, got '127.0.0.1'",
            "t.cfg:5: 'bind' expects ADDR:PORT such as *:80, 127.0.0.1:8080 or [::1]:8080, got ':http'",
            "t.cfg:6: 'bind' : invalid address: 'nosuchhost.invalid' in 'nosuchhost.invalid:80'",
            "t.cfg:7: 'bind' expects an IPv4 or IPv6 address or a host name such as 127.0.0.1:80, got "
                + "'300.1.1.1:80'",
            "t.cfg:8: bind option 'ssl' needs a certificate: add 'crt FILE|DIR' or 'crt-list FILE'",
            "t.cfg:9: 'bind' expects ADDR:PORT such as *:80, 127.0.0.1:8080 or [::1]:8080",
            "t.cfg:10: 'bind' expects ADDR:PORT such as *:80, 127.0.0.1:8080 or [::1]:8080, got ''"),
            ConfigTexts.errors(
                "frontend f",                       // 1
                "bind :70000",                      // 2
                "bind :0",                          // 3
                "bind 127.0.0.1",                   // 4
                "bind :http",                       // 5
                "bind nosuchhost.invalid:80",       // 6
                "bind 300.1.1.1:80",                // 7
                "bind :443 ssl",                    // 8
                "bind",                             // 9
                "bind :80,",                        // 10
                "bind :80-81",                      // 11: a range, as HAProxy
                "bind :90",                         // 12
                "timeout client 1s",                // 13
                "default_backend b",                // 14
                "backend b",                        // 15
                "server s 127.0.0.1:1"));           // 16
    }

    /**
     * A host name is resolved when the line is read, and an address word's environment variables are expanded even
     * outside quotes, as HAProxy's str2sa_range does ({@code bind *:$PORT} in Heroku-style configurations).
     */
    @Test
    void bindResolvesHostNamesAndExpandsVariables() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "global",
            "setenv BATON_TEST_PORT 18082",
            "frontend f",
            "bind localhost:18080",
            "bind 127.0.0.1:1808${NO_SUCH_VARIABLE_FOR_BATON}1",
            "bind *:$BATON_TEST_PORT",
            "timeout client 1s",
            "default_backend b",
            "backend b",
            "server s ${NO_SUCH_VARIABLE_FOR_BATON}127.0.0.1:1");
        final List<String> binds = config.proxies().get(0).binds().stream()
            .map(b -> (b.host() == null ? "*" : b.host()) + ":" + b.port()).toList();
        assertEquals(3, binds.size());
        assertEquals(true, binds.get(0).endsWith(":18080") && !binds.get(0).startsWith("localhost"), binds.get(0));
        assertEquals("127.0.0.1:18081", binds.get(1), "an unset variable expands to nothing");
        assertEquals("*:18082", binds.get(2));
    }

    /**
     * The other address words HAProxy reads with str2sa_range expand their variables outside quotes too: a
     * {@code nameserver} ({@code nameserver kubedns ${DNS}:53} in a Kubernetes example) and a server's check
     * {@code addr}.
     */
    @Test
    void nameserverAndCheckAddrExpandVariables() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "global",
            "setenv BATON_TEST_DNS 127.0.0.53",
            "setenv BATON_TEST_CHECK 127.0.0.9",
            "resolvers kube",
            "nameserver kubedns ${BATON_TEST_DNS}:53",
            "backend b",
            "timeout connect 1s",
            "timeout server 1s",
            "server s app.example:80 resolvers kube check addr $BATON_TEST_CHECK");
        assertEquals(List.of(new java.net.InetSocketAddress("127.0.0.53", 53)),
            config.resolvers().get("kube").nameservers());
        assertEquals("127.0.0.9", config.proxies().get(0).servers().get(0).check().addr());
    }

    /** An unset variable before the port leaves {@code :53}: HAProxy takes the IPv4 wildcard (this host). */
    @Test
    void aNameserverWithoutHostIsTheWildcard() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "resolvers kube",
            "nameserver kubedns ${BATON_TEST_UNSET_DNS}:53",
            "backend b",
            "timeout connect 1s",
            "timeout server 1s",
            "server s app.example:80 resolvers kube");
        assertEquals(List.of(new java.net.InetSocketAddress("0.0.0.0", 53)),
            config.resolvers().get("kube").nameservers());
    }

    /** HAProxy reads a weight with atol: {@code 80.5%} is 80. baton takes it too, with a warning. */
    @Test
    void aWeightWithTrailingTextIsReadAsItsNumberWithAWarning() throws ConfigException {
        final String[] lines = {"backend b", "server s1 127.0.0.1:1 weight 80.5%", "server s2 127.0.0.1:2 weight 20",
            "timeout connect 1s", "timeout server 1s"};
        assertEquals(List.of("t.cfg:2: 'weight 80.5%' is read as 80, as HAProxy reads it: a weight is an integer, "
            + "the rest is ignored"), ConfigTexts.warnings(lines));
        final ProxyConfig b = ConfigTexts.parse(lines).backend("b");
        assertEquals(List.of(80, 20), b.servers().stream().map(ServerConfig::weight).toList());
    }

    @Test
    void serverErrors() {
        assertEquals(List.of(
            "t.cfg:5: port 70000 out of range 1..65535 in 'server s1'",
            // line 6: a server without a port follows the client's port, as in HAProxy
            "t.cfg:7: 'server s3' expects " + ServerAddressParser.EXPECTED + ", got '1.2.3.999:80'",
            "t.cfg:8: 'server s4' expects " + ServerAddressParser.EXPECTED,
            "t.cfg:9: 'server' expects a name and an address such as s1 10.0.0.1:80",
            "t.cfg:10: 'server' expects a name made of letters, digits and '_.:-', got 'a/b'",
            "t.cfg:11: 'weight' expects an integer between 0 and 256, got '257'",
            "t.cfg:12: 'maxconn' expects a non-negative integer, got 'many'",
            "t.cfg:13: 'weight' expects an integer between 0 and 256",
            "t.cfg:14: server s7 does not have agent port. Agent check has been disabled.",
            "t.cfg:15: server keyword 'redir' is not implemented yet",
            "t.cfg:16: unknown server keyword 'wieght'; did you mean 'weight'?",
            "t.cfg:17: unknown server keyword 'frobnicate'",
            "t.cfg:18: server 'ok' is already defined at t.cfg:4"),
            backendErrors(
                "server ok 10.0.0.1:80",                        // 4
                "server s1 10.0.0.1:70000",                     // 5
                "server s2 10.0.0.2",                           // 6
                "server s3 1.2.3.999:80",                       // 7
                "server s4",                                    // 8
                "server",                                       // 9
                "server a/b 10.0.0.1:80",                       // 10
                "server s5 10.0.0.1:80 weight 257",             // 11
                "server s6 10.0.0.1:80 maxconn many",           // 12
                "default-server weight",                        // 13
                "server s7 10.0.0.1:80 check agent-check",      // 14
                "server s8 10.0.0.1:80 check send-proxy id 5 redir http://x weight 3", // 15: id is known
                "server s9 10.0.0.1:80 wieght 3",               // 16
                "server s10 10.0.0.1:80 frobnicate",            // 17
                "server ok 10.0.0.9:80",                        // 18
                "default-server ssl verify none"));             // 19: TLS to servers, accepted
    }

    @Test
    void idlePoolOptionsDefaultAndInheritFromDefaultServer() throws ConfigException {
        final List<ServerConfig> servers = ConfigTexts.parse(
            "defaults",
            "    timeout connect 1s",
            "    timeout server 1s",
            "    default-server pool-purge-delay 10s max-reuse 100",
            "backend b",
            "    server plain 127.0.0.1:1",
            "    default-server pool-max-conn 0 pool-low-conn 4",
            "    server pooled 127.0.0.1:2 max-reuse -1 pool-purge-delay 0",
            "    server limits 127.0.0.1:3 pool-max-conn -1 pool-low-conn 0 max-reuse 0 pool-purge-delay 250ms")
            .backend("b").servers();
        assertEquals(new PoolOptions(-1, 10_000, 100, 0), servers.get(0).pool());
        assertEquals(new PoolOptions(0, 0, -1, 4), servers.get(1).pool());
        assertEquals(new PoolOptions(-1, 250, 0, 0), servers.get(2).pool());
        assertEquals(new PoolOptions(-1, 5000, -1, 0), PoolOptions.DEFAULT);
    }

    @Test
    void idlePoolOptionErrors() {
        assertEquals(List.of(
            "t.cfg:4: 'pool-max-conn' expects -1 (unlimited) or a non-negative integer, got '-2'",
            "t.cfg:5: 'pool-low-conn' expects a non-negative integer, got '-1'",
            "t.cfg:6: 'max-reuse' expects -1 (unlimited) or a non-negative integer, got 'x'",
            "t.cfg:7: 'pool-purge-delay' expects a time such as 30s, got '5 parsecs'",
            "t.cfg:8: 'pool-purge-delay' expects a time such as 30s",
            "t.cfg:9: server keyword 'pool-conn-name' is not implemented yet",
            "t.cfg:10: unknown server keyword 'pool-max-cnn'; did you mean 'pool-max-conn'?"),
            backendErrors(
                "server s1 10.0.0.1:80 pool-max-conn -2",       // 4
                "server s2 10.0.0.1:80 pool-low-conn -1",       // 5
                "default-server max-reuse x",                   // 6
                "server s3 10.0.0.1:80 pool-purge-delay '5 parsecs'", // 7
                "server s4 10.0.0.1:80 pool-purge-delay",       // 8
                "server s5 10.0.0.1:80 pool-conn-name host",    // 9
                "server s6 10.0.0.1:80 pool-max-cnn 3"));       // 10
    }

    /**
     * As HAProxy: each later server of the same name is reported once, against the first definition (not
     * once per earlier duplicate).
     */
    @Test
    void aDuplicatedServerNameIsReportedOncePerDuplicateAgainstTheFirst() {
        assertEquals(List.of(
            "t.cfg:5: server 's1' is already defined at t.cfg:4",
            "t.cfg:6: server 's1' is already defined at t.cfg:4",
            "t.cfg:7: server 's1' is already defined at t.cfg:4"),
            backendErrors(
                "server s1 127.0.0.1:1",    // 4
                "server s1 127.0.0.1:2",    // 5
                "server s1 127.0.0.1:3",    // 6
                "server s1 127.0.0.1:4"));  // 7
    }

    /** 8000 lines of one name: 7999 messages, as HAProxy 2.6 prints (was one per pair: 32 million). */
    @Test
    void eightThousandDuplicatesGiveOneMessageEach() {
        final String[] lines = new String[8000];
        java.util.Arrays.fill(lines, "server s1 127.0.0.1:9001");

        final List<String> errors = backendErrors(lines);

        assertEquals(7999, errors.size());
        assertEquals("t.cfg:8003: server 's1' is already defined at t.cfg:4", errors.get(errors.size() - 1));
    }
}
