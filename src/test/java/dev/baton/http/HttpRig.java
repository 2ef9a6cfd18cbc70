package dev.baton.http;

import dev.baton.Daemon;
import dev.baton.backend.Server;
import dev.baton.pool.PoolProbe;
import dev.baton.pool.ReactorPool;
import dev.baton.pool.ServerPool;
import dev.baton.support.BlockingServer;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import dev.baton.testservers.HttpBackend;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One HTTP integration test's world: its backends ({@link HttpBackend}s and purpose-built
 * {@link BlockingServer}s), an in-process daemon serving {@code listen fe} ({@link HttpConfigs}) and its raw
 * clients. Test thread only.
 *
 * <p>{@link #close()} closes the clients, then waits for the daemon to settle: no live session and, for every
 * server, pool counters that match the pool's lists ({@link PoolProbe}) and no connection counted as used.
 * It then closes every idle connection (the daemon's stop path) and checks the daemon is at rest
 * ({@link RunningDaemon#awaitAtRest()}: only the listeners open, no buffer handed out, no connection
 * counted), stops it and the backends, and reports any error a backend handler threw. Every test therefore
 * also checks that it leaked no session, socket, buffer, slot or pool count.
 */
final class HttpRig {
    private final List<HttpBackend> httpBackends = new ArrayList<>();
    private final List<BlockingServer> rawBackends = new ArrayList<>();
    private final List<Closeable> clients = new ArrayList<>();
    private RunningDaemon running;

    /** Starts an {@link HttpBackend}, closed with the rig. */
    HttpBackend backend(final HttpBackend.Options options) throws IOException {
        final HttpBackend b = HttpBackend.start(options);
        httpBackends.add(b);
        return b;
    }

    /** Starts a purpose-built backend, closed with the rig. */
    BlockingServer rawBackend(final String name, final BlockingServer.Handler handler) throws IOException {
        final BlockingServer b = BlockingServer.start(name, handler);
        rawBackends.add(b);
        return b;
    }

    void start(final String config) throws Exception {
        running = RunningDaemon.start(config);
    }

    RunningDaemon running() {
        return running;
    }

    Daemon daemon() {
        return running.daemon();
    }

    int port() {
        return running.port("fe");
    }

    /** A raw client connected to {@code fe}, closed with the rig. */
    RawHttp client() throws IOException {
        return track(RawHttp.open(port()));
    }

    /** Closes {@code c} with the rig (before the at-rest checks). */
    <T extends Closeable> T track(final T c) {
        clients.add(c);
        return c;
    }

    /** Server {@code name} of {@code fe}. */
    Server server(final String name) {
        for (final Server s : daemon().backend("fe").servers()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no server " + name);
    }

    /** The idle pool of server {@code name} of {@code fe}. */
    ServerPool pool(final String name) {
        return daemon().serverPool(server(name));
    }

    ReactorPool[] reactorPools() {
        final ReactorPool[] pools = new ReactorPool[daemon().reactors().size()];
        for (int i = 0; i < pools.length; i++) {
            pools[i] = daemon().pool(i);
        }
        return pools;
    }

    /** {@link PoolProbe#assertConsistent} for every server of {@code fe}. */
    void assertPoolsConsistent() {
        for (final Server s : daemon().backend("fe").servers()) {
            PoolProbe.assertConsistent(daemon().serverPool(s), reactorPools());
        }
    }

    /** Waits until no session is live, the pools are consistent and no server connection is in use. */
    void awaitQuiet() {
        await("sessions ended, pools consistent").atMost(RunningDaemon.AT_REST_WITHIN).untilAsserted(() -> {
            assertEquals(0, daemon().liveStreams(), "live sessions");
            assertPoolsConsistent();
            for (final Server s : daemon().backend("fe").servers()) {
                assertEquals(0, daemon().serverPool(s).currUsedConns(), "connections of " + s + " counted as used");
            }
        });
    }

    /** Closes every reactor's idle connections, on its thread, as a stop does; waits for it. */
    void closeIdleConnections() throws Exception {
        for (final ReactorPool pool : reactorPools()) {
            running.onReactor(pool.reactor().id(), r -> {
                pool.closeAll();
                return null;
            });
        }
    }

    void close() throws Exception {
        try {
            clients.forEach(Sockets::closeQuietly);
            if (running != null) {
                awaitQuiet();
                closeIdleConnections();
                assertPoolsConsistent();
                for (final Server s : daemon().backend("fe").servers()) {
                    assertEquals(0, daemon().serverPool(s).currIdleConns(), "idle connections of " + s + " after closeAll");
                }
                running.awaitAtRest();
            }
        } finally {
            try {
                if (running != null) {
                    running.close();
                }
            } finally {
                httpBackends.forEach(HttpBackend::close);
                rawBackends.forEach(BlockingServer::close);
            }
        }
        for (final BlockingServer b : rawBackends) {
            b.assertNoFailure();
        }
    }
}
