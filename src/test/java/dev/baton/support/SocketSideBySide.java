package dev.baton.support;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs one runtime-API session against HAProxy 2.6, then against baton, each started on the same configuration with
 * its own stats socket and frontend port; returns both transcripts, HAProxy's first. Both processes are stopped
 * before it returns, whatever happens.
 */
public final class SocketSideBySide {
    /** The configuration for a stats socket at {@code socket} and a frontend on {@code port}. */
    @FunctionalInterface
    public interface Config {
        String text(Path socket, int port);
    }

    /** The session: commands sent to {@code socket}, requests to {@code port}; one transcript entry per step. */
    @FunctionalInterface
    public interface Session {
        List<String> run(Path socket, int port) throws Exception;
    }

    private SocketSideBySide() {
    }

    @SuppressWarnings("try") // the HAProxy process is only closed: it is talked to through its socket
    public static List<List<String>> run(final Path dir, final Config config, final Session session) throws Exception {
        final Path hSocket = dir.resolve("h.sock");
        final int hPort = RunningDaemon.freePort();
        final List<String> fromHaproxy;
        try (HaproxyProcess h = HaproxyProcess.start(dir, config.text(hSocket, hPort), hPort)) {
            fromHaproxy = session.run(hSocket, hPort);
        }
        final Path bSocket = dir.resolve("b.sock");
        final int bPort = RunningDaemon.freePort();
        final RunningDaemon daemon = RunningDaemon.start(config.text(bSocket, bPort));
        try {
            return List.of(fromHaproxy, session.run(bSocket, bPort));
        } finally {
            daemon.close();
        }
    }
}
