package dev.baton.stats.cli;

import dev.baton.support.ExternalTool;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.AgentServer;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * baton and HAProxy 2.6 side by side on the same configuration, both asking the same real {@link AgentServer}:
 * after each agent reply, {@code show stat}'s status and agent columns must be HAProxy's, and at the end the log
 * lines about the server must be HAProxy's, line for line (check durations aside). Skipped when HAProxy is not
 * installed ({@code .ci/run} installs Debian's, 2.6).
 */
class AgentHaproxyParityTest {
    private static final List<String> COLUMNS = List.of("status", "uweight", "agent_status", "agent_code",
        "agent_desc", "last_agt", "agent_rise", "agent_fall", "agent_health");
    private static final List<String> REPLIES = List.of("down", "75%", "up", "up 50%", "drain", "ready", "maint",
        "ready 100%", "fail # broken disk", "stopped", "up maxconn:10 garbage", "50%x", "up");

    @TempDir
    Path dir;
    private AgentServer agent;
    private TcpEchoServer server;
    private Process haproxy;
    private final Queue<String> haproxyLines = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        if (haproxy != null) {
            haproxy.destroy(); // by its PID
            if (!haproxy.waitFor(5, TimeUnit.SECONDS)) {
                haproxy.destroyForcibly();
            }
        }
        if (agent != null) {
            agent.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** {@code option log-health-checks} in the backend of the next {@link #config}. */
    private boolean logHealthChecks;

    private String config(final Path socket) {
        return String.join("\n",
            "global",
            "    stats socket " + socket + " level admin",
            "defaults",
            "    mode tcp",
            "    log global",
            "    timeout connect 1s",
            "    timeout client 10s",
            "    timeout server 10s",
            "backend be",
            logHealthChecks ? "    option log-health-checks" : "",
            "    server s1 127.0.0.1:" + server.port() + " weight 10 check inter 100 agent-check agent-inter 100 "
                + "agent-port " + agent.port(),
            "    server s2 127.0.0.1:" + server.port() + " check inter 100",
            "") + "\n";
    }

    private void startHaproxy(final String config) throws IOException {
        final Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, config);
        haproxy = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString()).redirectErrorStream(true).start();
        final Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(haproxy.getInputStream(),
                StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    haproxyLines.add(line);
                }
            } catch (final IOException e) {
                // the process ended
            }
        }, "haproxy-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The compared columns of {@code be/s1} in {@code show stat} on {@code socket}, read between two agent checks
     * (a check under way shows {@code "* "} and no description in both).
     */
    private static String row(final Path socket) {
        final String[] row = new String[1];
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(3)).ignoreExceptions()
            .until(() -> !(row[0] = anyRow(socket)).contains("agent_status=* "));
        return row[0];
    }

    private static String anyRow(final Path socket) throws IOException {
        final String[] lines = CliClient.exchange(socket, "show stat").split("\n");
        final List<String> header = List.of(lines[0].substring(2).split(",", -1));
        for (final String line : lines) {
            if (line.startsWith("be,s1,")) {
                final String[] f = line.split(",", -1);
                final List<String> out = new ArrayList<>();
                for (final String c : COLUMNS) {
                    out.add(c + "=" + f[header.indexOf(c)]);
                }
                return String.join(" ", out);
            }
        }
        throw new AssertionError("no row be/s1 on " + socket);
    }

    private static String normalized(final String line) {
        return line.replaceFirst("^\\[[A-Z]+\\] +\\(\\d+\\) : ", "").replaceAll("check duration: \\d+ms",
            "check duration: Nms");
    }

    @Test
    void sameRepliesGiveHaproxysColumnsAndLines() throws Exception {
        compareWithHaproxy();
    }

    @Test
    void withLogHealthChecksTheAgentsOwnLinesToo() throws Exception {
        logHealthChecks = true;
        compareWithHaproxy();
    }

    private void compareWithHaproxy() throws Exception {
        assumeTrue(ExternalTool.available("haproxy"), "haproxy is not installed (apt-get install haproxy); CI "
            + "installs it");
        agent = AgentServer.start(new AgentServer.Options().reply("up"));
        server = TcpEchoServer.start("127.0.0.1", 0);
        final Path haproxySocket = dir.resolve("haproxy.sock");
        final Path batonSocket = dir.resolve("baton.sock");
        startHaproxy(config(haproxySocket));
        TrafficLogCapture.clear();
        try (RunningDaemon baton = RunningDaemon.start(config(batonSocket))) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                row(haproxySocket).contains("agent_status=L7OK") && row(batonSocket).contains("agent_status=L7OK"));
            for (final String reply : REPLIES) {
                agent.reply(reply);
                final long sent = agent.repliesSent();
                // both checkers (100 ms apart at most) have had this reply at least twice
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.repliesSent() >= sent + 4);
                assertEquals(row(haproxySocket), row(batonSocket), "after the agent's '" + reply + "'");
            }
            final List<String> expected = haproxyLines.stream().filter(l -> l.contains("be/s1"))
                .map(AgentHaproxyParityTest::normalized).toList();
            final List<String> actual = TrafficLogCapture.lines(l -> l.contains("be/s1")).stream()
                .map(AgentHaproxyParityTest::normalized).toList();
            assertTrue(expected.stream().anyMatch(l -> l.startsWith(logHealthChecks
                ? "Agent check for server be/s1 failed, reason: Layer7 wrong status"
                : "Server be/s1 is DOWN, reason: Layer7 wrong status")), "HAProxy logged the agent's down: " + expected);
            // the health check's own lines and the agent's interleave as their timers fall: compared apart
            assertEquals(expected.stream().filter(l -> !l.startsWith("Health check")).toList(),
                actual.stream().filter(l -> !l.startsWith("Health check")).toList());
            assertEquals(expected.stream().filter(l -> l.startsWith("Health check")).toList(),
                actual.stream().filter(l -> l.startsWith("Health check")).toList());
            baton.daemon().healthChecks().stop();
        }
    }
}
