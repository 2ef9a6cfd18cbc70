package dev.baton.stats.cli;

import dev.baton.support.Sockets;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.support.RunningDaemon;
import dev.baton.testservers.AgentServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code enable/disable agent} and {@code set server ... agent|agent-addr|agent-port|agent-send} through the admin
 * socket against a daemon whose {@code s1} has a real {@link AgentServer}: the answers are HAProxy 2.6's on the same
 * configuration, word for word, and so are {@code show stat}'s and {@code show servers state}'s agent columns.
 */
class AgentCommandsTest {
    @TempDir
    Path dir;
    private AgentServer agent;

    @AfterEach
    void stopAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    private RunningDaemon start() throws Exception {
        agent = AgentServer.start(new AgentServer.Options().reply("up"));
        return RunningDaemon.start(String.join("\n",
            "global",
            "    stats socket " + dir.resolve("admin.sock") + " level admin",
            "defaults",
            "    mode tcp",
            "    timeout connect 1s",
            "    timeout client 10s",
            "    timeout server 10s",
            "backend be",
            "    server s1 127.0.0.1:" + Sockets.unusedPort() + " weight 10 agent-check agent-inter 100 agent-port "
                + agent.port(),
            "    server s2 127.0.0.1:" + Sockets.unusedPort(),
            "    server s3 127.0.0.1:" + Sockets.unusedPort() + " port 6500 addr 127.0.0.1",
            "") + "\n");
    }

    private String ask(final String line) throws IOException {
        return CliClient.exchange(dir.resolve("admin.sock"), line);
    }

    /**
     * {@code show stat}'s columns {@code names} of {@code be/s1}, read between two agent checks (while one runs,
     * {@code last_agt} is empty, as in HAProxy).
     */
    private String stat(final String... names) {
        return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(3)).ignoreExceptions()
            .until(() -> idleRow(names), r -> r != null);
    }

    /** The columns {@code names} of {@code be/s1} joined by commas, or null while an agent check runs. */
    private String idleRow(final String... names) throws IOException {
        final String[] lines = ask("show stat").split("\n");
        final List<String> header = List.of(lines[0].substring(2).split(",", -1));
        for (final String line : lines) {
            if (line.startsWith("be,s1,")) {
                final String[] f = line.split(",", -1);
                if (f[header.indexOf("agent_status")].startsWith("* ")) {
                    return null;
                }
                final List<String> out = new ArrayList<>();
                for (final String n : names) {
                    out.add(f[header.indexOf(n)]);
                }
                return String.join(",", out);
            }
        }
        throw new AssertionError("no row be/s1");
    }

    /** The agent fields of {@code be/NAME}'s {@code show servers state} line: state bits, address, port. */
    private String stateLine(final String name) throws IOException {
        for (final String line : ask("show servers state be").split("\n")) {
            final String[] f = line.split(" ");
            if (f.length > 3 && f[3].equals(name)) {
                // without the in-progress bit (0x01), which depends on when the agent check runs
                return (Integer.parseInt(f[14]) & ~1) + " " + f[23] + " " + f[24];
            }
        }
        throw new AssertionError("no line for " + name);
    }

    @Test
    void setServerAgentForcesStateAndDisableAgentLetsGo() throws Exception {
        try (RunningDaemon d = start()) {
            final Server s1 = d.daemon().backend("be").servers().get(0);
            await().atMost(Duration.ofSeconds(5)).until(() -> s1.agent().last().status() == CheckStatus.L7OK);
            assertEquals("no check,L7OK,0,via agent : up,1", stat("status", "agent_status", "agent_code", "last_agt",
                "agent_health"));
            assertEquals("22 - " + agent.port(), stateLine("s1"), "configured, enabled, agent");
            assertEquals("0 - 0", stateLine("s2"));
            assertEquals("0 127.0.0.1 6500", stateLine("s3"), "addr and port are the agent's too, agent or not");

            agent.close(); // the agent is gone: refused, which takes nothing down
            assertEquals("\n", ask("set server be/s1 agent down"));
            assertFalse(s1.isRunning());
            await().atMost(Duration.ofSeconds(5)).until(() -> stat("agent_status").equals("L4CON"));
            assertEquals("DOWN (agent),L4CON,,Connection refused,Layer4 connection problem,0",
                stat("status", "agent_status", "agent_code", "last_agt", "agent_desc", "agent_health"));
            assertEquals("\n", ask("disable agent be/s1"));
            assertEquals("DOWN,,", stat("status", "agent_status", "agent_health"), "disabled: columns empty");
            assertEquals("18 - " + agent.port(), stateLine("s1"));
            assertEquals("\n", ask("enable agent be/s1"));
            assertEquals("\n", ask("set server be/s1 agent up"));
            assertTrue(s1.isRunning());
            assertEquals("no check,1", stat("status", "agent_health"));

            assertEquals("\n", ask("set server be/s1 agent-addr 127.0.0.2 port 6000"));
            assertEquals("22 127.0.0.2 6000", stateLine("s1"));
            assertEquals("\n", ask("set server be/s1 agent-port 6001"));
            assertEquals(6001, s1.agent().port());
            assertEquals("\n", ask("set server be/s1 agent-send \"hi\""));
            assertEquals("\"hi\"", s1.agent().send());
        }
    }

    @Test
    void errorsAreWordedAsHaproxys() throws Exception {
        try (RunningDaemon d = start()) {
            assertEquals("'set server <srv> agent' expects 'up' or 'down'.\n\n", ask("set server be/s1 agent"));
            assertEquals("'set server <srv> agent' expects 'up' or 'down'.\n\n", ask("set server be/s1 agent bogus"));
            assertEquals("agent checks are not enabled on this server.\n\n", ask("set server be/s2 agent up"));
            assertEquals("agent checks are not enabled on this server\n\n", ask("set server be/s2 agent-addr 1.2.3.4"));
            assertEquals("set server <b>/<s> agent-addr requires an address and optionally a port.\n\n",
                ask("set server be/s1 agent-addr"));
            assertEquals("invalid addr 'nohost.invalid'\n\n", ask("set server be/s1 agent-addr nohost.invalid"));
            assertEquals("provided port is not an integer\n\n", ask("set server be/s1 agent-addr 127.0.0.1 port x"));
            assertEquals("provided port is invalid\n\n", ask("set server be/s1 agent-addr 127.0.0.1 port 70000"));
            assertEquals("set server <b>/<s> agent-port requires a port.\n\n", ask("set server be/s1 agent-port"));
            assertEquals("provided port is not an integer\n\n", ask("set server be/s1 agent-port abc"));
            assertEquals("agent checks are not enabled on this server\n\n", ask("set server be/s2 agent-port 80"));
            assertEquals("agent checks are not enabled on this server.\n\n", ask("set server be/s2 agent-send x"));
            assertEquals("Agent was not configured on this server, cannot enable.\n\n", ask("enable agent be/s2"));
            assertEquals("\n", ask("disable agent be/s2"));
            assertEquals("No such server.\n\n", ask("enable agent be/x"));
            assertEquals("Require 'backend/server'.\n\n", ask("disable agent"));
            final Server s1 = d.daemon().backend("be").servers().get(0);
            assertEquals(agent.port(), s1.agent().port(), "nothing changed by a refused command");
            final String help = ask("help");
            assertTrue(help.contains("disable agent <bk>/<srv>") && help.contains("enable agent <bk>/<srv>"), help);
        }
    }
}
