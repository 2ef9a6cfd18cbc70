package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.baton.config.CompressionAlgo.DEFLATE;
import static dev.baton.config.CompressionAlgo.GZIP;
import static dev.baton.config.CompressionAlgo.RAW_DEFLATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code compression algo|type|offload}, {@code filter compression} and the global {@code tune.comp.maxlevel},
 * {@code maxcomprate}, {@code maxcompcpuusage}, read as HAProxy 2.6.12's {@code haproxy -c} reads them.
 */
class CompressionConfigTest {
    private static final List<String> DEFAULTS = List.of(
        "defaults", "    mode http", "    timeout connect 1s", "    timeout client 1s", "    timeout server 1s");

    private static CompressionConfig compression(final BatonConfig c, final String name) {
        return c.proxies().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().extras()
            .compression();
    }

    private static String error(final String... lines) {
        final List<String> errors = ConfigTexts.errors(ConfigTexts.concat(DEFAULTS, lines));
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0);
    }

    @Test
    void algorithmsAreListedLastFirstAndTypesAccumulate() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(DEFAULTS, "listen l", "    bind 127.0.0.1:1",
            "    compression algo gzip deflate", "    compression algo raw-deflate",
            "    compression type text/html text/plain", "    compression type application/json",
            "    compression offload", "    filter compression", "    server s 127.0.0.1:1"));
        final CompressionConfig comp = compression(c, "l");
        assertEquals(List.of(RAW_DEFLATE, DEFLATE, GZIP), comp.algos());
        assertEquals(List.of("text/html", "text/plain", "application/json"), comp.types());
        assertTrue(comp.offload());
        assertEquals(CompressionTuning.DEFAULT, comp.tuning());
    }

    @Test
    void defaultsGiveAlgorithmsAndTypesButNotOffload() throws ConfigException {
        final List<String> warnings = ConfigTexts.warnings(ConfigTexts.concat(List.of("defaults", "    mode http",
                "    timeout connect 1s", "    timeout client 1s", "    timeout server 1s",
                "    compression algo gzip", "    compression type text/", "    compression offload"),
            "frontend f", "    bind 127.0.0.1:1", "    compression algo deflate", "    default_backend b",
            "backend b", "    server s 127.0.0.1:1", "backend plain", "    mode tcp", "    server s 127.0.0.1:1"));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("'offload' ignored in 'defaults' section")), warnings.toString());
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(List.of("defaults", "    mode http",
                "    timeout connect 1s", "    timeout client 1s", "    timeout server 1s",
                "    compression algo gzip", "    compression type text/", "    compression offload"),
            "frontend f", "    bind 127.0.0.1:1", "    compression algo deflate", "    default_backend b",
            "backend b", "    server s 127.0.0.1:1", "backend plain", "    mode tcp", "    server s 127.0.0.1:1"));
        assertEquals(List.of(DEFLATE, GZIP), compression(c, "f").algos());
        assertEquals(List.of(GZIP), compression(c, "b").algos());
        assertEquals(List.of("text/"), compression(c, "b").types());
        assertFalse(compression(c, "f").offload());
        assertNull(compression(c, "plain"), "mode tcp compresses nothing");
    }

    @Test
    void noCompressionLineNoCompression() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(DEFAULTS, "listen l", "    bind 127.0.0.1:1",
            "    filter compression", "    server s 127.0.0.1:1"));
        assertNull(compression(c, "l"));
    }

    @Test
    void badLinesAreRefusedAsHaproxyRefusesThem() {
        assertTrue(error("listen l", "    bind 127.0.0.1:1", "    compression algo gzip br", "    server s 127.0.0.1:1")
            .contains("'br' is not a supported algorithm"));
        assertTrue(error("listen l", "    bind 127.0.0.1:1", "    compression algo-req gzip",
            "    server s 127.0.0.1:1").contains("'compression' expects 'algo', 'type' or 'offload'"));
        assertTrue(error("listen l", "    bind 127.0.0.1:1", "    compression", "    server s 127.0.0.1:1")
            .contains("'compression' expects 'algo', 'type' or 'offload'"));
        assertTrue(error("listen l", "    bind 127.0.0.1:1", "    compression algo", "    server s 127.0.0.1:1")
            .contains("<algorithm>"));
        assertTrue(error("listen l", "    bind 127.0.0.1:1", "    compression type", "    server s 127.0.0.1:1")
            .contains("<type>"));
        assertTrue(error("listen l", "    bind 127.0.0.1:1", "    filter compression", "    filter compression",
            "    server s 127.0.0.1:1").contains("Proxy supports only one compression filter"));
        assertTrue(error("listen l", "    bind 127.0.0.1:1", "    filter trace", "    server s 127.0.0.1:1")
            .contains("'filter trace' is a HAProxy keyword that baton does not implement yet"));
        assertTrue(error("listen l", "    bind 127.0.0.1:1", "    filter compression x", "    server s 127.0.0.1:1")
            .contains("unknown keyword 'x'"));
        assertTrue(error("    filter compression", "listen l", "    bind 127.0.0.1:1", "    server s 127.0.0.1:1")
            .contains("'filter' is not allowed in a 'defaults' section"));
    }

    @Test
    void globalTuningReachesEveryProxy() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(List.of("global", "    tune.comp.maxlevel 6",
                "    maxcomprate 100", "    maxcompcpuusage 100"),
            ConfigTexts.concat(DEFAULTS, "listen l", "    bind 127.0.0.1:1", "    compression algo gzip",
                "    server s 127.0.0.1:1")));
        assertEquals(new CompressionTuning(6, 100 * 1024), compression(c, "l").tuning());
        assertTrue(ConfigTexts.errors(ConfigTexts.inGlobal("    tune.comp.maxlevel 0")).get(0)
            .contains("'tune.comp.maxlevel'"));
        assertTrue(ConfigTexts.errors(ConfigTexts.inGlobal("    tune.comp.maxlevel 10")).get(0)
            .contains("'tune.comp.maxlevel'"));
        assertTrue(ConfigTexts.errors(ConfigTexts.inGlobal("    tune.comp.maxlevel 5 6")).get(0)
            .contains("unexpected argument '6'"));
        assertTrue(ConfigTexts.errors(ConfigTexts.inGlobal("    maxcompcpuusage 50")).get(0)
            .contains("'maxcompcpuusage 50' is not implemented"));
        assertTrue(ConfigTexts.errors(ConfigTexts.inGlobal("    maxcompcpuusage 150")).get(0)
            .contains("'maxcompcpuusage'"));
    }
}
