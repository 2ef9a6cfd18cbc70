package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue keywords (issue 12): server {@code maxqueue} and {@code minconn}, {@code fullconn} and its default,
 * {@code timeout queue} and its fallback, {@code option abortonclose}. Where a section lacks the side a keyword
 * acts on, HAProxy 2.6 warns and ignores it; so does baton (the texts HAProxy printed are quoted per test).
 */
class QueueConfigTest {
    private static final List<String> TIMEOUTS = List.of(
        "defaults",
        "    timeout connect 1s",
        "    timeout client 1s",
        "    timeout server 1s");

    private static BatonConfig parse(final String... lines) throws ConfigException {
        return ConfigTexts.parse(ConfigTexts.concat(TIMEOUTS, lines));
    }

    private static ProxyConfig frontend(final BatonConfig config, final String name) {
        return config.frontends().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void maxqueueAndMinconnAreReadAndInheritedFromDefaultServer() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "defaults",
            "    timeout connect 1s",
            "    timeout server 1s",
            "    default-server maxqueue 7 minconn 3",
            "backend b",
            "    server inherits 127.0.0.1:1",
            "    server overrides 127.0.0.1:2 maxqueue 0 minconn 12 maxconn 40",
            "    default-server maxqueue 9",
            "    server later 127.0.0.1:3",
            "defaults",
            "    timeout connect 1s",
            "    timeout server 1s",
            "backend plain",
            "    server none 127.0.0.1:4");
        final List<ServerConfig> b = config.backend("b").servers();
        assertEquals(List.of(7, 0, 9), b.stream().map(ServerConfig::maxqueue).toList());
        assertEquals(List.of(3, 12, 3), b.stream().map(ServerConfig::minconn).toList());
        assertEquals(40, b.get(1).maxconn());
        final ServerConfig none = config.backend("plain").servers().get(0);
        assertEquals(0, none.maxqueue(), "unset");
        assertEquals(0, none.minconn(), "unset");
    }

    @Test
    void maxqueueAndMinconnTakeNonNegativeIntegersAsMaxconnDoes() {
        // HAProxy 2.6 reads these with atol() and takes "many" as 0 and -1 as a huge unsigned value, silently;
        // baton refuses them as it refuses the same values for maxconn
        assertEquals(List.of(
            "t.cfg:6: 'maxqueue' expects a non-negative integer, got 'many'",
            "t.cfg:7: 'minconn' expects a non-negative integer, got '-1'",
            "t.cfg:8: 'maxqueue' expects a non-negative integer",
            "t.cfg:9: 'minconn' expects a non-negative integer of at most 2147483647, got '2147483648'",
            "t.cfg:10: unknown server keyword 'maxqeue'; did you mean 'maxqueue'?"),
            ConfigTexts.errors(ConfigTexts.concat(TIMEOUTS,
                "backend b",                                   // 5
                "    server s1 127.0.0.1:1 maxqueue many",     // 6
                "    server s2 127.0.0.1:1 minconn -1",        // 7
                "    default-server maxqueue",                 // 8
                "    server s4 127.0.0.1:1 minconn 2147483648", // 9
                "    server s5 127.0.0.1:1 maxqeue 3")));      // 10
    }

    @Test
    void fullconnIsReadInBackendListenAndDefaults() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "global",
            "    maxconn 1000",
            "defaults",
            "    timeout connect 1s",
            "    timeout client 1s",
            "    timeout server 1s",
            "    fullconn 77",
            "backend inherits",
            "    server s 127.0.0.1:1",
            "backend own",
            "    fullconn 40",
            "    server s 127.0.0.1:1",
            "backend zero",
            "    fullconn 0",             // HAProxy's "unset": computed (no frontend reaches it: 1)
            "    server s 127.0.0.1:1",
            "listen l",
            "    bind 127.0.0.1:1",
            "    fullconn 5",
            "    server s 127.0.0.1:1");
        assertEquals(77, config.backend("inherits").fullconn());
        assertEquals(77, config.backend("inherits").configuredFullconn());
        assertEquals(40, config.backend("own").fullconn());
        assertEquals(0, config.backend("zero").configuredFullconn());
        assertEquals(1, config.backend("zero").fullconn());
        assertEquals(5, config.backend("l").fullconn());
    }

    @Test
    void fullconnInAFrontendIsIgnoredWithAWarningAsInHaproxy() throws ConfigException {
        // haproxy 2.6.12 -c: "'fullconn' ignored because frontend 'f' has no backend capability. Maybe you want
        // 'maxconn' instead ?"
        final String[] lines = ConfigTexts.concat(TIMEOUTS,
            "frontend f",                 // 5
            "    bind 127.0.0.1:1",
            "    fullconn 50",            // 7
            "    default_backend b",
            "backend b",
            "    server s 127.0.0.1:1");
        assertEquals(List.of("t.cfg:7: 'fullconn' is ignored in frontend 'f', which has no server of its own (as in"
            + " HAProxy); limit the frontend with 'maxconn N'"), ConfigTexts.warnings(lines));
        final ProxyConfig f = frontend(ConfigTexts.parse(lines), "f");
        assertEquals(0, f.fullconn());
        assertEquals(0, f.configuredFullconn());
    }

    @Test
    void fullconnErrors() {
        // haproxy 2.6.12 -c: "'fullconn' cannot handle unexpected argument '20'." and "'fullconn' expects an
        // integer argument."; it takes "abc" as 0 and -1 as a huge value, which baton refuses
        assertEquals(List.of(
            "t.cfg:6: 'fullconn' expects a non-negative integer, got 'abc'",
            "t.cfg:7: 'fullconn' expects a non-negative integer, got '-1'",
            "t.cfg:8: 'fullconn' cannot handle unexpected argument '20'",
            "t.cfg:9: 'fullconn' expects a non-negative integer"),
            ConfigTexts.errors(ConfigTexts.concat(TIMEOUTS,
                "backend b",                 // 5
                "    fullconn abc",          // 6
                "    fullconn -1",           // 7
                "    fullconn 10 20",        // 8
                "    fullconn",              // 9
                "    server s 127.0.0.1:1")));
    }

    /**
     * The configuration checked against HAProxy 2.6.12's {@code show stat} (a backend's {@code slim} is its
     * fullconn): A 30, B 130, L 6, L2 4, C 4, D 42, E 1.
     */
    private static final String[] REACH = {
        "defaults",
        "    mode http",
        "    timeout connect 1s",
        "    timeout client 1s",
        "    timeout server 1s",
        "frontend f1",
        "    bind 127.0.0.1:1",
        "    maxconn 300",
        "    use_backend B if { path_beg /b }",
        "    use_backend B if { path_beg /c }",   // the same backend again: counted once
        "    use_backend A if { path_beg /a }",   // the default backend: not counted twice
        "    default_backend A",
        "frontend f2",
        "    bind 127.0.0.1:2",                   // no maxconn: counts the global one
        "    use_backend B",
        "listen L",
        "    bind 127.0.0.1:3",
        "    maxconn 55",
        "    server s 127.0.0.1:9",
        "listen L2",
        "    bind 127.0.0.1:4",
        "    maxconn 33",
        "    use_backend C if { path_beg /c }",   // a listen reaches itself and its switch targets
        "    server s 127.0.0.1:9",
        "backend A",
        "    server s 127.0.0.1:9",
        "backend B",
        "    server s 127.0.0.1:9",
        "backend C",
        "    server s 127.0.0.1:9",
        "backend D",
        "    fullconn 42",
        "    server s 127.0.0.1:9",
        "backend E",                              // no frontend reaches it
        "    server s 127.0.0.1:9"};

    @Test
    void fullconnDefaultsToATenthOfTheFrontendsThatReachTheBackend() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(ConfigTexts.concat(List.of("global", "    maxconn 1000"), REACH));
        assertEquals(300 / 10, config.backend("A").fullconn());              // f1
        assertEquals((300 + 1000) / 10, config.backend("B").fullconn());     // f1 once, f2 with the global maxconn
        assertEquals((55 + 9) / 10, config.backend("L").fullconn());         // its own 55, rounded up
        assertEquals((33 + 9) / 10, config.backend("L2").fullconn());        // its own 33, rounded up
        assertEquals((33 + 9) / 10, config.backend("C").fullconn());         // L2's 33
        assertEquals(42, config.backend("D").fullconn());                    // configured
        assertEquals(1, config.backend("E").fullconn());                     // nothing reaches it: at least 1
        assertEquals(0, frontend(config, "f1").fullconn(), "a frontend has none");
    }

    @Test
    void withoutAGlobalMaxconnFullconnIsResolvedOnceTheDaemonDerivedOne() throws ConfigException {
        final BatonConfig parsed = ConfigTexts.parse(REACH);
        assertEquals(0, parsed.backend("B").fullconn(), "not resolved before the global limit is known");
        assertEquals(42, parsed.backend("D").configuredFullconn());
        final BatonConfig resolved = parsed.withFullconnResolved(4000);
        assertEquals(300 / 10, resolved.backend("A").fullconn());
        assertEquals((300 + 4000) / 10, resolved.backend("B").fullconn());
        assertEquals(42, resolved.backend("D").fullconn());
        assertEquals(1, resolved.backend("E").fullconn());
        assertEquals(resolved, resolved.withFullconnResolved(4000), "idempotent");
        // f1's 300 and f2 at the new global 9, rounded up
        assertEquals((300 + 9 + 9) / 10, resolved.withFullconnResolved(9).backend("B").fullconn(), "recomputed");
    }

    @Test
    void theSumOfLargeLimitsDoesNotOverflow() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(ConfigTexts.concat(TIMEOUTS,
            "frontend f1",
            "    bind 127.0.0.1:1",
            "    maxconn 2147483647",
            "    default_backend b",
            "frontend f2",
            "    bind 127.0.0.1:2",
            "    default_backend b",
            "backend b",
            "    server s 127.0.0.1:9"));
        assertEquals((2147483647L * 2 + 9) / 10, (long) config.withFullconnResolved(Integer.MAX_VALUE)
            .backend("b").fullconn());
        assertEquals(1, FullconnDefaults.fromFrontends(0));
        assertEquals(Integer.MAX_VALUE, FullconnDefaults.fromFrontends(Long.MAX_VALUE - 9));
    }

    @Test
    void aUseBackendWithAComputedNameCountsForNoBackend() throws ConfigException {
        // HAProxy leaves dynamic use_backend rules out of the sum: the backend they may name is reached by nothing
        final List<String> head = new java.util.ArrayList<>(List.of("global", "    maxconn 1000"));
        head.addAll(TIMEOUTS);
        final BatonConfig config = ConfigTexts.parse(ConfigTexts.concat(head,
            "frontend f",
            "    mode http",
            "    maxconn 200",
            "    bind 127.0.0.1:1",
            "    default_backend b",
            "    use_backend %[req.hdr(x-be)]",
            "backend b",
            "    mode http",
            "    server s 127.0.0.1:9",
            "backend c",
            "    mode http",
            "    server s 127.0.0.1:9"));
        assertEquals(200 / 10, config.backend("b").fullconn());
        assertEquals(1, config.backend("c").fullconn());
    }

    @Test
    void timeoutQueueFallsBackToTimeoutConnect() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "defaults",
            "    timeout client 1s",
            "    timeout server 1s",
            "    timeout queue 3s",
            "backend inherits",
            "    timeout connect 1s",
            "    server s 127.0.0.1:1",
            "defaults",
            "    timeout client 1s",
            "    timeout server 1s",
            "backend own",
            "    timeout connect 1s",
            "    timeout queue 7s",
            "    server s 127.0.0.1:1",
            "backend fallback",
            "    timeout connect 2s",
            "    server s 127.0.0.1:1",
            "backend zero",
            "    timeout connect 2s",
            "    timeout queue 0",          // 0 is unset for HAProxy too: the connect timeout applies
            "    server s 127.0.0.1:1",
            "backend neither",
            "    server s 127.0.0.1:1",
            "listen l",
            "    bind 127.0.0.1:1",
            "    timeout queue 4s",
            "    server s 127.0.0.1:1");
        assertEquals(3000, config.backend("inherits").timeouts().queueMs());
        assertEquals(7000, config.backend("own").timeouts().queueMs());
        assertEquals(2000, config.backend("fallback").timeouts().queueMs());
        assertEquals(0, config.backend("fallback").timeouts().timeoutQueueMs(), "as written");
        assertEquals(2000, config.backend("zero").timeouts().queueMs());
        assertEquals(0, config.backend("neither").timeouts().queueMs(), "no deadline");
        assertEquals(4000, config.backend("l").timeouts().queueMs());
    }

    @Test
    void timeoutQueueInAFrontendIsIgnoredWithAWarningAsInHaproxy() throws ConfigException {
        // haproxy 2.6.12 -c: "'timeout queue' will be ignored because frontend 'f' has no backend capability"
        final String[] lines = {
            "defaults",
            "    timeout connect 1s",
            "    timeout client 1s",
            "    timeout server 1s",
            "    timeout queue 9s",
            "frontend f",                 // 6
            "    bind 127.0.0.1:1",
            "    timeout queue 2s",       // 8
            "    default_backend b",
            "backend b",
            "    server s 127.0.0.1:1"};
        assertEquals(List.of("t.cfg:8: 'timeout queue' is ignored in a 'frontend' section, which lacks that side"),
            ConfigTexts.warnings(lines));
        final BatonConfig config = ConfigTexts.parse(lines);
        assertEquals(0, frontend(config, "f").timeouts().queueMs(), "a frontend has no queue timeout");
        assertEquals(9000, config.backend("b").timeouts().queueMs());
        assertEquals(List.of("t.cfg:6: 'timeout queue' expects a time such as 30s"),
            ConfigTexts.errors(ConfigTexts.concat(TIMEOUTS, "backend b", "    timeout queue",
                "    server s 127.0.0.1:1")));
    }

    @Test
    void abortoncloseIsABackendOptionInBothModes() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "defaults",
            "    timeout connect 1s",
            "    timeout client 1s",
            "    timeout server 1s",
            "    option abortonclose",
            "backend inherits",
            "    mode http",
            "    server s 127.0.0.1:1",
            "backend cleared",
            "    no option abortonclose",
            "    server s 127.0.0.1:1",
            "listen l",
            "    mode tcp",
            "    bind 127.0.0.1:1",
            "    server s 127.0.0.1:1",
            "defaults",
            "    timeout connect 1s",
            "    timeout server 1s",
            "backend off",
            "    server s 127.0.0.1:1",
            "backend on",
            "    mode tcp",
            "    option abortonclose",
            "    server s 127.0.0.1:1");
        assertTrue(config.backend("inherits").abortOnClose());
        assertFalse(config.backend("cleared").abortOnClose());
        assertTrue(config.backend("l").abortOnClose());
        assertFalse(config.backend("off").abortOnClose());
        assertTrue(config.backend("on").abortOnClose());
    }

    @Test
    void abortoncloseInAFrontendIsIgnoredWithAWarningAsInHaproxy() throws ConfigException {
        // haproxy 2.6.12 -c, for both lines: "'abortonclose' ignored because frontend 'f' has no backend
        // capability."
        final String[] lines = ConfigTexts.concat(TIMEOUTS,
            "frontend f",                        // 5
            "    bind 127.0.0.1:1",
            "    option abortonclose",           // 7
            "    no option abortonclose",        // 8
            "    option abortonclose",           // 9
            "    default_backend b",
            "backend b",
            "    server s 127.0.0.1:1");
        assertEquals(List.of(
            "t.cfg:7: 'option abortonclose' is ignored in a 'frontend' section, which lacks that side",
            "t.cfg:8: 'no option abortonclose' is ignored in a 'frontend' section, which lacks that side",
            "t.cfg:9: 'option abortonclose' is ignored in a 'frontend' section, which lacks that side"),
            ConfigTexts.warnings(lines));
        final BatonConfig config = ConfigTexts.parse(lines);
        assertFalse(frontend(config, "f").abortOnClose());
        assertFalse(config.backend("b").abortOnClose(), "a frontend's line does not reach its backend");
        // haproxy 2.6.12 -c: "'option abortonclose' cannot handle unexpected argument 'foo'."
        assertEquals(List.of("t.cfg:6: 'option abortonclose' cannot handle unexpected argument 'foo'"),
            ConfigTexts.errors(ConfigTexts.concat(TIMEOUTS, "backend b", "    option abortonclose foo",
                "    server s 127.0.0.1:1")));
    }
}
