package dev.baton.config;

import dev.baton.http.cache.HttpCache;
import dev.baton.http.rules.CacheRule;
import dev.baton.http.rules.HttpRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cache} sections and the {@code cache-use}/{@code cache-store} rules: values, defaults and errors. */
class CacheConfigTest {
    @Test
    void defaultsAreHaproxys() throws ConfigException {
        final BatonConfig c = HttpTexts.parse(
            "cache small",                                  // 12
            "    total-max-size 4");
        final HttpCache cache = c.caches().get("small");
        assertEquals(4096, cache.maxBlocks(), "4 MB of 1 kB blocks");
        assertEquals(4 * 1024 * 1024 / 256, cache.maxObjectSize(), "a 256th of the total");
        assertEquals(60, cache.maxAgeS());
        assertFalse(cache.processVary());
        assertEquals(10, cache.maxSecondaryEntries());
    }

    @Test
    void settingsAndRulesAreRead() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(
            "frontend f",
            "    mode http",
            "    bind :80",
            "    timeout client 1s",
            "    http-request cache-use c if { path_beg /static }",
            "    default_backend b",
            "backend b",
            "    mode http",
            "    timeout connect 1s",
            "    timeout server 1s",
            "    http-request cache-use c",
            "    http-response cache-store c unless { status 404 }",
            "    server s 127.0.0.1:1",
            "cache c",
            "    total-max-size 2",
            "    max-object-size 10000",
            "    max-age 240",
            "    process-vary on",
            "    max-secondary-entries 3");
        final HttpCache cache = c.caches().get("c");
        assertEquals(List.of(2048, 10000, 240, 3), List.of(cache.maxBlocks(), cache.maxObjectSize(), cache.maxAgeS(),
            cache.maxSecondaryEntries()));
        assertTrue(cache.processVary());
        final HttpRule use = c.backend("b").http().requestRules().get(0);
        final HttpRule store = c.backend("b").http().responseRules().get(0);
        assertEquals(HttpRule.Kind.CACHE_USE, use.kind());
        assertEquals(HttpRule.Kind.CACHE_STORE, store.kind());
        assertSame(cache, ((CacheRule) use).cache().cache(), "resolved to the section declared after the proxies");
        assertSame(cache, ((CacheRule) store).cache().cache());
        final HttpRule fe = c.frontends().get(0).http().requestRules().get(0);
        assertSame(cache, ((CacheRule) fe).cache().cache());
    }

    @Test
    void sectionErrors() {
        assertEquals(List.of(
            "t.cfg:13: 'cache' expects a <name> argument",
            "t.cfg:14: Size not specified for cache 'a'",
            "t.cfg:15: 'total-max-size' expects an integer between 0 and 4095, got '4096'",
            "t.cfg:16: 'max-age' expects a non-negative integer, got 'soon'",
            "t.cfg:18: 'process-vary' expects \"on\" or \"off\", got 'yes'",
            "t.cfg:19: 'max-secondary-entries' expects a positive integer, got '0'",
            "t.cfg:20: unknown keyword 'max-size' in 'cache' section",
            "t.cfg:22: Duplicate cache name 'a'.",
            "t.cfg:23: \"max-object-size\" is limited to an half of \"total-max-size\" => 524288"),
            ConfigTexts.errors(HttpTexts.with(
                "# twelve",                                 // 12
                "cache",                                    // 13
                "cache a",                                  // 14
                "    total-max-size 4096",                  // 15
                "    max-age soon",                         // 16
                "    process-vary on",                      // 17
                "    process-vary yes",                     // 18
                "    max-secondary-entries 0",              // 19
                "    max-size 3",                           // 20
                "    max-object-size 1",                    // 21
                "cache a",                                  // 22
                "cache b",                                  // 23
                "    total-max-size 1",                     // 24
                "    max-object-size 524289")));            // 25
    }

    @Test
    void ruleErrors() {
        assertEquals(List.of(
            "t.cfg:6: 'http-request cache-use' expects a cache name",
            "t.cfg:7: 'http-request cache-use' expects a cache name",
            "t.cfg:8: unknown 'http-response' action 'cache-use'",
            "t.cfg:9: unknown 'http-request' action 'cache-store'",
            "t.cfg:10: frontend 'f': unable to find the cache 'nope' referenced by the filter 'cache'."),
            ConfigTexts.errors(HttpTexts.inFrontend(
                "    http-request cache-use",                   // 6
                "    http-request cache-use if { path / }",     // 7
                "    http-response cache-use c",                // 8
                "    http-request cache-store c",               // 9
                "    http-request cache-use nope")));           // 10
    }

    @Test
    void aLongNameIsCutWithHaproxysWarning() throws ConfigException {
        assertEquals(List.of("t.cfg:12: cache name is limited to 32 characters, truncate to "
                + "'abcdefghijklmnopqrstuvwxyz012345'."),
            ConfigTexts.warnings(HttpTexts.with(
                "cache abcdefghijklmnopqrstuvwxyz0123456789",
                "    total-max-size 1")));
    }
}
