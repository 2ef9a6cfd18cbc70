package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ConfigValidatorTest {
    @Test
    void duplicateNamesWithinAKindAndAgainstListen() {
        assertEquals(List.of(
            "t.cfg:9: frontend 'web' is already defined at t.cfg:1",
            "t.cfg:12: backend 'web' is already defined at t.cfg:5",
            "t.cfg:14: listen 'web' has the same name as frontend 'web' defined at t.cfg:1",
            "t.cfg:17: listen 'app' has the same name as backend 'app' defined at t.cfg:7",
            "t.cfg:20: listen 'l' is already defined at t.cfg:18"),
            ConfigTexts.errors(
                "frontend web",                // 1
                "    bind :80",                // 2
                "    timeout client 1s",       // 3
                "    default_backend web",     // 4  a frontend and a backend may share a name
                "backend web",                 // 5
                "    server s 127.0.0.1:1",    // 6
                "backend app",                 // 7
                "    server s 127.0.0.1:1",    // 8
                "frontend web",                // 9
                "    bind :81",                // 10
                "    default_backend app",     // 11
                "backend web",                 // 12
                "    server s 127.0.0.1:1",    // 13
                "listen web",                  // 14
                "    bind :82",                // 15
                "    server s 127.0.0.1:1",    // 16
                "listen app",                  // 17
                "listen l",                    // 18
                "    bind :83",                // 19
                "listen l"));                  // 20
    }

    @Test
    void aFrontendsDefaultBackendMustExist() {
        assertEquals(List.of(
            "t.cfg:3: default_backend 'nope': no such backend",
            "t.cfg:6: default_backend 'c': no such backend"),
            ConfigTexts.errors(
                "frontend a",                  // 1
                "    timeout client 1s",       // 2
                "    default_backend nope",    // 3
                "frontend b",                  // 4
                "    bind :80",                // 5
                "    default_backend c",       // 6 a frontend is not a backend
                "frontend c",                  // 7
                "    bind :81",                // 8
                "    default_backend l",       // 9 a listen is
                "listen l",                    // 10
                "    bind :82",                // 11
                "    server s 127.0.0.1:1",    // 12
                "frontend d",                  // 13 no default_backend: valid, as in HAProxy
                "    bind :83"));              // 14
    }

    /**
     * As HAProxy: a frontend may lack default_backend (use_backend-only, stats-only, redirect-only); a
     * request no rule routes gets 503. No error and no warning, in either mode.
     */
    @Test
    void aFrontendWithoutDefaultBackendIsValidInBothModes() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "defaults",
            "    timeout client 1s",
            "    timeout connect 1s",
            "    timeout server 1s",
            "frontend routed",
            "    mode http",
            "    bind :80",
            "    use_backend app if { path_beg /app }",
            "frontend stats",
            "    mode http",
            "    bind :81",
            "    stats enable",
            "    stats uri /stats",
            "frontend raw",
            "    mode tcp",
            "    bind :82",
            "backend app",
            "    mode http",
            "    server s 127.0.0.1:1");
        assertEquals(List.of(), ConfigTexts.render(config.warnings()));
        for (final ProxyConfig p : config.frontends()) {
            assertNull(p.defaultBackend(), p.name());
        }
        assertEquals(3, config.frontends().size());
    }

    @Test
    void anHttpFrontendCannotUseATcpBackendButATcpFrontendIsUpgradedToHttp() {
        // as HAProxy 2.1+: tcp -> http upgrades the stream (raw -> site passes), http -> tcp is refused
        assertEquals(List.of(
            "t.cfg:5: unable to use tcp backend 'tcp' (t.cfg:14) from http frontend 'web': both must have the same 'mode'"),
            ConfigTexts.errors(
                "frontend web",                // 1
                "    mode http",               // 2
                "    bind :80",                // 3
                "    timeout client 1s",       // 4
                "    default_backend tcp",     // 5
                "frontend raw",                // 6
                "    bind :81",                // 7
                "    timeout client 1s",       // 8
                "    mode tcp",                // 9
                "    default_backend site",    // 10
                "defaults",                    // 11
                "    timeout connect 1s",      // 12
                "    timeout server 1s",       // 13
                "backend tcp",                 // 14
                "    server s 127.0.0.1:1",    // 15
                "    mode tcp",                // 16
                "listen site",                 // 17
                "    mode http",               // 18
                "    timeout client 1s",       // 19
                "    bind :82",                // 20
                "    server s 127.0.0.1:1"));  // 21
    }

    @Test
    void bindsMayNotOverlap() {
        assertEquals(List.of(
            "t.cfg:3: bind 127.0.0.1:80 is already used by frontend 'a' at t.cfg:2",
            "t.cfg:4: bind *:81 is already used by frontend 'a' at t.cfg:2",
            "t.cfg:8: bind 10.0.0.1:81 is already used by frontend 'a' at t.cfg:2",
            "t.cfg:9: bind 0.0.0.0:80 is already used by frontend 'a' at t.cfg:2",
            "t.cfg:12: bind [::1]:83 is already used by frontend 'b' at t.cfg:10",
            "t.cfg:13: bind [0:0:0:0:0:0:0:1]:84 is already used by frontend 'b' at t.cfg:11",
            "t.cfg:17: bind *:86 is already used by listen 'l' at t.cfg:17"),
            ConfigTexts.errors(
                "frontend a",                                  // 1
                "    bind 127.0.0.1:80,10.0.0.1:81",          // 2
                "    bind 127.0.0.1:80",                       // 3 same address
                "    bind *:81",                               // 4 wildcard over 10.0.0.1:81
                "    bind 127.0.0.2:80,[::1]:80,:::81",       // 5 other address, other family
                "    default_backend l",                       // 6
                "frontend b",                                  // 7
                "    bind 10.0.0.1:81",                        // 8 the same as line 2 (the first found)
                "    bind 0.0.0.0:80",                         // 9 the IPv4 wildcard, written out
                "    bind :::83",                              // 10
                "    bind [::1]:84",                           // 11
                "    bind [::1]:83",                           // 12 under the IPv6 wildcard
                "    bind [0:0:0:0:0:0:0:1]:84",              // 13 the same IPv6 address
                "    bind 127.0.0.1:83",                       // 14 IPv4 is not under ::
                "    default_backend l",                       // 15
                "listen l",                                    // 16
                "    bind 192.168.0.1:86,*:86",               // 17 within one line
                "    server s 127.0.0.1:1"));                  // 18
    }

    @Test
    void backendsInUseWithoutServersEarnAWarning() throws ConfigException {
        assertEquals(List.of(
            "t.cfg:5: backend 'used' has no server; connections to it will fail",
            "t.cfg:7: listen 'l' has no server; connections to it will fail",
            "t.cfg:9: listen 'spare' has no 'bind' directive. Please declare it as a backend if this was intended"),
            ConfigTexts.warnings(
                "defaults",                    // 1
                "    timeout connect 1s",      // 2
                "    timeout client 1s",       // 3
                "    timeout server 1s",       // 4
                "backend used",                // 5
                "backend unused",              // 6 no traffic: no warning
                "listen l",                    // 7
                "    bind :80",                // 8
                "listen spare",                // 9
                "    server s 127.0.0.1:1",    // 10
                "frontend f",                  // 11
                "    bind :81",                // 12
                "    default_backend used"));  // 13
    }

    @Test
    void aFrontendWithoutBindLoadsWithHaproxysWarning() throws ConfigException {
        assertEquals(List.of(
            "t.cfg:4: frontend 'idle' has no 'bind' directive. Please declare it as a backend if this was intended"),
            ConfigTexts.warnings(
                "defaults",                    // 1
                "    timeout client 1s",       // 2
                "    timeout connect 1s",      // 3
                "frontend idle",               // 4 no bind: it never receives a connection
                "    default_backend b",       // 5
                "backend b",                   // 6
                "    timeout server 1s",       // 7
                "    server s 127.0.0.1:1"));  // 8
    }

    @Test
    void missingTimeoutsEarnOneWarningPerProxy() throws ConfigException {
        assertEquals(List.of(
            "t.cfg:1: missing timeouts for frontend 'f': while not mandatory, set 'timeout client' to avoid "
                + "connections piling up",
            "t.cfg:4: missing timeouts for backend 'b': while not mandatory, set 'timeout connect' and "
                + "'timeout server' to avoid connections piling up",
            "t.cfg:7: missing timeouts for listen 'l': while not mandatory, set 'timeout client', "
                + "'timeout connect' and 'timeout server' to avoid connections piling up",
            "t.cfg:10: missing timeouts for backend 'c': while not mandatory, set 'timeout server' to avoid "
                + "connections piling up"),
            ConfigTexts.warnings(
                "frontend f",                  // 1
                "    bind :80",                // 2
                "    default_backend b",       // 3
                "backend b",                   // 4
                "    timeout tunnel 1h",       // 5 tunnel does not replace connect/server
                "    server s 127.0.0.1:1",    // 6
                "listen l",                    // 7
                "    bind :81",                // 8
                "    server s 127.0.0.1:1",    // 9
                "backend c",                   // 10
                "    timeout connect 1s"));    // 11
    }
}
