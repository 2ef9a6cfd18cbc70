package dev.baton.tcp;

import dev.baton.Daemon;
import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.ProxyConfig;
import dev.baton.listener.Frontend;
import dev.baton.reactor.Reactor;
import dev.baton.support.BlockingServer;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.TcpEchoServer;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One integration test's world: its backends ({@link BlockingServer}s and {@link TcpEchoServer}s), an
 * in-process daemon and its clients.
 * Test thread only.
 *
 * <p>{@link #close()} closes the clients, then checks that the daemon is back at rest ({@link #awaitAtRest()}:
 * no live stream, no buffer handed out, no socket but the listeners, no connection counted), then stops the
 * daemon and the backends, and reports any error a backend handler threw. Every test therefore also checks
 * that it leaked no socket, buffer or connection slot.
 */
final class TcpRig {
    static final Duration AT_REST_WITHIN = Duration.ofSeconds(10);

    private final List<BlockingServer> backends = new ArrayList<>();
    private final List<TcpEchoServer> echoServers = new ArrayList<>();
    private final List<Socket> clients = new ArrayList<>();
    private RunningDaemon running;
    private boolean stopped;

    /** Starts a backend, closed with the rig. */
    BlockingServer backend(final String name, final BlockingServer.Handler handler) throws IOException {
        final BlockingServer server = BlockingServer.start(name, handler);
        backends.add(server);
        return server;
    }

    /** Starts the project's echo server (half-close aware), closed with the rig. */
    TcpEchoServer echoServer(final String name) throws IOException {
        final TcpEchoServer server = TcpEchoServer.start(new TcpEchoServer.Options().name(name));
        echoServers.add(server);
        return server;
    }

    /** Starts the daemon from configuration text, after forgetting the traffic-log lines of earlier tests. */
    void start(final String config) throws Exception {
        TrafficLogCapture.clear();
        running = RunningDaemon.start(config);
    }

    Daemon daemon() {
        return running.daemon();
    }

    int port(final String frontend) {
        return running.port(frontend);
    }

    /** A client connected to {@code frontend}, closed with the rig. */
    Socket client(final String frontend) throws IOException {
        final Socket s = Sockets.connect(port(frontend));
        clients.add(s);
        return s;
    }

    /** {@link Daemon#stop(long)}; returns how long it took, in ms. */
    long stop(final long hardStopAfterMs) throws InterruptedException {
        stopped = true;
        final long start = System.nanoTime();
        running.daemon().stop(hardStopAfterMs);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** Buffers reactor {@code id} has handed out and not got back, read on its own thread. */
    private int outstandingBuffers(final int id) throws Exception {
        final Reactor reactor = running.daemon().reactor(id);
        if (stopped) {
            // its thread has ended (joined by stop), so this thread sees its last writes
            return reactor.buffers().outstanding();
        }
        final CompletableFuture<Integer> result = new CompletableFuture<>();
        assertTrue(reactor.execute(r -> result.complete(r.buffers().outstanding())), "reactor inbox full");
        return result.get(5, TimeUnit.SECONDS);
    }

    /** Buffers handed out by every reactor. */
    int outstandingBuffers() throws Exception {
        int n = 0;
        for (int i = 0; i < running.daemon().reactors().size(); i++) {
            n += outstandingBuffers(i);
        }
        return n;
    }

    /**
     * Waits until no stream is left, only the listening sockets (none once stopped) are open, and every
     * connection count (global, frontend, backend, server) is back to 0.
     */
    void awaitAtRest() {
        final Daemon daemon = running.daemon();
        final int baseline = stopped ? 0 : daemon.listeners().size();
        await("daemon at rest").atMost(AT_REST_WITHIN).untilAsserted(() -> {
            assertEquals(0, daemon.liveStreams(), "live streams");
            assertEquals(baseline, daemon.fds().open(), "open sockets (listeners: " + baseline + ")");
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

    void close() throws Exception {
        try {
            for (final Socket s : clients) {
                Sockets.closeQuietly(s);
            }
            if (running != null) {
                awaitAtRest();
            }
        } finally {
            try {
                if (running != null) {
                    running.close();
                }
            } finally {
                echoServers.forEach(TcpEchoServer::close);
                backends.forEach(BlockingServer::close);
            }
        }
        for (final BlockingServer b : backends) {
            b.assertNoFailure();
        }
    }
}
