package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code option tcpka}, {@code clitcpka}, {@code srvtcpka}: which side of each proxy gets SO_KEEPALIVE, inherited
 * from {@code defaults}, undone by {@code no option}, and ignored with a warning on a side the section lacks, as
 * HAProxy 2.6 warns ("'clitcpka' ignored because backend 'b' has no frontend capability").
 */
class TcpKeepAliveConfigTest {
    private static ProxyConfig proxy(final BatonConfig c, final String name) {
        return c.proxies().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void eachProxyKeepsTheSidesItHas() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(
            "defaults",
            "    timeout connect 1s",
            "    timeout client 1s",
            "    timeout server 1s",
            "    option tcpka",
            "frontend f",
            "    bind 127.0.0.1:1",
            "    default_backend b",
            "backend b",
            "    server s 127.0.0.1:1",
            "listen l",
            "    bind 127.0.0.1:2",
            "    no option srvtcpka",
            "    server s 127.0.0.1:1",
            "defaults",
            "    timeout connect 1s",
            "    timeout client 1s",
            "    timeout server 1s",
            "frontend plain",
            "    bind 127.0.0.1:3",
            "    default_backend b2",
            "backend b2",
            "    option srvtcpka",
            "    server s 127.0.0.1:1");
        assertEquals(new TcpKeepAlive(true, false), proxy(c, "f").tcpKeepAlive(), "a frontend has no server side");
        assertEquals(new TcpKeepAlive(false, true), proxy(c, "b").tcpKeepAlive(), "a backend has no client side");
        assertEquals(new TcpKeepAlive(true, false), proxy(c, "l").tcpKeepAlive());
        assertEquals(TcpKeepAlive.OFF, proxy(c, "plain").tcpKeepAlive(), "off by default");
        assertEquals(new TcpKeepAlive(false, true), proxy(c, "b2").tcpKeepAlive());
    }

    @Test
    void aSideTheSectionLacksIsIgnoredWithAWarning() throws ConfigException {
        final List<String> warnings = ConfigTexts.warnings(
            "defaults",
            "    timeout connect 1s",
            "    timeout client 1s",
            "    timeout server 1s",
            "frontend f",
            "    bind 127.0.0.1:1",
            "    option srvtcpka",
            "    default_backend b",
            "backend b",
            "    option clitcpka",
            "    server s 127.0.0.1:1");
        assertEquals(List.of(
            "t.cfg:7: " + Messages.ignoredOnThisSide("option srvtcpka", Section.FRONTEND),
            "t.cfg:10: " + Messages.ignoredOnThisSide("option clitcpka", Section.BACKEND)), warnings);
    }

    @Test
    void optionsTakeNoArgument() {
        assertEquals(List.of("t.cfg:6: 'option tcpka' cannot handle unexpected argument 'now'"),
            ConfigTexts.errors(
                "defaults",
                "    timeout connect 1s",
                "    timeout client 1s",
                "    timeout server 1s",
                "frontend f",
                "    option tcpka now",
                "    bind 127.0.0.1:1",
                "    default_backend b",
                "backend b",
                "    server s 127.0.0.1:1"));
    }

    @Test
    void timingKeywordsInSecondsOrWithAUnitPerSide() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(
            "defaults",
            "    timeout connect 1s",
            "    timeout client 1s",
            "    timeout server 1s",
            "    clitcpka-idle 30",
            "    srvtcpka-intvl 1500ms",
            "listen l",
            "    bind 127.0.0.1:2",
            "    clitcpka-intvl 1m",
            "    clitcpka-cnt 5",
            "    srvtcpka-idle 2h",
            "    srvtcpka-cnt 9",
            "    server s 127.0.0.1:1");
        assertEquals(new TcpKeepAlive(false, false, 30, 60, 5, 7200, 2, 9), proxy(c, "l").tcpKeepAlive());
        assertEquals(List.of("t.cfg:6: 'clitcpka-idle' is ignored in a 'backend' section, which lacks that side"),
            ConfigTexts.warnings("defaults", "    timeout connect 1s", "    timeout server 1s", "backend b",
                "    server s 127.0.0.1:1", "    clitcpka-idle 30"));
    }
}
