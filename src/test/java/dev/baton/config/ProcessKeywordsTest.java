package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The global process keywords: {@code quiet}, {@code zero-warning}, {@code [no] strict-limits}, and the rest. */
class ProcessKeywordsTest {
    @Test
    void defaultsAreHaproxysStrictLimitsOnAndNothingElse() throws ConfigException {
        final ProcessOptions p = ConfigTexts.parseGlobal("maxconn 10").process();
        assertEquals(ProcessOptions.DEFAULTS, p);
        assertTrue(p.strictLimits());
        assertEquals(1000, p.boundedFileLimit(1000));
    }

    @Test
    void eachKeywordIsCarried() throws ConfigException {
        final ProcessOptions p = ConfigTexts.parseGlobal("quiet", "zero-warning", "no strict-limits",
            "fd-hard-limit 5000", "thread-groups 1", "grace 2s", "server-state-file st", "server-state-base /var/lib/b",
            "server-state-file other").process();
        assertEquals(new ProcessOptions(true, true, false, 5000, 2000, "st", "/var/lib/b", true, false, false, -1), p);
        assertEquals("/var/lib/b/st", p.serverStatePath("st"));
        assertEquals("/abs", p.serverStatePath("/abs"));
        assertEquals(5000, p.boundedFileLimit(1_048_576));
        assertEquals(300, p.boundedFileLimit(300));
    }

    @Test
    void strictLimitsCanBeTurnedBackOn() throws ConfigException {
        assertTrue(ConfigTexts.parseGlobal("no strict-limits", "strict-limits").process().strictLimits());
        assertFalse(ConfigTexts.parseGlobal("strict-limits", "no strict-limits").process().strictLimits());
    }

    @Test
    void refusalsSayWhy() {
        assertEquals(List.of(
                "t.cfg:2: 'thread-groups' value must be between 1 and 1 (was 2): HAProxy 2.6 and baton run every "
                    + "thread in one group; size them with 'nbthread'",
                "t.cfg:4: 'fd-hard-limit' already specified",
                "t.cfg:5: 'no quiet' is not supported: the option cannot be negated"),
            ConfigTexts.errors(ConfigTexts.inGlobal("thread-groups 2", "fd-hard-limit 100", "fd-hard-limit 200",
                "no quiet")));
        assertEquals(1, ConfigTexts.errors(ConfigTexts.inGlobal("fd-hard-limit lots")).size());
        assertEquals(1, ConfigTexts.errors(ConfigTexts.inGlobal("quiet please")).size());
        assertEquals(1, ConfigTexts.errors(ConfigTexts.inGlobal("grace")).size());
    }

    @Test
    void listenerMultiQueueIsOnByDefaultAndCanBeTurnedOff() throws ConfigException {
        assertTrue(ConfigTexts.parseGlobal("maxconn 10").process().listenerMultiQueue());
        assertFalse(ConfigTexts.parseGlobal("tune.listener.multi-queue off").process().listenerMultiQueue());
        assertTrue(ConfigTexts.parseGlobal("tune.listener.multi-queue off", "tune.listener.multi-queue on").process()
            .listenerMultiQueue());
        assertEquals(List.of("t.cfg:2: 'tune.listener.multi-queue' expects either 'on' or 'off' but got 'fair'."),
            ConfigTexts.errors(ConfigTexts.inGlobal("tune.listener.multi-queue fair")));
    }

    @Test
    void masterWorkerIsAcceptedAsDashWButNotItsNoExitOnFailure() throws ConfigException {
        assertEquals(ProcessOptions.DEFAULTS, ConfigTexts.parseGlobal("master-worker").process());
        final List<String> errors = ConfigTexts.errors(ConfigTexts.inGlobal("master-worker no-exit-on-failure",
            "master-worker sometimes"));
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("Restart=on-failure"), errors.get(0));
    }
}
