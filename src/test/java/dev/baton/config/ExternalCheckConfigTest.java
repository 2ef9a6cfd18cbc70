package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code option external-check} and {@code external-check command|path}: HAProxy 2.6's checks and messages. */
class ExternalCheckConfigTest {
    private static String[] config(final String global, final String... lines) {
        final String[] head = {"global", global, "defaults", "    mode http", "    timeout client 1s",
            "    timeout connect 1s", "    timeout server 1s", "listen l", "    bind :80"};
        return ConfigTexts.concat(List.of(head), ConfigTexts.concat(List.of(lines), "    server s 127.0.0.1:1 check"));
    }

    @Test
    void theCommandAndPathAreTheBackendsAndInherited() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(List.of("global", "    external-check",
            "    insecure-fork-wanted", "defaults", "    mode tcp", "    timeout client 1s", "    timeout connect 1s",
            "    timeout server 1s", "    option external-check", "    external-check path /usr/bin:/bin"),
            "backend b", "    external-check command /opt/chk", "    server s 127.0.0.1:1 check"));
        final CheckRuleset checks = c.backend("b").checks();
        assertEquals(CheckRuleset.Kind.EXTERNAL, checks.kind());
        assertEquals(new ExternalCheck("/opt/chk", "/usr/bin:/bin"), checks.external());
        assertTrue(c.global().process().externalCheck() && c.global().process().insecureForkWanted());
    }

    @Test
    void refusalsAndWarningsAreHaproxys() throws ConfigException {
        assertEquals(List.of("t.cfg:8: Proxy 'l' : 'option external-check' unable to find required 'external-check "
            + "command'"), ConfigTexts.errors(config("    external-check", "    option external-check")));
        assertEquals(List.of("t.cfg:8: Proxy 'l' : 'option external-check' unable to find required "
            + "'global.external-check'"), ConfigTexts.errors(config("    insecure-fork-wanted",
            "    option external-check", "    external-check command /bin/true")));
        assertEquals(List.of("t.cfg:10: missing argument after 'command'"),
            ConfigTexts.errors(config("    external-check", "    external-check command")));
        assertEquals(List.of("t.cfg:10: 'external-check' only supports 'command' and 'path'. but got 'foo'"),
            ConfigTexts.errors(config("    external-check", "    external-check foo bar")));
        assertEquals(List.of("t.cfg:8: Proxy 'l' : 'insecure-fork-wanted' not enabled in the global section, "
            + "'option external-check' will likely fail"), ConfigTexts.warnings(config("    external-check",
            "    option external-check", "    external-check command /bin/true")));
        assertEquals(List.of("t.cfg:8: 'external-check command' will be ignored for proxy 'l' (requires 'option "
            + "external-check')."), ConfigTexts.warnings(config("    external-check", "    option httpchk",
            "    external-check command /bin/true")));
    }
}
