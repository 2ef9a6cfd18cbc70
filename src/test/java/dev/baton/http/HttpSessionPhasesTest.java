package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.backend.Balancers;
import dev.baton.config.BatonConfig;
import dev.baton.config.ConfigLoader;
import dev.baton.config.ProxyConfig;
import dev.baton.io.BufferPool;
import dev.baton.io.MemoryEndpoint;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.log.TrafficLog;
import dev.baton.pool.ReactorPool;
import dev.baton.pool.ServerPools;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.ReactorTimers;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP session's phases and timeouts over an in-memory client endpoint, one reactor turned by hand with
 * a hand clock: no socket, no thread, no sleep. Answers that need no server (http-request return, errors)
 * show the phase machine; the timer wheel shows when each timeout strikes.
 */
class HttpSessionPhasesTest {
    private static final long MS = 1_000_000L;
    private static final String CONFIG = """
        defaults
            mode http
            timeout client 10s
            timeout http-request 2s
            timeout http-keep-alive 1s
            timeout connect 1s
            timeout server 5s
        frontend fe
            bind 127.0.0.1:8080
            http-request return status 200 content-type text/plain string ok if { path /ok }
            default_backend be
        backend be
            server s1 127.0.0.1:9
        """;

    private final CachedNanoClock clock = new CachedNanoClock();
    private Reactor reactor;
    private Frontend frontend;
    private ConnectionLimits limits;
    private RequestWorkspaces workspaces;
    private MemoryEndpoint client;
    private HttpSession session;

    @BeforeEach
    void setUp() throws Exception {
        clock.update(1_000_000_000L);
        reactor = new Reactor(0, clock, new BufferPool(16 * 1024, 16));
        final BatonConfig config = ConfigLoader.parse("test.cfg", CONFIG, Map.of());
        final ProxyConfig fe = config.frontends().get(0);
        frontend = new Frontend(fe, new Backend(config.backend("be")), TrafficLog.forFrontend(fe));
        limits = new ConnectionLimits(10);
        assertTrue(limits.tryAcquire(frontend));
        workspaces = new RequestWorkspaces(16 * 1024);
        final ReactorPool pool = new ReactorPool(reactor, new FdBudget(1000), config.idlePool(), new ServerPools(Map.of()));
        client = new MemoryEndpoint(new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 8080));
        final Balancers balancers = new Balancers(0, Map.of());
        session = new HttpSession(reactor, pool, balancers, frontend, limits, client, new StatsService(() -> null, null),
            workspaces);
    }

    @AfterEach
    void nothingLeftBehind() {
        assertEquals(0, reactor.buffers().outstanding(), "buffers handed out");
        assertEquals(workspaces.created(), workspaces.free(), "workspaces borrowed");
    }

    /** Moves the hand clock by {@code ms} and runs one reactor turn (timers due fire). */
    private void after(final long ms) {
        clock.advance(ms * MS);
        reactor.runOnce(false);
    }

    @Test
    void aKeepAliveClientIsAnsweredThenClosedSilentlyAfterHttpKeepAlive() {
        session.start();
        client.feed("GET /ok HTTP/1.1\r\nHost: t\r\n\r\n").settle();

        final String answer = client.takeWritten();
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.endsWith("ok"), answer);
        assertFalse(client.isClosed(), "kept alive");

        after(900);
        assertFalse(client.isClosed(), "closed before timeout http-keep-alive (1s)");
        after(100 + 2 * ReactorTimers.TICK_NS / MS);
        assertTrue(client.isClosed(), "idle past timeout http-keep-alive");
        assertFalse(client.isAborted(), "an idle keep-alive connection is closed, not reset");
        assertEquals("", client.takeWritten(), "nothing said on an idle close");
        assertEquals(0, limits.globalCurrent(), "the connection slot is back");
        assertEquals(0, reactor.live().size());
    }

    @Test
    void aHeadThatNeverEndsGets408AfterHttpRequestThenFin() {
        session.start();
        client.feed("GET /ok HTTP/1.1\r\nHo").settle();
        assertEquals("", client.takeWritten());

        after(1900);
        assertEquals("", client.takeWritten(), "408 before timeout http-request (2s)");
        after(100 + 2 * ReactorTimers.TICK_NS / MS);
        assertTrue(client.takeWritten().startsWith("HTTP/1.1 408"));
        assertTrue(client.isOutputShut(), "FIN after the reply");
        assertFalse(client.isClosed(), "the client may still send: it is drained, not cut");

        client.peerCloses();
        client.settle();
        assertTrue(client.isClosed());
        assertFalse(client.isAborted());
    }

    @Test
    void aClientLeavingInTheMiddleOfAHeadGets400() {
        session.start();
        client.feed("GET /ok HTTP/1.1\r\nHo");
        client.peerCloses();
        client.settle();

        assertTrue(client.takeWritten().startsWith("HTTP/1.1 400"));
        assertTrue(client.isClosed());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        session.start();
        client.feed("GET /ok HTTP/1.1\r\nHost: t\r\n\r\nGET /ok HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            .settle();

        final String answers = client.takeWritten();
        assertEquals(2, answers.split("HTTP/1.1 200", -1).length - 1, answers);
        assertTrue(client.isClosed(), "Connection: close honoured after the second answer, at once (as HAProxy)");
        assertFalse(client.isAborted(), "closed, not reset");
    }

    @Test
    void aSlowReaderGetsItsAnswerAsItTakesBytes() {
        client.writeBudget(10);
        session.start();
        client.feed("GET /ok HTTP/1.1\r\nHost: t\r\n\r\n").settle();
        final StringBuilder got = new StringBuilder(client.takeWritten());
        assertEquals(10, got.length(), "only what the peer took");

        for (int i = 0; i < 100 && !got.toString().endsWith("ok"); i++) {
            client.writeBudget(10);
            client.settle();
            got.append(client.takeWritten());
        }
        assertTrue(got.toString().startsWith("HTTP/1.1 200") && got.toString().endsWith("ok"), got.toString());

        client.writeBudget(Integer.MAX_VALUE);
        after(1000 + 2 * ReactorTimers.TICK_NS / MS);
        assertTrue(client.isClosed(), "then idle past timeout http-keep-alive");
    }

    @Test
    void aClientThatStopsReadingIsResetAfterTimeoutClient() {
        client.writeBudget(0);
        session.start();
        client.feed("GET /ok HTTP/1.1\r\nHost: t\r\n\r\n").settle();

        after(9_900);
        assertFalse(client.isClosed(), "cut before timeout client (10s)");
        after(100 + 2 * ReactorTimers.TICK_NS / MS);
        assertTrue(client.isAborted(), "a client that takes nothing for timeout client is reset");
    }

    @Test
    void aRequestAlreadyThereAtAcceptIsAnsweredWithoutAnyEvent() {
        client.feed("GET /ok HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        session.start();
        session.readFirst(); // no fireReady/settle: nothing but the first read may have seen the request

        final String answer = client.takeWritten();
        assertTrue(answer.startsWith("HTTP/1.1 200") && answer.endsWith("ok"), answer);
        assertTrue(client.isClosed(), "Connection: close honoured");
    }

    @Test
    void aClientThatAskedForTheEndIsClosedWithoutWaitingForItsFin() {
        session.start();
        client.feed("GET /ok HTTP/1.0\r\n\r\n").settle();

        assertTrue(client.takeWritten().startsWith("HTTP/1.1 200"));
        assertTrue(client.isClosed(), "HTTP/1.0 without keep-alive: closed once answered, no drain");
        assertFalse(client.isAborted());
        assertEquals(0, limits.globalCurrent(), "the connection slot is back");
        assertEquals(0, reactor.live().size());
    }

    @Test
    void aClientKeptAliveButClosedByTheFrontendIsStillDrained() {
        session.superseded(); // a reload: baton ends the connection, not the client, which may have sent more
        session.start();
        client.feed("GET /ok HTTP/1.1\r\nHost: t\r\n\r\n").settle();

        assertTrue(client.takeWritten().startsWith("HTTP/1.1 200"));
        assertTrue(client.isOutputShut(), "FIN after the answer");
        assertFalse(client.isClosed(), "drained until the client's FIN");
        client.peerCloses();
        client.settle();
        assertTrue(client.isClosed());
        assertFalse(client.isAborted());
    }

    @Test
    void aFirstReadFindingNothingLeavesTheRequestToTheSelector() {
        session.start();
        session.readFirst();
        assertEquals("", client.takeWritten());
        assertFalse(client.isClosed());
        assertEquals(java.nio.channels.SelectionKey.OP_READ, client.interestOps(), "waits for the request");
        assertEquals(0, reactor.buffers().outstanding(), "an empty first read holds no buffer");

        client.feed("GET /ok HTTP/1.1\r\nHost: t\r\n\r\n").settle();
        assertTrue(client.takeWritten().startsWith("HTTP/1.1 200"));
        after(1000 + 2 * ReactorTimers.TICK_NS / MS);
        assertTrue(client.isClosed(), "then idle past timeout http-keep-alive");
    }

    @Test
    void aClientGoneBeforeItsFirstReadIsClosedSilently() {
        client.peerCloses();
        session.start();
        session.readFirst();

        assertTrue(client.isClosed(), "an end of stream found by the first read ends the session");
        assertFalse(client.isAborted());
        assertEquals("", client.takeWritten(), "nothing said to a client that sent nothing");
        assertEquals(0, limits.globalCurrent(), "the connection slot is back");
        assertEquals(0, reactor.live().size());
    }
}
