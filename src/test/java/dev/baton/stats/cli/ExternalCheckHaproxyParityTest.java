package dev.baton.stats.cli;

import dev.baton.support.ExternalTool;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code option external-check} in baton and HAProxy 2.6 side by side, both running the same shell program: it
 * records its arguments and environment and exits as a file per server says (0, 3, or it sleeps past the turn's
 * bound). Compared: what the program was given, {@code show stat}'s check columns for a passing, a failing and a
 * hanging server, and the log lines of their transitions, also once the failing one passes again.
 */
class ExternalCheckHaproxyParityTest {
    private static final List<String> COLUMNS = List.of("status", "check_status", "check_code", "check_desc",
        "last_chk", "check_rise", "check_fall", "check_health");
    private static final List<String> SERVERS = List.of("a", "b", "c");

    @TempDir
    Path dir;

    private Path program() throws IOException {
        final Path out = Files.createDirectories(dir.resolve("out"));
        final Path p = dir.resolve("chk.sh");
        Files.writeString(p, String.join("\n",
            "#!/bin/sh",
            "/usr/bin/env | /usr/bin/sort | /bin/grep -v '^PWD=' > " + out + "/$HAPROXY_PROXY_PORT.$HAPROXY_SERVER_NAME.env",
            "echo \"$@\" > " + out + "/$HAPROXY_PROXY_PORT.$HAPROXY_SERVER_NAME.args",
            "[ -f " + dir + "/hang.$HAPROXY_SERVER_NAME ] && exec /bin/sleep 2",
            "exit $(/bin/cat " + dir + "/rc.$HAPROXY_SERVER_NAME)",
            ""));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static String config(final Path socket, final int port, final Path program) {
        return String.join("\n",
            "global",
            "    stats socket " + socket + " level admin",
            "    external-check",
            "    insecure-fork-wanted",
            "defaults",
            "    mode http",
            "    log global",
            "    timeout connect 1s",
            "    timeout client 10s",
            "    timeout server 10s",
            "    timeout check 1s",
            "listen l",
            "    bind 127.0.0.1:" + port,
            "    option external-check",
            "    external-check command " + program,
            "    server a 127.0.0.1:9001 check inter 500 fall 2 rise 1",
            "    server b 127.0.0.2:9002 check inter 500 fall 2 rise 1 maxconn 7",
            "    server c 127.0.0.1:9003 check inter 500 fall 2 rise 1",
            "") + "\n";
    }

    /** The compared columns of server {@code name} in {@code show stat}, read while no check of it is under way. */
    private static String row(final Path socket, final String name) {
        final String[] row = new String[1];
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).ignoreExceptions()
            .until(() -> !(row[0] = anyRow(socket, name)).contains("check_status=* "));
        return row[0];
    }

    private static String anyRow(final Path socket, final String name) throws IOException {
        final String[] lines = CliClient.exchange(socket, "show stat").split("\n");
        final List<String> header = List.of(lines[0].substring(2).split(",", -1));
        for (final String line : lines) {
            if (line.startsWith("l," + name + ",")) {
                final String[] f = line.split(",", -1);
                final List<String> out = new ArrayList<>();
                for (final String c : COLUMNS) {
                    out.add(c + "=" + f[header.indexOf(c)]);
                }
                return String.join(" ", out);
            }
        }
        throw new AssertionError("no row l/" + name + " on " + socket);
    }

    private static String normalized(final String line) {
        return line.replaceFirst("^\\[[A-Z]+\\] +\\(\\d+\\) : ", "").replaceAll("check duration: \\d+ms",
            "check duration: Nms");
    }

    /** What the program got from the side listening on {@code port}, the port masked. */
    private String given(final int port, final String server, final String what) throws IOException {
        return Files.readString(dir.resolve("out/" + port + "." + server + "." + what)).replace(
            Integer.toString(port), "PORT");
    }

    @Test
    void theProgramsVerdictsGiveHaproxysColumnsAndLines() throws Exception {
        assumeTrue(ExternalTool.available("haproxy"), "haproxy is not installed (apt-get install haproxy); CI "
            + "installs it");
        final Path program = program();
        Files.writeString(dir.resolve("rc.a"), "0");
        Files.writeString(dir.resolve("rc.b"), "3");
        Files.writeString(dir.resolve("rc.c"), "0");
        Files.writeString(dir.resolve("hang.c"), "");
        final Path haproxySocket = dir.resolve("haproxy.sock");
        final Path batonSocket = dir.resolve("baton.sock");
        final int haproxyPort = RunningDaemon.freePort();
        final int batonPort = RunningDaemon.freePort();
        final List<String> haproxyLines;
        TrafficLogCapture.clear();
        try (HaproxyProcess haproxy = HaproxyProcess.start(dir, config(haproxySocket, haproxyPort, program),
                haproxyPort);
             RunningDaemon baton = RunningDaemon.start(config(batonSocket, batonPort, program))) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                row(haproxySocket, "c").contains("status=DOWN") && row(batonSocket, "c").contains("status=DOWN")
                    && row(haproxySocket, "b").contains("status=DOWN") && row(batonSocket, "b").contains("status=DOWN"));
            for (final String s : SERVERS) {
                assertEquals(row(haproxySocket, s), row(batonSocket, s), "server " + s);
                assertEquals(given(haproxyPort, s, "args"), given(batonPort, s, "args"), "arguments for " + s);
                assertEquals(given(haproxyPort, s, "env"), given(batonPort, s, "env"), "environment for " + s);
            }
            assertTrue(row(batonSocket, "b").contains("check_status=PROCERR check_code=3"), row(batonSocket, "b"));
            assertTrue(row(batonSocket, "c").contains("check_status=PROCTOUT"), row(batonSocket, "c"));
            assertTrue(row(batonSocket, "a").contains("status=UP check_status=PROCOK"), row(batonSocket, "a"));

            Files.writeString(dir.resolve("rc.b"), "0");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                row(haproxySocket, "b").contains("status=UP") && row(batonSocket, "b").contains("status=UP"));
            assertEquals(row(haproxySocket, "b"), row(batonSocket, "b"), "server b passing again");
            baton.daemon().healthChecks().stop();
            haproxyLines = haproxy.lines();
        }
        final List<String> expected = haproxyLines.stream().filter(l -> l.contains("Server l/"))
            .map(ExternalCheckHaproxyParityTest::normalized).sorted().toList();
        final List<String> actual = TrafficLogCapture.lines(l -> l.contains("Server l/")).stream()
            .map(ExternalCheckHaproxyParityTest::normalized).sorted().toList();
        assertTrue(expected.contains("Server l/b is DOWN, reason: External check error, code: 3, check duration: Nms."
            + " 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."),
            "HAProxy's: " + expected);
        assertEquals(expected, actual);
    }
}
