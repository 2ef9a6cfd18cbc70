package dev.baton.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one scenario against HAProxy 2.6 and then against baton, each started on the same configuration with its
 * own runtime API socket and port, and gives both lists of observations for the test to compare. HAProxy's start-up
 * probe connects to a separate {@code listen ready} proxy appended to its configuration, so that the probe counts
 * nowhere the scenario looks (stick counters, rates). Each process is stopped (by PID, or the daemon closed) before
 * this returns.
 */
public final class SideBySide {
    /** The configuration for a runtime API socket and a frontend port. */
    @FunctionalInterface
    public interface Config {
        String of(Path socket, int port);
    }

    /** What a test does to a running proxy and what it saw. */
    @FunctionalInterface
    public interface Scenario {
        List<String> run(Path socket, int port) throws Exception;
    }

    /** HAProxy's observations and baton's. */
    public record Seen(List<String> haproxy, List<String> baton) {
    }

    private SideBySide() {
    }

    /** The header of such a configuration: the admin socket and a {@code defaults} of {@code mode}, short timeouts. */
    public static String header(final Path socket, final String mode) {
        return String.join("\n",
            "global",
            "    stats socket " + socket + " level admin",
            "defaults",
            "    mode " + mode,
            "    timeout connect 2s",
            "    timeout client 10s",
            "    timeout server 10s",
            "");
    }

    /** Runs {@code scenario} on HAProxy then baton, under {@code dir}; {@code readyServer}: a port that accepts. */
    @SuppressWarnings("try") // the HAProxy process is only closed: the scenario talks to it through its sockets
    public static Seen run(final Path dir, final Config config, final int readyServer, final Scenario scenario)
        throws Exception {
        ExternalTool.requireHaproxy();
        final Path h = Files.createDirectories(dir.resolve("haproxy"));
        final Path hs = h.resolve("h.sock");
        final int hp = RunningDaemon.freePort();
        final int ready = RunningDaemon.freePort();
        final String cfg = config.of(hs, hp) + String.join("\n", "", "listen ready", "    mode tcp",
            "    bind 127.0.0.1:" + ready, "    server s1 127.0.0.1:" + readyServer, "");
        final List<String> fromHaproxy;
        try (HaproxyProcess p = HaproxyProcess.start(h, cfg, ready)) {
            fromHaproxy = scenario.run(hs, hp);
        }
        final Path bs = dir.resolve("b.sock");
        final int bp = RunningDaemon.freePort();
        final RunningDaemon daemon = RunningDaemon.start(config.of(bs, bp));
        try {
            return new Seen(fromHaproxy, scenario.run(bs, bp));
        } finally {
            daemon.close();
        }
    }

    /** A {@code show table} dump with entry addresses and expiry times masked (they differ from run to run). */
    public static String masked(final String dump) {
        return dump.replaceAll("0x[0-9a-f]+:", "REF:").replaceAll("exp=\\d+", "exp=EXP");
    }
}
