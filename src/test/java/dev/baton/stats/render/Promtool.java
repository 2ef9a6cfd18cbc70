package dev.baton.stats.render;

import dev.baton.support.ExternalTool;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code promtool check metrics}, Prometheus's own linter of the exposition format. Tests using it are
 * skipped where it is not installed (Debian package {@code prometheus}); CI installs it ({@code .ci/run}).
 */
public final class Promtool {
    private Promtool() {
    }

    /** Fails unless promtool accepts {@code exposition} without any problem. */
    public static void check(final String exposition) throws IOException, InterruptedException {
        final ExternalTool.Result r = ExternalTool.run(exposition, "apt-get install prometheus", "promtool", "check",
            "metrics");
        assertEquals("", r.output(), "promtool check metrics");
        assertEquals(0, r.status(), "promtool exit status");
    }
}
