package dev.baton.health;

import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs the daemon and HAProxy 2.6 on the same configuration, one backend per check to compare, and compares the
 * first completed check each one shows in {@code show stat} ({@code check_status}, {@code check_code},
 * {@code last_chk}, texts included). HAProxy is stopped by its process before this returns.
 */
final class SideBySide {
    static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private SideBySide() {
    }

    /**
     * @param dir      where the configuration, the sockets and HAProxy's output go
     * @param mode     the defaults' mode
     * @param backends backend name to "config lines (separated by \n)|server port"
     */
    static void compare(final Path dir, final String mode, final Map<String, String> backends) throws Exception {
        final StringBuilder cfg = new StringBuilder("global\n    stats socket SOCKET level admin\ndefaults\n"
            + "    mode " + mode + "\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n"
            + "    timeout check 500ms\n");
        backends.forEach((name, spec) -> {
            final String[] parts = spec.split("\\|");
            cfg.append("backend ").append(name).append('\n');
            for (final String line : parts[0].split("\n")) {
                cfg.append("    ").append(line).append('\n');
            }
            cfg.append("    server s 127.0.0.1:").append(parts[1]).append(" check inter 1s\n");
        });
        final Path batonSocket = dir.resolve("baton.sock");
        final Path haproxySocket = dir.resolve("haproxy.sock");
        final Path file = dir.resolve("haproxy.cfg");
        final Path log = dir.resolve("haproxy.log");
        Files.writeString(file, cfg.toString().replace("SOCKET", haproxySocket.toString()));
        try (RunningDaemon baton = RunningDaemon.start(cfg.toString().replace("SOCKET", batonSocket.toString()))) {
            final Process p = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                final Map<String, String> fromHaproxy = new TreeMap<>();
                final Map<String, String> fromBaton = new TreeMap<>();
                await("a completed check of every backend on both sides").atMost(SETTLE)
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        if (!p.isAlive()) {
                            throw new AssertionError("haproxy exited with " + p.exitValue() + ": "
                                + Files.readString(log));
                        }
                        firstCompleted(haproxySocket, fromHaproxy);
                        firstCompleted(batonSocket, fromBaton);
                        return fromHaproxy.size() == backends.size() && fromBaton.size() == backends.size();
                    });
                assertEquals(fromHaproxy, fromBaton);
                assertEquals(backends.size(), baton.daemon().healthChecks().all().size(), "one check per server");
            } finally {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /**
     * Adds to {@code seen} the {@code check_status check_code last_chk} of each server row of {@code show stat}
     * not seen yet whose check has completed and is not running again (its {@code last_chk} is empty then).
     */
    private static void firstCompleted(final Path socket, final Map<String, String> seen) {
        final String csv;
        try {
            csv = Sockets.stats(socket, "show stat");
        } catch (final IOException e) {
            return; // not listening yet
        }
        final String[] lines = csv.split("\n");
        if (lines.length < 2 || !lines[0].startsWith("# ")) {
            return;
        }
        final List<String> header = List.of(lines[0].substring(2).split(","));
        final int status = header.indexOf("check_status");
        final int code = header.indexOf("check_code");
        final int lastChk = header.indexOf("last_chk");
        for (final String line : lines) {
            final String[] f = line.split(",", -1);
            if (f.length > lastChk && f[1].equals("s") && !f[status].startsWith("* ") && !f[status].equals("INI")
                && !f[status].isEmpty()) {
                seen.putIfAbsent(f[0], f[status] + " " + f[code] + " " + f[lastChk]);
            }
        }
    }
}
