package dev.baton.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A command-line tool a test runs (socat, promtool): found on the PATH, fed some input, its output and exit
 * status collected within a time limit. A test needing a missing tool is skipped, saying how to install it.
 */
public final class ExternalTool {
    private static final long LIMIT_S = 30;

    /** What the tool printed (standard output and error together) and its exit status. */
    public record Result(String output, int status) {
    }

    private ExternalTool() {
    }

    /** True when {@code name} is an executable on the PATH. */
    public static boolean available(final String name) {
        for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    /**
     * For a test side by side with HAProxy 2.6: skips it when {@code haproxy} is not on the PATH, except under CI
     * (environment {@code CI} set), where a missing haproxy fails it.
     */
    public static void requireHaproxy() {
        final boolean installed = available("haproxy");
        if (System.getenv("CI") != null && !installed) {
            throw new AssertionError("haproxy (Debian package haproxy, 2.6) must be installed under CI");
        }
        assumeTrue(installed, "haproxy is not installed (apt-get install haproxy); CI installs it");
    }

    /**
     * Runs {@code command} with {@code input} on its standard input; skips the test when the tool is missing
     * ({@code install} says how to get it).
     */
    public static Result run(final String input, final String install, final String... command)
        throws IOException, InterruptedException {
        assumeTrue(available(command[0]), command[0] + " is not installed (" + install + "); CI installs it");
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        final byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(LIMIT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command[0] + " did not end within " + LIMIT_S + " s");
        }
        return new Result(new String(out, StandardCharsets.UTF_8), p.exitValue());
    }
}
