package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code id}, {@code disabled}/{@code enabled}, {@code description}, {@code grace} and the socket and stream options
 * as HAProxy 2.6 reads them: ids numbered as HAProxy numbers proxies, the options kept on the side and mode they
 * apply to, {@code tcp-smart-accept} on by default in {@code mode http}.
 */
class ProxyExtrasConfigTest {
    private static final List<String> DEFAULTS = List.of(
        "defaults", "    timeout connect 1s", "    timeout client 1s", "    timeout server 1s");

    private static ProxyConfig proxy(final BatonConfig c, final String name) {
        return c.proxies().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static BatonConfig parse(final String... lines) throws ConfigException {
        return ConfigTexts.parse(ConfigTexts.concat(DEFAULTS, lines));
    }

    @Test
    void idsAreForcedOrNumberedAroundTheForcedOnesAsHaproxy() throws ConfigException {
        // HAProxy 2.6 with the same sections and a stats socket shows fe=2, fe2=3, be=7, be2=5 in show stat
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(List.of("global",
                "    stats socket /tmp/baton-ids-test.sock"), ConfigTexts.concat(DEFAULTS,
            "frontend fe", "    bind 127.0.0.1:1", "    default_backend be",
            "frontend fe2", "    bind 127.0.0.1:2", "    default_backend be",
            "backend be", "    id 7", "    server s 127.0.0.1:1",
            "backend be2", "    server s 127.0.0.1:1")));
        assertEquals(List.of(2, 3, 7, 5), c.proxies().stream().map(p -> p.extras().id()).toList());
        final BatonConfig noSocket = parse("listen a", "    bind 127.0.0.1:1", "    server s 127.0.0.1:1",
            "listen b", "    id 1", "    server s 127.0.0.1:1");
        assertEquals(List.of(2, 1), noSocket.proxies().stream().map(p -> p.extras().id()).toList(),
            "1 is taken by b's id");
    }

    @Test
    void anIdIsPositiveAndUnique() {
        assertEquals(List.of("t.cfg:9: backend 'b' reuses same custom id 3 as frontend 'f' (declared at t.cfg:5)"),
            ConfigTexts.errors(ConfigTexts.concat(DEFAULTS,
                "frontend f", "    id 3", "    bind 127.0.0.1:1", "    default_backend b",
                "backend b", "    id 3", "    server s 127.0.0.1:1")));
        assertTrue(ConfigTexts.errors(ConfigTexts.concat(DEFAULTS, "listen l", "    id 0"))
            .get(0).contains("custom id has to be > 0"));
        assertTrue(ConfigTexts.errors(ConfigTexts.concat(DEFAULTS, "    id 4")).get(0).contains("'id'"),
            "not in defaults");
    }

    @Test
    void disabledIsInheritedAndUndoneByEnabled() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(
            "defaults", "    timeout connect 1s", "    timeout client 1s", "    timeout server 1s", "    disabled",
            "listen off", "    bind 127.0.0.1:1", "    server s 127.0.0.1:1",
            "listen on", "    enabled", "    bind 127.0.0.1:2", "    server s 127.0.0.1:1");
        assertTrue(proxy(c, "off").disabled());
        assertFalse(proxy(c, "on").disabled());
    }

    @Test
    void aDisabledFrontendTakesNoAddress() throws ConfigException {
        final BatonConfig c = parse("frontend old", "    disabled", "    bind 127.0.0.1:1", "    default_backend b",
            "frontend new", "    bind 127.0.0.1:1", "    default_backend b", "backend b", "    server s 127.0.0.1:1");
        assertTrue(proxy(c, "old").disabled());
        assertTrue(ConfigTexts.errors(ConfigTexts.concat(DEFAULTS, "frontend old", "    bind 127.0.0.1:1",
            "    default_backend b", "frontend new", "    bind 127.0.0.1:1", "    default_backend b", "backend b",
            "    server s 127.0.0.1:1")).get(0).contains("is already used by"), "both enabled: the second is refused");
    }

    @Test
    void monitorNetGetsHaproxysRemovalHint() {
        assertTrue(ConfigTexts.errors(ConfigTexts.concat(DEFAULTS, "frontend f", "    monitor-net 10.0.0.0/8"))
            .contains("t.cfg:6: 'monitor-net' was removed in HAProxy 2.3 (HAProxy 2.6 refuses it too); write"
                + " 'http-request return status 200 if { src NETWORK }' instead"));
    }

    @Test
    void descriptionTakesTheRestOfTheLine() throws ConfigException {
        final BatonConfig c = parse("listen l", "    description  the   main site", "    bind 127.0.0.1:1",
            "    server s 127.0.0.1:1", "listen m", "    bind 127.0.0.1:2", "    server s 127.0.0.1:1");
        assertEquals("the main site", proxy(c, "l").extras().description());
        assertNull(proxy(c, "m").extras().description());
    }

    @Test
    void graceGetsHaproxysRemovalHint() {
        assertTrue(ConfigTexts.errors(ConfigTexts.concat(DEFAULTS, "listen l", "    grace 1s")).get(0)
            .contains("'grace' was removed in HAProxy 2.5"));
    }

    @Test
    void optionsKeepTheirSideAndModeAndTcpSmartAcceptIsOnInHttp() throws ConfigException {
        final BatonConfig c = parse(
            "listen web", "    mode http", "    bind 127.0.0.1:1", "    option nolinger", "    option http-no-delay",
            "    option independent-streams", "    option http-ignore-probes", "    option http-pretend-keepalive",
            "    option prefer-last-server", "    option http-buffer-request", "    option tcp-smart-connect",
            "    option disable-h2-upgrade", "    option contstats", "    option http-use-proxy-header",
            "    option socket-stats", "    server s 127.0.0.1:1",
            "listen quiet", "    mode http", "    bind 127.0.0.1:2", "    no option tcp-smart-accept",
            "    server s 127.0.0.1:1",
            "listen raw", "    bind 127.0.0.1:3", "    option http-buffer-request", "    option tcp-smart-accept",
            "    server s 127.0.0.1:1");
        assertEquals(new ProxyOptions(true, true, true, true, true, true, true, true, true, true, true, true, true),
            proxy(c, "web").extras().options());
        assertFalse(proxy(c, "quiet").extras().options().tcpSmartAccept());
        final ProxyOptions raw = proxy(c, "raw").extras().options();
        assertTrue(raw.tcpSmartAccept(), "forced in mode tcp");
        assertFalse(raw.httpBufferRequest(), "an HTTP option does nothing in mode tcp");
    }

    @Test
    void socketStatsIsInheritedFromDefaultsAndNoOptionTurnsItOff() throws ConfigException {
        final BatonConfig c = parse(
            "defaults", "    option socket-stats",
            "listen on", "    bind 127.0.0.1:1", "    server s 127.0.0.1:1",
            "listen off", "    bind 127.0.0.1:2", "    no option socket-stats", "    server s 127.0.0.1:1",
            "backend b", "    server s 127.0.0.1:1");
        assertTrue(proxy(c, "on").extras().options().socketStats(), "from defaults, in any mode");
        assertFalse(proxy(c, "off").extras().options().socketStats());
        assertFalse(proxy(c, "b").extras().options().socketStats(), "a frontend's option: a backend keeps none");
    }

    @Test
    void anOptionOnTheSideASectionLacksIsIgnoredWithAWarning() throws ConfigException {
        final BatonConfig c = parse(
            "frontend f", "    mode http", "    bind 127.0.0.1:1", "    option prefer-last-server",
            "    default_backend b",
            "backend b", "    mode http", "    option http-ignore-probes", "    option tcp-smart-accept",
            "    option socket-stats", "    server s 127.0.0.1:1");
        assertEquals(List.of(
            "t.cfg:8: 'option prefer-last-server' is ignored in a 'frontend' section, which lacks that side",
            "t.cfg:12: 'option http-ignore-probes' is ignored in a 'backend' section, which lacks that side",
            "t.cfg:13: 'option tcp-smart-accept' is ignored in a 'backend' section, which lacks that side",
            "t.cfg:14: 'option socket-stats' is ignored in a 'backend' section, which lacks that side"),
            ConfigTexts.render(c.warnings()));
        assertFalse(proxy(c, "b").extras().options().tcpSmartAccept());
    }

    @Test
    void noOptionUndoesTheDefaults() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(
            "defaults", "    mode http", "    timeout connect 1s", "    timeout client 1s", "    timeout server 1s",
            "    option nolinger", "    option http-buffer-request",
            "listen l", "    bind 127.0.0.1:1", "    no option nolinger", "    server s 127.0.0.1:1");
        assertFalse(proxy(c, "l").extras().options().nolinger());
        assertTrue(proxy(c, "l").extras().options().httpBufferRequest());
    }
}
