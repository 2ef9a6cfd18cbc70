package dev.baton.support;

import dev.baton.Daemon;
import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.BatonConfig;
import dev.baton.config.ConfigLoader;
import dev.baton.config.ProxyConfig;
import dev.baton.listener.Frontend;
import dev.baton.reactor.Reactor;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link Daemon} started in-process from configuration text, for integration tests. Closing it stops
 * the daemon and its reactors. Use {@link #freePort()} to fill {@code bind} lines. Test thread only.
 */
public final class RunningDaemon implements AutoCloseable {
    /** How long {@link #awaitAtRest} waits for the daemon to settle. */
    public static final Duration AT_REST_WITHIN = Duration.ofSeconds(10);

    private final Daemon daemon;
    private boolean stopped;

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

    /** A TCP port free at the time of the call, and not one the kernel gives outgoing connections ({@link TestPorts}). */
    public static int freePort() throws IOException {
        return TestPorts.next();
    }

    /** The first of {@code count} consecutive free ports ({@link TestPorts}). */
    public static int freePorts(final int count) throws IOException {
        return TestPorts.next(count);
    }

    /** {@link Daemon#stop(long)}; returns how long it took, in ms. */
    public long stop(final long hardStopAfterMs) throws InterruptedException {
        stopped = true;
        final long start = System.nanoTime();
        daemon.stop(hardStopAfterMs);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** Runs {@code read} on reactor {@code id}'s thread (directly once stopped: its thread has ended). */
    public <T> T onReactor(final int id, final Function<Reactor, T> read) throws Exception {
        final Reactor reactor = daemon.reactor(id);
        if (stopped) {
            // its thread has ended (joined by stop), so this thread sees its last writes
            return read.apply(reactor);
        }
        final CompletableFuture<T> result = new CompletableFuture<>();
        assertTrue(reactor.execute(r -> result.complete(read.apply(r))), "reactor inbox full");
        return result.get(5, TimeUnit.SECONDS);
    }

    /** Buffers handed out by every reactor and not yet given back, each read on its reactor's thread. */
    public int outstandingBuffers() throws Exception {
        int n = 0;
        for (int i = 0; i < daemon.reactors().size(); i++) {
            n += onReactor(i, r -> r.buffers().outstanding());
        }
        return n;
    }

    /**
     * Waits until no stream is left, only the listening sockets (none once stopped) are open, no buffer is
     * handed out, and every connection count (global, frontend, backend, server) is back to 0.
     */
    public void awaitAtRest() {
        // the listeners and the runtime API's sockets stay open until the daemon stops
        final int baseline = stopped ? 0 : daemon.listeners().size() + daemon.config().global().statsSockets().size();
        await("daemon at rest").atMost(AT_REST_WITHIN).untilAsserted(() -> {
            assertEquals(0, daemon.liveStreams(), "live streams");
            assertEquals(baseline, daemon.fds().open(), "open sockets (listeners and stats sockets: " + baseline + ")");
            assertEquals(0, outstandingBuffers(), "buffers handed out");
            assertEquals(0, daemon.limits().globalCurrent(), "global connections");
            for (final ProxyConfig p : daemon.config().proxies()) {
                final Frontend frontend = daemon.frontend(p.name());
                if (frontend != null) {
                    assertEquals(0, frontend.currConns().get(), "connections of frontend " + p.name());
                }
                final Backend backend = daemon.backend(p.name());
                if (backend != null) {
                    assertEquals(0, backend.currConns().get(), "connections of backend " + p.name());
                    for (final Server server : backend.servers()) {
                        assertEquals(0, server.currConns(), "connections of server " + server);
                    }
                }
            }
        });
    }

    @Override
    public void close() {
        daemon.close();
    }
}
