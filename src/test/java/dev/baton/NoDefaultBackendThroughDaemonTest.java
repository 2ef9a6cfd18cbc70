package dev.baton;

import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A frontend without {@code default_backend}, as HAProxy allows: a request a {@code use_backend} rule
 * routes reaches its backend, one no rule routes gets 503 from baton itself and is logged {@code <NOSRV>}.
 * A client of a {@code mode tcp} frontend without one is closed at once and logged {@code <NOSRV>} and
 * {@code SC}, as HAProxy does.
 */
class NoDefaultBackendThroughDaemonTest {
    private HttpBackend api;
    private RunningDaemon daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (api != null) {
            api.close();
        }
    }

    /**
     * Starts a daemon whose frontend {@code fe} routes {@code /api} to backend {@code api} and has no default,
     * beside a {@code mode tcp} frontend {@code raw} without default either (no client goes there).
     */
    private int start() throws Exception {
        api = HttpBackend.start(new HttpBackend.Options().name("a1"));
        final int port = RunningDaemon.freePort();
        daemon = RunningDaemon.start(String.join("\n",
            "global",
            "    nbthread 1",
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    log global",
            "    option httplog",
            "    use_backend api if { path_beg /api }",
            "    use_backend wild if { path_beg /wild }",
            "frontend idle", // no bind: loads with HAProxy's warning and accepts nothing
            "    default_backend api",
            "frontend raw",
            "    mode tcp",
            "    log global",
            "    option tcplog",
            "    bind 127.0.0.1:" + RunningDaemon.freePort(),
            "backend api",
            "    server a1 127.0.0.1:" + api.port(),
            "backend wild",
            "    server w1 *:" + api.port(), // HAProxy's wildcard address: 0.0.0.0, this host on Linux
            ""));
        return port;
    }

    @Test
    void aServerAtTheWildcardAddressIsReachedOnThisHost() throws Exception {
        final int port = start();
        try (RawHttp c = RawHttp.open(port)) {
            final RawHttp.Response r = c.send(RawHttp.get("/wild")).read();
            assertEquals(200, r.status);
            assertEquals("a1", r.header("X-Server"));
        }
    }

    @Test
    void aUseBackendOnlyFrontendStartsAndRoutesWhatARuleMatches() throws Exception {
        final int port = start();
        assertNull(daemon.daemon().frontend("fe").defaultBackend());
        assertNull(daemon.daemon().frontend("raw").defaultBackend(), "a mode tcp one is built too");

        try (RawHttp c = RawHttp.open(port)) {
            final RawHttp.Response routed = c.send(RawHttp.get("/api/items")).read();
            assertEquals(200, routed.status);
            assertEquals("a1", routed.header("X-Server"));
        }
        assertEquals(1, api.requestsReceived());
    }

    @Test
    void aRequestNoRuleRoutesGets503LoggedNosrv() throws Exception {
        final int port = start();

        try (RawHttp c = RawHttp.open(port)) {
            final RawHttp.Response unrouted = c.send(RawHttp.get("/elsewhere")).read();
            assertEquals(503, unrouted.status);
            final String line = TrafficLogCapture.awaitLine("of the unrouted request",
                l -> l.contains(":" + c.localPort() + " ") && l.contains(" 503 "));
            assertTrue(line.contains("<NOSRV>"), line);
        }
        assertEquals(0, api.requestsReceived(), "no server saw the unrouted request");
    }

    @Test
    void aTcpClientOfAFrontendWithoutBackendIsClosedAtOnceAndLoggedNosrv() throws Exception {
        start();
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), daemon.port("raw"))) {
            Sockets.assertClosedByPeer(c);
            final String line = TrafficLogCapture.awaitLine("of the tcp client",
                l -> l.contains(":" + c.getLocalPort() + " "));
            assertTrue(line.contains(" raw raw/<NOSRV> ") && line.contains(" SC "), line);
        }
        await("the stream is gone, its slot given back").atMost(Duration.ofSeconds(5))
            .until(() -> daemon.daemon().liveStreams() == 0 && daemon.daemon().limits().globalCurrent() == 0);
    }
}
