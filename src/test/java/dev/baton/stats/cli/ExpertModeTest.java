package dev.baton.stats.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code expert-mode} and the expert commands {@code debug dev loop|delay}: the answers are HAProxy 2.6's, word for
 * word (compared by hand with socat against haproxy 2.6.12 on the same commands).
 */
class ExpertModeTest {
    @TempDir
    Path dir;

    @Test
    void expertCommandsAreRefusedAndHiddenUntilExpertModeIsOn() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir)) {
            assertEquals("expert-mode is OFF\n\n", CliClient.exchange(d.admin, "expert-mode"));
            assertEquals("This command is restricted to expert mode only.\n\n",
                CliClient.exchange(d.admin, "debug dev loop 10"));
            assertFalse(CliClient.exchange(d.admin, "help").contains("debug dev loop"));
            assertEquals("\nexpert-mode is ON\n\n", CliClient.exchange(d.admin, "expert-mode on; expert-mode"));
            assertEquals("\n\n", CliClient.exchange(d.admin, "expert-mode on; debug dev loop 10"));
            assertTrue(CliClient.exchange(d.admin, "expert-mode on; help debug").contains(
                "  debug dev delay [ms]"));
            assertEquals("\n\nexpert-mode is OFF\n\n",
                CliClient.exchange(d.admin, "expert-mode on; expert-mode off; expert-mode"));
        }
    }

    @Test
    void expertModeNeedsTheAdminLevel() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir)) {
            assertEquals("Permission denied\n\n", CliClient.exchange(d.user, "expert-mode on"));
            assertEquals("Permission denied\n\n", CliClient.exchange(d.oper, "expert-mode on"));
        }
    }

    @Test
    void debugDevDelayStallsTheRuntimeApisReactorForThatLong() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir)) {
            final long start = System.nanoTime();
            CliClient.exchange(d.admin, "expert-mode on; debug dev delay 400");
            final long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs >= 400, "the answer comes after the delay, took " + tookMs + " ms");
        }
    }
}
