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
            "t.cfg:4: 'option httpchk' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:5: 'tcp-check' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:6: server keyword 'agent-check' is not implemented yet"),
            ConfigTexts.errors(ConfigTexts.concat(List.of("backend b", "timeout connect 1s", "timeout server 1s"),
                "option httpchk",
                "tcp-check connect",
                "server s1 127.0.0.1:80 check agent-check")));
    }
}
