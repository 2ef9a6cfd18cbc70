package dev.baton.stats.cli;

import dev.baton.support.Sockets;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code disable/enable health}, {@code set server ... health} and {@code set server ... check-port} through the
 * admin socket, answers and {@code show stat} columns as HAProxy 2.6 gives them on the same configuration.
 */
class HealthCommandsTest {
    @TempDir
    Path dir;

    private RunningDaemon start() throws Exception {
        return RunningDaemon.start(String.join("\n",
            "global",
            "    stats socket " + dir.resolve("admin.sock") + " level admin",
            "defaults",
            "    mode tcp",
            "    timeout connect 1s",
            "    timeout client 10s",
            "    timeout server 10s",
            "backend be",
            "    server s1 127.0.0.1:" + Sockets.unusedPort() + " check inter 100 rise 2 fall 3",
            "    server s2 127.0.0.1:" + Sockets.unusedPort(),
            "") + "\n");
    }

    private String ask(final String line) throws IOException {
        return CliClient.exchange(dir.resolve("admin.sock"), line);
    }

    /** The {@code status} and {@code check_status} columns of {@code be/name} in {@code show stat}. */
    private String row(final String name) throws IOException {
        final String[] lines = ask("show stat").split("\n");
        final List<String> header = List.of(lines[0].substring(2).split(",", -1));
        for (final String line : lines) {
            if (line.startsWith("be," + name + ",")) {
                final String[] f = line.split(",", -1);
                return f[header.indexOf("status")] + "," + f[header.indexOf("check_status")].replace("* ", "");
            }
        }
        throw new AssertionError("no row be/" + name);
    }

    @Test
    void disableHealthFreezesTheStateThatSetServerHealthThenForces() throws Exception {
        try (RunningDaemon d = start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> row("s1"), "DOWN,L4CON"::equals);
            assertEquals("\n", ask("disable health be/s1"));
            assertEquals("DOWN,", row("s1"), "checks off: the state stays, the check columns empty");
            assertEquals("\n", ask("set server be/s1 health up"));
            assertEquals("no check,", row("s1"));
            assertEquals("\n", ask("set server be/s1 health stopping"));
            assertEquals("NOLB,", row("s1"));
            assertEquals("\n", ask("set server be/s1 health down"));
            assertEquals("DOWN,", row("s1"));
            assertEquals("\n", ask("set server be/s1 health up"));
            assertTrue(d.daemon().backend("be").servers().get(0).isRunning());
            assertEquals("\n", ask("enable health be/s1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> row("s1"), "DOWN,L4CON"::equals);
            assertEquals("\n", ask("set server be/s2 health down"));
            assertEquals("DOWN,", row("s2"), "a server without checks may be forced down too");
            assertEquals("\n", ask("disable health be/s2"));
        }
    }

    @Test
    void errorsAreWordedAsHaproxys() throws Exception {
        try (RunningDaemon d = start()) {
            assertEquals("No such server.\n\n", ask("disable health be/x"));
            assertEquals("No such backend.\n\n", ask("enable health xx/x"));
            assertEquals("Require 'backend/server'.\n\n", ask("disable health"));
            assertEquals("'set server <srv> health' expects 'up', 'stopping', or 'down'.\n\n",
                ask("set server be/s1 health bogus"));
            assertEquals("'set server <srv> health' expects 'up', 'stopping', or 'down'.\n\n",
                ask("set server be/s1 health"));
            assertEquals("set server <b>/<s> check-port requires a port.\n\n", ask("set server be/s1 check-port"));
            assertEquals("provided port is not an integer\n\n", ask("set server be/s1 check-port x"));
            assertEquals("provided port is invalid\n\n", ask("set server be/s1 check-port 65536"));
            assertEquals("provided port is invalid\n\n", ask("set server be/s1 check-port -1"));
            assertEquals("health checks are not enabled on this server\n\n", ask("set server be/s2 check-port 80"));
            assertEquals("\n", ask("set server be/s1 check-port 65535"));
            assertEquals(65_535, d.daemon().backend("be").servers().get(0).checkPort());
            final String help = ask("help");
            assertTrue(help.contains("disable health <bk>/<srv>") && help.contains("enable health <bk>/<srv>")
                && help.contains("health or check-port"), help);
        }
    }
}
