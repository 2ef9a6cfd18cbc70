package dev.baton;

import dev.baton.config.BatonConfig;
import dev.baton.config.ConfigLoader;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backend's default {@code fullconn} is a tenth of the limits of the frontends that reach it, a frontend without
 * {@code maxconn} counting the global one. Without a global {@code maxconn}, the daemon derives one at start-up
 * (from the descriptor limit) and only then can the default be computed: the backends it builds must carry it.
 */
class FullconnThroughDaemonTest {
    private static String config(final String global) throws Exception {
        return String.join("\n",
            "global",
            "    nbthread 1",
            global,
            "defaults",
            "    timeout connect 1s",
            "    timeout client 1s",
            "    timeout server 1s",
            "frontend limited",
            "    bind 127.0.0.1:" + RunningDaemon.freePort(),
            "    maxconn 100",
            "    default_backend b",
            "frontend open",
            "    bind 127.0.0.1:" + RunningDaemon.freePort(),
            "    default_backend b",
            "backend b",
            "    server s 127.0.0.1:1",
            "") + "\n";
    }

    @Test
    void theDerivedGlobalMaxconnCountsForFrontendsWithoutOne() throws Exception {
        final String text = config("");
        final BatonConfig parsed = ConfigLoader.parse("test.cfg", text, Map.of());
        assertEquals(0, parsed.backend("b").fullconn(), "unknown until the global limit is derived");
        try (RunningDaemon d = RunningDaemon.start(text)) {
            final int globalMax = d.daemon().limits().globalMax();
            assertTrue(globalMax > 0);
            final long expected = (100L + globalMax + 9) / 10; // a tenth, rounded up
            assertEquals(expected, d.daemon().backend("b").config().fullconn());
            assertEquals(expected, d.daemon().config().backend("b").fullconn());
        }
    }

    @Test
    void aConfiguredGlobalMaxconnIsUsedAsIs() throws Exception {
        try (RunningDaemon d = RunningDaemon.start(config("    maxconn 500"))) {
            assertEquals((100 + 500) / 10, d.daemon().backend("b").config().fullconn());
        }
    }
}
