package dev.baton.log;

import dev.baton.support.ExternalTool;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The HAProxy 2.6 the side-by-side tests of this package run next to the daemon. */
public final class Haproxy26 {
    private Haproxy26() {
    }

    /** Skips the test when haproxy is not installed, except under CI, where it must be. */
    public static void assumeInstalled() {
        final boolean installed = ExternalTool.available("haproxy");
        if (System.getenv("CI") != null) {
            assertTrue(installed, "haproxy (Debian package haproxy, 2.6) must be installed under CI");
        }
        assumeTrue(installed, "haproxy is not installed (apt-get install haproxy); CI installs it");
    }

    /**
     * Runs {@code haproxy -db -f cfg} (its output to {@code out}), waits until {@code ready} holds (failing if haproxy
     * exits), returns what {@code observe} saw, and stops haproxy by its process whatever happened.
     */
    public static <T> T around(final Path cfg, final Path out, final Callable<Boolean> ready,
                               final Callable<T> observe) throws Exception {
        final Process p = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString())
            .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            await("haproxy started").atMost(Duration.ofSeconds(10)).until(() -> {
                if (!p.isAlive()) {
                    throw new AssertionError("haproxy exited: " + Files.readString(out));
                }
                return ready.call();
            });
            return observe.call();
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Whether something accepts connections on 127.0.0.1:{@code port}. */
    public static boolean listening(final int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return s.isConnected();
        } catch (final IOException e) {
            return false;
        }
    }
}
