package dev.baton.health;

import dev.baton.backend.CheckReport;
import dev.baton.backend.Server;
import dev.baton.support.CheckTargets;
import dev.baton.support.CheckTargets.Target;
import dev.baton.support.RealRedis;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every protocol check end to end: the daemon checks real servers ({@code redis-server}, MariaDB, PostgreSQL)
 * and the SMTP and LDAP speakers of test-servers, and finds for each the {@code check_status} and
 * {@code check_code} HAProxy 2.6.12 finds against the same targets ({@link CheckTargets}); a redis stopped is DOWN with L4CON, started again UP. Where HAProxy is
 * installed (CI installs it), HAProxy runs on the same configuration and both {@code show stat} views must agree
 * on status, code and {@code last_chk}, text included.
 */
class RealServerChecksTest {
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    @TempDir
    Path dir;

    @Test
    void eachProtocolCheckFindsWhatHaproxyFinds() throws Exception {
        try (CheckTargets all = new CheckTargets()) {
            final RealRedis redis = all.redis();
            final List<Target> targets = all.targets();
            final Path batonSocket = dir.resolve("baton.sock");
            try (RunningDaemon baton = RunningDaemon.start(all.config(batonSocket))) {
                final Map<String, String> expected = new TreeMap<>();
                targets.forEach(t -> expected.put(t.backend(), t.expectStatus() + " " + t.expectCode()));
                await("baton's check statuses").atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertEquals(expected, statuses(baton, targets)));
                assertEquals("Redis server is ok", last(baton, "redis").info());
                assertEquals("PostgreSQL server is ok", last(baton, "pgsql_trust").info());
                assertTrue(last(baton, "mysql_unknown").info().contains("Access denied for user 'nobody'"),
                    last(baton, "mysql_unknown").info());
                assertEquals(ProtocolMatch.LDAP_RFC, last(baton, "ldap_denied").info());
                assertEquals("4.3.2 busy", last(baton, "smtp_busy").info());

                redis.stop();
                expected.put("redis", "L4CON ");
                await("redis down").atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertEquals(expected, statuses(baton, targets)));
                assertEquals("Connection refused", last(baton, "redis").info());
                assertFalse(server(baton, "redis").isRunning());
                redis.start();
                expected.put("redis", "L7OK 0");
                await("redis back").atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertEquals(expected, statuses(baton, targets)));
                assertTrue(server(baton, "redis").isRunning());

                if (Files.isExecutable(HAPROXY)) {
                    sameAsHaproxy(all.config(dir.resolve("haproxy.sock")), batonSocket, targets.size());
                }
            }
        }
    }

    /** Runs HAProxy on {@code cfg} and waits until both stats sockets show the same checks. */
    private void sameAsHaproxy(final String cfg, final Path batonSocket, final int rows) throws Exception {
        final Path socket = dir.resolve("haproxy.sock");
        final Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        final Process p = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        try {
            await("the same show stat as HAProxy").atMost(SETTLE).pollInterval(Duration.ofMillis(150))
                .ignoreExceptionsInstanceOf(IOException.class) // HAProxy's stats socket may not exist yet
                .untilAsserted(() -> {
                    if (!p.isAlive()) {
                        throw new AssertionError("haproxy exited with " + p.exitValue());
                    }
                    final Map<String, String> haproxy = showStat(socket);
                    assertEquals(rows, haproxy.size(), haproxy.toString());
                    assertEquals(haproxy, showStat(batonSocket));
                });
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static Server server(final RunningDaemon d, final String backend) {
        return d.daemon().backend(backend).servers().get(0);
    }

    private static CheckReport last(final RunningDaemon d, final String backend) {
        return server(d, backend).lastCheck();
    }

    /** {@code STATUS CODE} of each backend's check, as {@code show stat} shows them. */
    private static Map<String, String> statuses(final RunningDaemon d, final List<Target> targets) {
        final Map<String, String> got = new TreeMap<>();
        for (final Target t : targets) {
            final CheckReport r = last(d, t.backend());
            got.put(t.backend(), r.status() + " " + (r.status().showsCode() ? String.valueOf(r.code()) : ""));
        }
        return got;
    }

    /**
     * {@code check_status check_code last_chk} of every server row of {@code show stat} on {@code socket}; a row
     * whose check is running shows {@code running} (its last_chk is empty then, in both).
     */
    private static Map<String, String> showStat(final Path socket) throws IOException {
        final String csv = Sockets.stats(socket, "show stat");
        final String[] lines = csv.split("\n");
        final List<String> header = List.of(lines[0].substring(2).split(","));
        final int status = header.indexOf("check_status");
        final int code = header.indexOf("check_code");
        final int lastChk = header.indexOf("last_chk");
        final Map<String, String> got = new TreeMap<>();
        for (final String line : lines) {
            final String[] f = line.split(",", -1);
            if (f.length > lastChk && f[1].equals("s")) {
                got.put(f[0], f[status].startsWith("* ") ? "running" : f[status] + " " + f[code] + " " + f[lastChk]);
            }
        }
        return got;
    }
}
