package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.backend.Balancers;
import dev.baton.backend.Server;
import dev.baton.backend.balance.LoadBalancers;
import dev.baton.config.BatonConfig;
import dev.baton.config.ConfigLoader;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ServerConfig;
import dev.baton.counters.Counter;
import dev.baton.io.BufferPool;
import dev.baton.io.FdBudget;
import dev.baton.io.MemoryEndpoint;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.log.TrafficLog;
import dev.baton.pool.ReactorPool;
import dev.baton.pool.ServerPools;
import dev.baton.queue.QueueInbox;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.ReactorTimers;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An HTTP request waiting in the backend's queue, on one reactor turned by hand with a hand clock over an in-memory
 * client: its server's only slot is held by the test (as another stream would hold it), so the request queues;
 * then {@code timeout queue}, a client reset and a client half-close decide how the wait ends (docs/queues.md
 * Q12, Q17).
 */
class HttpQueuePhaseTest {
    private static final long MS = 1_000_000L;

    private final CachedNanoClock clock = new CachedNanoClock();
    private Reactor reactor;
    private ConnectionLimits limits;
    private RequestWorkspaces workspaces;
    private MemoryEndpoint client;
    private HttpSession session;
    private Backend backend;
    private Server server;

    private void start(final String backendOptions) throws Exception {
        clock.update(1_000_000_000L);
        reactor = new Reactor(0, clock, new BufferPool(16 * 1024, 16));
        final BatonConfig config = ConfigLoader.parse("test.cfg", """
            defaults
                mode http
                timeout client 10s
                timeout connect 1s
                timeout server 5s
            frontend fe
                bind 127.0.0.1:8080
                default_backend be
            backend be
                timeout queue 3s
            """ + backendOptions + """
                server s1 127.0.0.1:9 maxconn 1
            """, Map.of());
        final ProxyConfig fe = config.frontends().get(0);
        backend = new Backend(config.backend("be"));
        final ServerConfig s1 = config.backend("be").servers().get(0);
        server = new Server(backend, 0, s1, new InetSocketAddress("127.0.0.1", 9));
        backend.addServer(server);
        final Frontend frontend = new Frontend(fe, backend, TrafficLog.forFrontend(fe));
        limits = new ConnectionLimits(10);
        assertTrue(limits.tryAcquire(frontend));
        workspaces = new RequestWorkspaces(16 * 1024);
        final ReactorPool pool = new ReactorPool(reactor, new FdBudget(1000), config.idlePool(),
            new ServerPools(Map.of()));
        client = new MemoryEndpoint(new InetSocketAddress("127.0.0.1", 40000),
            new InetSocketAddress("127.0.0.1", 8080));
        final Balancers balancers = new Balancers(0,
            Map.of(backend, LoadBalancers.create(backend, backend.config().balance(), 1)), new QueueInbox(reactor));
        session = new HttpSession(reactor, pool, balancers, frontend, limits, client,
            new StatsService(() -> null, null), workspaces);
        assertTrue(server.tryAcquire(), "another stream holds the one slot");
        session.start();
    }

    @AfterEach
    void nothingLeftBehind() {
        assertEquals(0, backend.queues().totalWaiting(), "waiters left");
        assertEquals(1, server.currConns(), "only the test's own slot is held");
        assertEquals(0, backend.currConns().get(), "streams attached to the backend");
        assertEquals(0, reactor.buffers().outstanding(), "buffers handed out");
        assertEquals(workspaces.created(), workspaces.free(), "workspaces borrowed");
    }

    private void after(final long ms) {
        clock.advance(ms * MS);
        reactor.runOnce(false);
    }

    @Test
    void pastTimeoutQueueTheRequestGets503AndCountsAConnectionError() throws Exception {
        start("");
        client.feed("GET / HTTP/1.1\r\nHost: t\r\n\r\n").settle();
        assertEquals(1, backend.queues().queue().size(), "waits in the backend's queue");
        assertEquals(1, backend.currConns().get(), "counted in beconn while it waits");

        after(2900);
        assertEquals("", client.takeWritten(), "answered before timeout queue (3s)");
        assertEquals(1, backend.queues().queue().size());
        after(100 + 2 * ReactorTimers.TICK_NS / MS);
        assertTrue(client.takeWritten().startsWith("HTTP/1.1 503"), "503 at timeout queue");
        assertEquals(0, backend.queues().queue().size());
        assertEquals(1, backend.counters().get(Counter.CONNECT_ERRORS), "econ, as HAProxy counts a queue timeout");
        assertEquals(1, backend.queues().queue().peak());
        assertEquals(0, backend.queues().queue().dequeued(), "a timeout is not a service");
        client.peerCloses();
        client.settle();
        assertTrue(client.isClosed());
    }

    @Test
    void aClientResetWhileQueuedLeavesAtOnceWithoutAnswer() throws Exception {
        start("");
        client.feed("GET / HTTP/1.1\r\nHost: t\r\n\r\n").settle();
        assertEquals(1, backend.queues().queue().size());
        client.peerResets();
        client.settle();
        assertEquals(0, backend.queues().queue().size(), "left the queue at once");
        assertTrue(client.isClosed());
        assertEquals("", client.takeWritten(), "no response to a client that left (CQ)");
        assertEquals(1, backend.counters().get(Counter.CLIENT_ABORTS));
        assertEquals(0, backend.counters().get(Counter.CONNECT_ERRORS), "an abort is not a connection error");
    }

    @Test
    void aHalfClosedClientKeepsWaitingWithoutAbortonclose() throws Exception {
        start("");
        client.feed("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        client.peerCloses();
        client.settle();
        assertEquals(1, backend.queues().queue().size(), "an HTTP half-close still wants its answer");
        assertFalse(client.isClosed());
        after(3000 + 2 * ReactorTimers.TICK_NS / MS);
        assertTrue(client.takeWritten().startsWith("HTTP/1.1 503"), "then times out in the queue like any other");
        client.settle();
    }

    @Test
    void withAbortoncloseAHalfClosedClientIsAborted() throws Exception {
        start("    option abortonclose\n");
        client.feed("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        client.peerCloses();
        client.settle();
        assertEquals(0, backend.queues().queue().size(), "aborted while queued (CQ)");
        assertTrue(client.isClosed());
        assertEquals("", client.takeWritten());
    }
}
