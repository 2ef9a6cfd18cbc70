package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lines real configurations carry that HAProxy 2.6 accepts: {@code default_backend} in {@code defaults} (inherited by
 * the frontends after it), {@code timeout tarpit}, and a frontend's logging options in a backend (ignored with a
 * warning, as HAProxy does).
 */
class DefaultsInheritedKeywordsTest {
    @Test
    void defaultBackendInDefaultsIsInheritedByTheFrontendsAfterIt() throws Exception {
        final BatonConfig c = ConfigTexts.parse(
            "defaults",
            "    mode http",
            "    timeout tarpit 5s",
            "    default_backend be",
            "frontend fe",
            "    bind 127.0.0.1:8080",
            "frontend other",
            "    bind 127.0.0.1:8081",
            "    default_backend be2",
            "backend be",
            "    server s1 127.0.0.1:9001",
            "backend be2",
            "    server s2 127.0.0.1:9002");
        assertEquals("be", byName(c, "fe").defaultBackend());
        assertEquals("be2", byName(c, "other").defaultBackend());
        assertNull(byName(c, "be").defaultBackend());
    }

    @Test
    void aListenSectionInheritsTheDefaultBackendAsHaproxyWhichOutranksItsServers() throws ConfigException {
        final String[] lines = {
            "defaults",
            "    mode http",
            "    default_backend be",
            "listen app",
            "    bind 127.0.0.1:8080",
            "    server s1 127.0.0.1:9001",
            "backend be",
            "    server s2 127.0.0.1:9002"};
        assertEquals("be", byName(ConfigTexts.parse(lines), "app").defaultBackend());
        assertTrue(ConfigTexts.warnings(lines).contains("t.cfg:4: In proxy 'app', the 'default_backend' rule always "
            + "has precedence over the servers, which will never be used."), ConfigTexts.warnings(lines).toString());
    }

    @Test
    void loggingOptionsInABackendAreIgnoredWithAWarning() throws Exception {
        assertEquals(List.of(
            "t.cfg:7: 'option httplog' is ignored in a 'backend' section, which lacks that side",
            "t.cfg:8: 'option tcplog' is ignored in a 'backend' section, which lacks that side",
            "t.cfg:9: 'option dontlognull' is ignored in a 'backend' section, which lacks that side"),
            ConfigTexts.warnings(
                "defaults",
                "    mode http",
                "    timeout connect 1s",
                "    timeout server 1s",
                "backend be",
                "    server s1 127.0.0.1:9001",
                "    option httplog",
                "    option tcplog",
                "    option dontlognull"));
    }

    @Test
    void timeoutTarpitIsCheckedLikeAnyTimeout() {
        assertEquals(List.of("t.cfg:3: 'timeout tarpit' expects a time such as 30s, got 'soon'"), ConfigTexts.errors(
            "defaults",
            "    mode http",
            "    timeout tarpit soon"));
    }

    private static ProxyConfig byName(final BatonConfig c, final String name) {
        return c.proxies().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
