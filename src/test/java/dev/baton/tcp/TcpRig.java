package dev.baton.tcp;

import dev.baton.Daemon;
import dev.baton.support.BlockingServer;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.TcpEchoServer;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * One integration test's world: its backends ({@link BlockingServer}s and {@link TcpEchoServer}s), an
 * in-process daemon and its clients.
 * Test thread only.
 *
 * <p>{@link #close()} closes the clients, then checks that the daemon is back at rest
 * ({@link RunningDaemon#awaitAtRest()}: no live stream, no buffer handed out, no socket but the listeners, no
 * connection counted), then stops the daemon and the backends, and reports any error a backend handler threw.
 * Every test therefore also checks that it leaked no socket, buffer or connection slot.
 */
final class TcpRig {
    private final List<BlockingServer> backends = new ArrayList<>();
    private final List<TcpEchoServer> echoServers = new ArrayList<>();
    private final List<Socket> clients = new ArrayList<>();
    private RunningDaemon running;

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

    /** Whether {@link #start} ran. */
    boolean started() {
        return running != null;
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
        return running.stop(hardStopAfterMs);
    }

    /** Buffers handed out by every reactor. */
    int outstandingBuffers() throws Exception {
        return running.outstandingBuffers();
    }

    void close() throws Exception {
        try {
            for (final Socket s : clients) {
                Sockets.closeQuietly(s);
            }
            if (running != null) {
                running.awaitAtRest();
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
