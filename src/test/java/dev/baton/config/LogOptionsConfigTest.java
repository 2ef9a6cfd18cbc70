package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code option dontlognull}, {@code option dontlog-normal} and {@code option log-separate-errors}: frontend options,
 * taken from {@code defaults}, undone by {@code no option}, refused in a backend and with an argument.
 */
class LogOptionsConfigTest {
    private static ProxyConfig proxy(final BatonConfig config, final String name) {
        return config.proxies().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void inheritedFromDefaultsAndUndoneByNo() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "defaults",
            "    option dontlognull",
            "    option log-separate-errors",
            "frontend a",
            "    bind 127.0.0.1:1",
            "    option dontlog-normal",
            "    default_backend b",
            "frontend c",
            "    bind 127.0.0.1:3",
            "    no option dontlognull",
            "    no option log-separate-errors",
            "    default_backend b",
            "listen d",
            "    bind 127.0.0.1:4",
            "    server s 127.0.0.1:2",
            "backend b",
            "    server s 127.0.0.1:2");
        assertEquals(new LogOptions(true, true, true), proxy(config, "a").logOptions());
        assertEquals(LogOptions.NONE, proxy(config, "c").logOptions());
        assertEquals(new LogOptions(true, false, true), proxy(config, "d").logOptions());
        assertEquals(LogOptions.NONE, config.backend("b").logOptions(), "a backend logs no stream of its own");
    }

    @Test
    void refusedWithArgumentsIgnoredInABackend() {
        assertEquals(List.of(
                "t.cfg:7: 'option dontlog-normal' cannot handle unexpected argument 'x'",
                "t.cfg:8: 'no option log-separate-errors' cannot handle unexpected argument 'x'"),
            ConfigTexts.errors(
                "backend b",
                "    server s 127.0.0.1:2",
                "    option dontlognull",
                "frontend f",
                "    bind 127.0.0.1:1",
                "    default_backend b",
                "    option dontlog-normal x",
                "    no option log-separate-errors x"));
    }
}
