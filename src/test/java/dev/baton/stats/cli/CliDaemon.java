package dev.baton.stats.cli;

import dev.baton.support.RunningDaemon;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A running daemon with three unix stats sockets in {@code dir}: {@code admin.sock} (level admin),
 * {@code oper.sock} (default level, operator) and {@code user.sock} (level user), plus {@code extraGlobal}
 * lines; one frontend {@code fe} to backend {@code be} with servers {@code s1}, {@code s2} on the given ports
 * (nothing needs to listen there unless traffic is sent).
 */
final class CliDaemon implements AutoCloseable {
    final RunningDaemon daemon;
    final Path admin;
    final Path oper;
    final Path user;

    private CliDaemon(final RunningDaemon daemon, final Path dir) {
        this.daemon = daemon;
        this.admin = dir.resolve("admin.sock");
        this.oper = dir.resolve("oper.sock");
        this.user = dir.resolve("user.sock");
    }

    static CliDaemon start(final Path dir, final String... extraGlobal) throws Exception {
        return start(dir, RunningDaemon.freePort(), RunningDaemon.freePort(), "roundrobin", extraGlobal);
    }

    static CliDaemon start(final Path dir, final int port1, final int port2, final String balance,
                           final String... extraGlobal) throws Exception {
        return new CliDaemon(RunningDaemon.start(config(dir, port1, port2, balance, extraGlobal)), dir);
    }

    static String config(final Path dir, final int port1, final int port2, final String balance,
                         final String... extraGlobal) throws IOException {
        return String.join("\n",
            "global",
            "    nbthread 2",
            "    stats socket " + dir.resolve("admin.sock") + " level admin",
            "    stats socket " + dir.resolve("oper.sock"),
            "    stats socket " + dir.resolve("user.sock") + " level user",
            "    " + String.join("\n    ", extraGlobal),
            "defaults",
            "    mode tcp",
            "    timeout connect 2s",
            "    timeout client 10s",
            "    timeout server 10s",
            "frontend fe",
            "    bind 127.0.0.1:" + RunningDaemon.freePort(),
            "    default_backend be",
            "backend be",
            "    balance " + balance,
            "    server s1 127.0.0.1:" + port1,
            "    server s2 127.0.0.1:" + port2,
            "") + "\n";
    }

    int frontendPort() {
        return daemon.port("fe");
    }

    @Override
    public void close() {
        daemon.close();
    }
}
