package dev.baton.http;

import dev.baton.support.BlockingServer;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * What a server connection goes through between and around responses: closed by the server while idle
 * (pooled or private), bytes nobody asked for, an early answer before the request body, a retry elsewhere,
 * interim responses.
 */
class HttpServerConnectionTest {
    private final HttpRig rig = new HttpRig();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    @Test
    void aPooledConnectionClosedByItsServerIsDroppedAndReplaced() throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1").keepAliveIdleTimeoutMs(100));
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port())));
        final RawHttp c = rig.client();
        assertEquals(200, c.send(RawHttp.get("/")).read().status);

        await("the server closed the idle connection, the daemon dropped it").atMost(Duration.ofSeconds(5))
            .until(() -> b.openConnections() == 0 && rig.pool("s1").currIdleConns() == 0);
        rig.assertPoolsConsistent();
        final RawHttp.Response r = c.send(RawHttp.get("/")).read();

        assertEquals("2", r.header("X-Conn-Id"), "a new connection");
    }

    @Test
    void aPrivateConnectionClosedByItsServerIsReplaced() throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1").keepAliveIdleTimeoutMs(100));
        rig.start(HttpConfigs.listen(1, "http-reuse never", HttpConfigs.server("s1", b.port())));
        final RawHttp c = rig.client();
        assertEquals(200, c.send(RawHttp.get("/")).read().status);

        await("the server closed the session's connection").atMost(Duration.ofSeconds(5))
            .until(() -> b.openConnections() == 0);
        final RawHttp.Response r = c.send(RawHttp.get("/")).read();

        assertEquals(200, r.status);
        assertEquals("2", r.header("X-Conn-Id"), "a new connection");
    }

    @Test
    void bytesAfterAResponseKeepItsConnectionOutOfThePool() throws Exception {
        final AtomicInteger ids = new AtomicInteger();
        final BlockingServer b = rig.rawBackend("extra-bytes", socket -> {
            final int id = ids.incrementAndGet();
            final InputStream in = socket.getInputStream();
            for (String head = RawBackends.readHead(in); head != null; head = RawBackends.readHead(in)) {
                RawBackends.write(socket.getOutputStream(), RawBackends.ok(id, "ok") + (id == 1 ? "EXTRA" : ""));
            }
        });
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port())));
        final RawHttp c = rig.client();

        assertEquals("ok", c.send(RawHttp.get("/")).read().text());
        final RawHttp.Response r = c.send(RawHttp.get("/")).read();

        assertEquals("ok", r.text(), "the extra bytes never reach the client");
        assertEquals("2", r.header("X-Conn-Id"), "the first connection was not reused");
    }

    @Test
    void anIdleConnectionThatReceivesUnaskedBytesIsClosed() throws Exception {
        final AtomicInteger ids = new AtomicInteger();
        final BlockingServer b = rig.rawBackend("chatty", socket -> {
            final int id = ids.incrementAndGet();
            final InputStream in = socket.getInputStream();
            final OutputStream out = socket.getOutputStream();
            for (String head = RawBackends.readHead(in); head != null; head = RawBackends.readHead(in)) {
                RawBackends.write(out, RawBackends.ok(id, "ok"));
                if (head.startsWith("GET /chatty ")) {
                    RawBackends.write(out, "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n");
                }
            }
        });
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port())));
        final RawHttp c = rig.client();
        assertEquals("ok", c.send(RawHttp.get("/chatty")).read().text());

        await("the daemon closed the connection the server wrote on while idle").atMost(Duration.ofSeconds(5))
            .until(() -> b.current() == 0);
        rig.assertPoolsConsistent();
        final RawHttp.Response r = c.send(RawHttp.get("/")).read();

        assertEquals(200, r.status, "never the 408 meant for nobody");
        assertEquals("2", r.header("X-Conn-Id"));
    }

    @Test
    void anEarlyAnswerBeforeTheRequestBodyEndsClosesBothSides() throws Exception {
        final BlockingServer b = rig.rawBackend("early-413", socket -> {
            if (RawBackends.readHead(socket.getInputStream()) != null) {
                RawBackends.write(socket.getOutputStream(),
                    "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbig!");
            }
        });
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port())));
        final RawHttp c = rig.client();

        final RawHttp.Response r = c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\npartial").read();

        assertEquals(413, r.status);
        assertEquals("big!", r.text());
        c.assertClosedByPeer();
    }

    @Test
    void aFailedConnectIsRetriedOnAnotherServerWithRedispatch() throws Exception {
        final HttpBackend good = rig.backend(new HttpBackend.Options().name("good"));
        final int dead = RunningDaemon.freePort();
        rig.start(HttpConfigs.listen(1, "balance first", "retries 1", "option redispatch",
            HttpConfigs.server("dead", dead), HttpConfigs.server("good", good.port())));
        final RawHttp c = rig.client();

        final RawHttp.Response r = c.send(RawHttp.get("/")).read();

        assertEquals(200, r.status);
        assertEquals("good", r.header("X-Server"));
    }

    @Test
    void interimResponsesAreRelayedBeforeTheFinalOne() throws Exception {
        final BlockingServer b = rig.rawBackend("early-hints", socket -> {
            final InputStream in = socket.getInputStream();
            for (String head = RawBackends.readHead(in); head != null; head = RawBackends.readHead(in)) {
                RawBackends.write(socket.getOutputStream(), "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                    + "HTTP/1.1 103 Early Hints\r\nLink: </b.js>; rel=preload\r\n\r\n" + RawBackends.ok(1, "final"));
            }
        });
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port())));
        final RawHttp c = rig.client();
        for (int i = 0; i < 2; i++) {
            c.send(RawHttp.get("/"));
            final RawHttp.Response first = c.readHead();
            final RawHttp.Response second = c.readHead();
            final RawHttp.Response last = c.read();

            assertEquals(103, first.status);
            assertEquals("</a.css>; rel=preload", first.header("Link"));
            assertEquals(103, second.status);
            assertEquals("</b.js>; rel=preload", second.header("Link"));
            assertEquals(200, last.status);
            assertEquals("final", last.text());
        }
        assertNotEquals(0, b.accepted());
    }
}
