package dev.baton.support;

import dev.baton.Daemon;
import dev.baton.config.BatonConfig;
import dev.baton.config.ConfigLoader;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * A {@link Daemon} started in-process from configuration text, for integration tests. Closing it stops
 * the daemon and its reactors. Use {@link #freePort()} to fill {@code bind} lines.
 */
public final class RunningDaemon implements AutoCloseable {
    private final Daemon daemon;

    private RunningDaemon(final Daemon daemon) {
        this.daemon = daemon;
    }

    /** Parses {@code configText} (file name "test.cfg" in messages), builds and starts the daemon. */
    public static RunningDaemon start(final String configText) throws Exception {
        final BatonConfig config = ConfigLoader.parse("test.cfg", configText, Map.of());
        final Daemon daemon = new Daemon(config);
        daemon.start();
        return new RunningDaemon(daemon);
    }

    public Daemon daemon() {
        return daemon;
    }

    /** The port a frontend listens on. */
    public int port(final String frontend) {
        return daemon.port(frontend);
    }

    /** A TCP port free on 127.0.0.1 at the time of the call. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        daemon.close();
    }
}
