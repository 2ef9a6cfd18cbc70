package dev.baton.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.baton.support.CheckTargets.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * HAProxy 2.6 itself (Debian 12's 2.6.12, which CI installs) checks the real servers and the speakers, and
 * this table records what it makes of each: {@code check_status} and {@code check_code} of {@code show stat}.
 * It is the reference for baton's checks against the same targets: a baton check that disagrees with a row
 * here is baton's bug. It also shows the targets answer as their documentation says. Skipped where haproxy,
 * redis, MariaDB or PostgreSQL is missing; CI installs them all.
 */
class HaproxyChecksRealServersTest {
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void haproxyGetsTheDocumentedCheckStatusFromEachTarget() throws Exception {
        final Path haproxy = RealServer.requireBinary("haproxy", "haproxy", "/usr/sbin", "/usr/local/sbin");
        try (CheckTargets all = new CheckTargets()) {
            final RealRedis redis = all.redis();
            final List<Target> targets = all.targets();
            final Path socket = dir.resolve("haproxy.sock");
            final String cfg = all.config(socket);
            Files.writeString(dir.resolve("haproxy.cfg"), cfg);
            final Process p = new ProcessBuilder(haproxy.toString(), "-db", "-f", dir.resolve("haproxy.cfg").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
            try {
                final Map<String, String> expected = new TreeMap<>();
                targets.forEach(t -> expected.put(t.backend(), t.expectStatus() + " " + t.expectCode()));
                await("HAProxy's check statuses").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(IOException.class) // its stats socket may not exist yet
                    .untilAsserted(() -> assertEquals(expected, statuses(socket, p, targets)));

                redis.stop();
                expected.put("redis", "L4CON ");
                await("redis down").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertEquals(expected, statuses(socket, p, targets)));
                redis.start();
                expected.put("redis", "L7OK 0");
                await("redis back").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertEquals(expected, statuses(socket, p, targets)));
            } finally {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** {@code check_status check_code} of each backend's server, from {@code show stat} on the stats socket. */
    private static Map<String, String> statuses(final Path socket, final Process haproxy, final List<Target> targets)
        throws IOException {
        if (!haproxy.isAlive()) {
            throw new AssertionError("haproxy exited with status " + haproxy.exitValue());
        }
        final String csv = Sockets.stats(socket, "show stat");
        final String[] lines = csv.split("\n");
        final List<String> header = List.of(lines[0].substring(2).split(","));
        final int status = header.indexOf("check_status");
        final int code = header.indexOf("check_code");
        final Map<String, String> got = new LinkedHashMap<>();
        for (String line : lines) {
            final String[] f = line.split(",", -1);
            if (f.length > code && f[1].equals("s")) {
                // "* L7OK": a check is running right now; the status is still the last one's.
                got.put(f[0], f[status].replaceFirst("^\\* ", "") + " " + f[code]);
            }
        }
        final Map<String, String> sorted = new TreeMap<>(got);
        targets.forEach(t -> sorted.putIfAbsent(t.backend(), "missing"));
        return sorted;
    }
}
