package dev.baton.stats.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs {@code socat} as an operator would ({@code echo CMD | socat stdio UNIX-CONNECT:PATH}). Tests using it
 * are skipped where socat is not installed; CI installs it ({@code .ci/run}).
 */
final class Socat {
    private Socat() {
    }

    static boolean available() {
        for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "socat"))) {
                return true;
            }
        }
        return false;
    }

    /** socat's output for {@code input} sent to {@code address} (a socat address such as {@code UNIX-CONNECT:P}). */
    static String run(final String address, final String input) throws IOException, InterruptedException {
        assumeTrue(available(), "socat is not installed (apt-get install socat); CI installs it");
        final Process p = new ProcessBuilder("socat", "stdio", address).redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        final byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("socat did not end");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
