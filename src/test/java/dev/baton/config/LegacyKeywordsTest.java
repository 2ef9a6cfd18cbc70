package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Lines real configurations carry that HAProxy 2.6 takes although they change little or nothing: a {@code stats
 * realm} of several words (HAProxy keeps the first), and the multi-process {@code stats bind-process} and
 * {@code bind-process} (one process: {@code all}, {@code odd}, {@code even}, 1).
 */
class LegacyKeywordsTest {
    private static String[] listen(final String line) {
        return new String[] {"defaults", "    mode http", "    timeout client 1s", "    timeout connect 1s",
            "    timeout server 1s", "listen l", "    bind :80", line, "    server s 127.0.0.1:1"};
    }

    @Test
    void aRealmOfSeveralWordsKeepsTheFirstAsHaproxyWithAWarning() throws ConfigException {
        final String[] cfg = listen("    stats realm HAProxy Statistics");
        assertEquals("HAProxy", HttpTexts.http(ConfigTexts.parse(cfg), "l").stats().realm());
        assertEquals(List.of("t.cfg:8: 'stats realm' uses its first word only ('HAProxy'); escape the spaces with "
            + "backslashes to have 'HAProxy Statistics'"), ConfigTexts.warnings(cfg));
    }

    @Test
    void bindProcessSetsOfTheOneProcessAreTakenOthersRefused() throws ConfigException {
        for (final String set : List.of("1", "all", "odd", "even", "1-1")) {
            assertEquals(List.of(), ConfigTexts.warnings(ConfigTexts.concat(List.of("global",
                "    stats bind-process " + set), listen(""))), set);
            assertEquals(List.of("t.cfg:8: 'bind-process' has no effect, is deprecated, and will be removed in version "
                + "2.7."), ConfigTexts.warnings(listen("    bind-process " + set)), set);
        }
        assertEquals(List.of("t.cfg:2: 'stats bind-process' : '2' is not a valid number/range. It supports numbers "
            + "from 1 to 1."), ConfigTexts.errors(ConfigTexts.concat(List.of("global", "    stats bind-process 1 2"),
            listen(""))));
        assertEquals(List.of("t.cfg:8: bind-process : '1-2' is not a valid number/range. It supports numbers from 1 "
            + "to 1."), ConfigTexts.errors(listen("    bind-process 1-2")));
    }
}
