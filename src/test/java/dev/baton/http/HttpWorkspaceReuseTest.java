package dev.baton.http;

import dev.baton.listener.Listener;
import dev.baton.support.BlockingServer;
import dev.baton.support.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions borrow their request workspace from the reactor per request and give it back between requests:
 * what one session leaves in it (rule edits, a denied request, a cut chunked body, a half-parsed head) never
 * reaches the next session's server; pipelined and keep-alive requests go on across borrow and return; and
 * a reactor makes only as many workspaces as it has requests under way at once, none held by idle clients.
 */
class HttpWorkspaceReuseTest {
    private static final String ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private final HttpRig rig = new HttpRig();
    /** What the backend received, in order: each request's head, then {@code "BODY " + body} once whole. */
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    private void start() throws Exception {
        final BlockingServer b = rig.rawBackend("recording", socket -> {
            final InputStream in = socket.getInputStream();
            for (String head = RawBackends.readHead(in); head != null; head = RawBackends.readHead(in)) {
                received.add(head);
                final byte[] body;
                try {
                    body = RawBackends.readBody(in, head);
                } catch (final EOFException e) {
                    return; // baton gave up on a request cut by its client
                }
                received.add("BODY " + new String(body, StandardCharsets.ISO_8859_1));
                RawBackends.write(socket.getOutputStream(), ANSWER);
            }
        });
        rig.start(HttpConfigs.listen(1,
            "http-request deny deny_status 403 if { path_beg /deny }",
            "http-request return status 200 content-type text/plain string pong if { path /ping }",
            "http-request set-header X-Rule by-rule if { path_beg /rule }",
            "http-request del-header X-Drop",
            "http-response set-header X-Resp by-rule",
            HttpConfigs.server("s1", b.port())));
    }

    private String next() throws InterruptedException {
        final String s = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(s, "the backend received nothing more");
        return s;
    }

    private RequestWorkspaces workspaces() {
        for (final Listener l : rig.daemon().listeners()) {
            if (l.frontend().name().equals("fe") && l.reactor().id() == 0) {
                return ((HttpAcceptor) l.acceptor()).workspaces();
            }
        }
        throw new IllegalStateException("no listener of fe on reactor 0");
    }

    private int created() throws Exception {
        return rig.running().onReactor(0, r -> workspaces().created());
    }

    private int free() throws Exception {
        return rig.running().onReactor(0, r -> workspaces().free());
    }

    private void awaitNoSession() {
        await("sessions ended").atMost(java.time.Duration.ofSeconds(10))
            .until(() -> rig.daemon().liveStreams() == 0);
    }

    @Test
    void aRecycledWorkspaceCarriesNothingToTheNextSession() throws Exception {
        start();

        // A request with rule edits, proxied.
        try (RawHttp c = RawHttp.open(rig.port())) {
            assertEquals(200, c.send("GET /rule HTTP/1.1\r\nHost: t\r\nX-Drop: 1\r\nX-A: a\r\n\r\n").read().status);
            assertEquals("GET /rule HTTP/1.1\r\nHost: t\r\nX-A: a\r\nX-Rule: by-rule\r\n\r\n", next());
            assertEquals("BODY ", next());
        }
        awaitNoSession();
        // A denied request.
        try (RawHttp c = RawHttp.open(rig.port())) {
            assertEquals(403, c.send("GET /deny HTTP/1.1\r\nHost: t\r\nX-Drop: 1\r\n\r\n").read().status);
        }
        awaitNoSession();
        // A chunked body cut in the middle of a chunk: the session ends with its body copy under way.
        try (RawHttp c = RawHttp.open(rig.port())) {
            c.send("POST /rule/up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
            assertTrue(next().startsWith("POST /rule/up HTTP/1.1\r\n"));
        }
        awaitNoSession();
        // A head cut in the middle of a header line: the session ends with its parser inside the head.
        try (RawHttp c = RawHttp.open(rig.port())) {
            c.send("GET /half HTTP/1.1\r\nHost: t\r\nX-Ha");
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> free() == 0); // the head is being parsed
        }
        awaitNoSession();

        try (RawHttp c = RawHttp.open(rig.port())) {
            final RawHttp.Response r = c.send("POST /clean HTTP/1.1\r\nHost: t\r\nX-B: b\r\nContent-Length: 5\r\n\r\nhello")
                .read();
            assertEquals(200, r.status);
            assertEquals("by-rule", r.header("X-Resp"));
            assertEquals("POST /clean HTTP/1.1\r\nHost: t\r\nX-B: b\r\nContent-Length: 5\r\n\r\n", next(),
                "the head reaches the server as the client sent it");
            assertEquals("BODY hello", next());
            assertEquals(200, c.send(RawHttp.get("/clean2")).read().status);
            assertEquals("GET /clean2 HTTP/1.1\r\nHost: test\r\n\r\n", next());
            assertEquals("BODY ", next());
        }
        awaitNoSession();
        assertEquals(1, created(), "every session above used the same workspace, one after the other");
        assertEquals(1, free());
    }

    @Test
    void pipelinedAndKeepAliveRequestsGoOnAcrossBorrowAndReturn() throws Exception {
        start();
        final RawHttp c = rig.client();
        c.send("GET /p1 HTTP/1.1\r\nHost: t\r\nX-Drop: x\r\n\r\n"
            + "GET /ping HTTP/1.1\r\nHost: t\r\n\r\n"
            + "POST /p2 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
            + "GET /rule/p3 HTTP/1.1\r\nHost: t\r\n\r\n");

        assertEquals("ok", c.read().text());
        assertEquals("pong", c.read().text(), "the local answer in its place");
        assertEquals("ok", c.read().text());
        assertEquals("ok", c.read().text());
        assertEquals("GET /p1 HTTP/1.1\r\nHost: t\r\n\r\n", next());
        assertEquals("BODY ", next());
        assertEquals("POST /p2 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n", next());
        assertEquals("BODY 3\r\nabc\r\n0\r\n\r\n", next());
        assertEquals("GET /rule/p3 HTTP/1.1\r\nHost: t\r\nX-Rule: by-rule\r\n\r\n", next());
        assertEquals("BODY ", next());

        for (int i = 0; i < 5; i++) {
            final String path = i % 2 == 0 ? "/ka" + i : "/rule/ka" + i;
            assertEquals("ok", c.send(RawHttp.get(path, "X-Drop: y\r\n")).read().text());
            assertEquals("GET " + path + " HTTP/1.1\r\nHost: test\r\n" + (i % 2 == 0 ? "" : "X-Rule: by-rule\r\n")
                + "\r\n", next(), "keep-alive request " + i);
            assertEquals("BODY ", next());
        }
        await("the idle client gave its workspace back").atMost(java.time.Duration.ofSeconds(10))
            .until(() -> free() == 1);
        assertEquals(1, created());
    }

    @Test
    void aReactorMakesWorkspacesForConcurrentRequestsOnlyAndIdleClientsHoldNone() throws Exception {
        start();
        final int connections = 6;
        final int rounds = 10;
        final List<RawHttp> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            clients.add(rig.client());
        }
        for (int round = 0; round < rounds; round++) {
            for (final RawHttp c : clients) {
                c.send(RawHttp.get("/rule/" + round)); // all under way at once
            }
            for (final RawHttp c : clients) {
                assertEquals("ok", c.read().text());
            }
        }
        assertEquals(2 * connections * rounds, received.size());

        final int created = created();
        assertTrue(created >= 1 && created <= connections,
            created + " workspaces made for " + connections * rounds + " requests on " + connections + " connections");
        await("idle clients hold no workspace and no buffer").atMost(java.time.Duration.ofSeconds(10))
            .untilAsserted(() -> {
                assertEquals(created, free(), "workspaces free");
                assertEquals(0, rig.running().outstandingBuffers(), "buffers handed out");
            });
        assertEquals(connections, rig.daemon().liveStreams(), "the clients are still connected");
    }
}
