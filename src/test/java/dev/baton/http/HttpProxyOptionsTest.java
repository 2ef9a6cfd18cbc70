package dev.baton.http;

import dev.baton.counters.Counter;
import dev.baton.support.BlockingServer;
import dev.baton.support.RawHttp;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.time.Duration;
import java.util.Locale;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP options of a proxy, each by its effect through a real daemon: {@code http-pretend-keepalive},
 * {@code http-buffer-request}, {@code http-ignore-probes}, {@code prefer-last-server}, {@code nolinger},
 * {@code disable-h2-upgrade}, and {@code monitor-uri} with {@code monitor fail}.
 */
class HttpProxyOptionsTest {
    private final HttpRig rig = new HttpRig();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    /** A raw keep-alive backend that hands each request head it reads to {@code heads} and answers 200 "ok". */
    private BlockingServer capturing(final List<String> heads) throws Exception {
        return rig.rawBackend("capture", socket -> {
            final InputStream in = socket.getInputStream();
            for (String head = RawBackends.readHead(in); head != null; head = RawBackends.readHead(in)) {
                final byte[] body = RawBackends.readBody(in, head);
                synchronized (heads) {
                    heads.add(head + new String(body, StandardCharsets.ISO_8859_1));
                }
                RawBackends.write(socket.getOutputStream(), RawBackends.ok(1, "ok"));
            }
        });
    }

    /** Starts backend {@code s1} and {@code listen fe} with {@code lines} and a server line for it. */
    private HttpBackend startWithOneServer(final String... lines) throws Exception {
        final HttpBackend backend = rig.backend(new HttpBackend.Options().name("s1"));
        final String[] all = Arrays.copyOf(lines, lines.length + 1);
        all[lines.length] = HttpConfigs.server("s1", backend.port());
        rig.start(HttpConfigs.listen(1, all));
        return backend;
    }

    @Test
    void pretendKeepAliveKeepsConnectionCloseFromTheServerInServerCloseMode() throws Exception {
        final List<String> heads = new ArrayList<>();
        final BlockingServer b = capturing(heads);
        rig.start(HttpConfigs.listen(1, "option http-server-close", "option http-pretend-keepalive",
            HttpConfigs.server("s", b.port())));
        final RawHttp c = rig.client();
        assertEquals(200, c.send(RawHttp.get("/one")).read().status);
        assertEquals(200, c.send(RawHttp.get("/two")).read().status);
        synchronized (heads) {
            assertEquals(2, heads.size());
            for (final String head : heads) {
                assertFalse(head.toLowerCase(Locale.ROOT).contains("connection: close"), head);
            }
        }
        assertEquals(2, b.accepted(), "baton still closes the server connection after each response");
    }

    @Test
    void withoutPretendKeepAliveTheServerIsToldOfTheClose() throws Exception {
        final List<String> heads = new ArrayList<>();
        final BlockingServer b = capturing(heads);
        rig.start(HttpConfigs.listen(1, "option http-server-close", HttpConfigs.server("s", b.port())));
        assertEquals(200, rig.client().send(RawHttp.get("/one")).read().status);
        synchronized (heads) {
            assertTrue(heads.get(0).toLowerCase(Locale.ROOT).contains("connection: close"), heads.get(0));
        }
    }

    @Test
    void bufferRequestChoosesNoServerBeforeTheWholeBodyCame() throws Exception {
        final List<String> heads = new ArrayList<>();
        final BlockingServer b = capturing(heads);
        rig.start(HttpConfigs.listen(1, "option http-buffer-request", HttpConfigs.server("s", b.port())));
        final RawHttp waiting = rig.client();
        waiting.send("POST /up HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123");
        // a request without body on another connection goes through: the daemon has read the first one's bytes
        final RawHttp other = rig.client();
        assertEquals(200, other.send(RawHttp.get("/plain")).read().status);
        assertEquals(1, b.accepted(), "the POST waits for its body before any server is chosen");

        waiting.send("456789");

        assertEquals(200, waiting.read().status);
        synchronized (heads) {
            assertTrue(heads.stream().anyMatch(h -> h.startsWith("POST /up ") && h.endsWith("\r\n\r\n0123456789")),
                heads.toString());
        }
    }

    @Test
    void theBackendsBufferRequestHoldsTheRequestsRoutedToIt() throws Exception {
        final List<String> heads = new ArrayList<>();
        final BlockingServer b = capturing(heads);
        rig.start(HttpConfigs.listen(1, "use_backend slow if { path_beg /up }", HttpConfigs.server("s", b.port()),
            "backend slow", "option http-buffer-request", HttpConfigs.server("s", b.port())));
        final RawHttp waiting = rig.client();
        waiting.send("POST /up HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123");
        final RawHttp direct = rig.client();
        direct.send("POST /direct HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\n01");
        await().atMost(Duration.ofSeconds(10)).until(() -> b.accepted() == 1); // fe itself does not wait
        direct.send("23");
        assertEquals(200, direct.read().status);
        assertEquals(1, b.accepted(), "the request for the buffering backend still waits for its body");
        waiting.send("456789");
        assertEquals(200, waiting.read().status);
        assertEquals(2, b.accepted());
    }

    @Test
    void bufferRequestAnswers408WhenTheBodyDoesNotComeInTimeoutHttpRequest() throws Exception {
        final BlockingServer b = capturing(new ArrayList<>());
        rig.start(HttpConfigs.listen(1, "option http-buffer-request", "timeout http-request 300ms",
            HttpConfigs.server("s", b.port())));
        final RawHttp c = rig.client();
        c.send("POST /up HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123");

        assertEquals(408, c.read().status);
        assertEquals(0, b.accepted());
    }

    @Test
    void ignoreProbesNeitherAnswersNorCountsAnEmptyConnection() throws Exception {
        final HttpBackend backend = startWithOneServer("option http-ignore-probes", "timeout http-request 200ms");
        final RawHttp probe = rig.client();

        assertEquals("", probe.readUntilCut(), "closed after timeout http-request without a 408");
        assertEquals(0, rig.daemon().frontend("fe").counters().get(Counter.REQUESTS));
    }

    @Test
    void withoutIgnoreProbesAnEmptyConnectionGets408() throws Exception {
        final HttpBackend backend = startWithOneServer("timeout http-request 200ms");
        assertEquals(408, rig.client().read().status);
    }

    @Test
    void preferLastServerSendsAKeepAliveClientBackToItsServer() throws Exception {
        final HttpBackend s1 = rig.backend(new HttpBackend.Options().name("s1"));
        final HttpBackend s2 = rig.backend(new HttpBackend.Options().name("s2"));
        rig.start(HttpConfigs.listen(1, "http-reuse never", "option prefer-last-server",
            HttpConfigs.server("s1", s1.port()), HttpConfigs.server("s2", s2.port())));
        final RawHttp c = rig.client();
        final String first = c.send(RawHttp.get("/")).read().header("X-Server");
        for (int i = 0; i < 3; i++) {
            assertEquals(first, c.send(RawHttp.get("/")).read().header("X-Server"));
        }
    }

    @Test
    void withoutPreferLastServerRoundRobinMovesOn() throws Exception {
        final HttpBackend s1 = rig.backend(new HttpBackend.Options().name("s1"));
        final HttpBackend s2 = rig.backend(new HttpBackend.Options().name("s2"));
        rig.start(HttpConfigs.listen(1, "http-reuse never",
            HttpConfigs.server("s1", s1.port()), HttpConfigs.server("s2", s2.port())));
        final RawHttp c = rig.client();
        final String first = c.send(RawHttp.get("/")).read().header("X-Server");
        assertFalse(first.equals(c.send(RawHttp.get("/")).read().header("X-Server")));
    }

    @Test
    void nolingerResetsTheClientConnection() throws Exception {
        final HttpBackend backend = startWithOneServer("option nolinger", "option httpclose");
        final RawHttp c = rig.client();
        assertEquals(200, c.send(RawHttp.get("/")).read().status);
        // the close after the response is a reset, not an end of stream
        assertThrows(SocketException.class, c::readByte);
    }

    @Test
    void withoutNolingerTheClientSeesAnEndOfStream() throws Exception {
        final HttpBackend backend = startWithOneServer("option httpclose");
        final RawHttp c = rig.client();
        assertEquals(200, c.send(RawHttp.get("/")).read().status);
        assertEquals(-1, c.readByte());
    }

    @Test
    void anHttp2PrefaceIsABadRequestWithDisableH2Upgrade() throws Exception {
        final HttpBackend backend = startWithOneServer("option disable-h2-upgrade");
        final RawHttp c = rig.client();
        c.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        assertEquals(400, c.read().status);
        assertEquals(0, backend.requestsReceived());
    }

    @Test
    void monitorUriAnswersLocallyAndIsNotLogged() throws Exception {
        final HttpBackend backend = startWithOneServer("option httplog", "log global", "monitor-uri /health",
            "monitor fail if { hdr(X-Fail) yes }");
        final RawHttp probe = rig.client();
        final RawHttp.Response ok = probe.send(RawHttp.get("/health")).read();
        assertEquals(200, ok.status);
        assertEquals("<html><body><h1>200 OK</h1>\nService ready.\n</body></html>\n", ok.text());
        probe.assertClosedByPeer(); // HAProxy closes after a monitor answer

        assertEquals(503, rig.client().send(RawHttp.get("/health", "X-Fail: yes\r\n")).read().status);
        assertEquals(0, backend.requestsReceived(), "never forwarded");

        final RawHttp other = rig.client();
        assertEquals(200, other.send(RawHttp.get("/health?full")).read().status, "another URI is forwarded");
        assertEquals(1, backend.requestsReceived());
        TrafficLogCapture.awaitLine("the forwarded request's line",
            l -> l.contains(":" + other.localPort() + " ") && l.contains("/health?full"));
        assertEquals(0, TrafficLogCapture.count(l -> l.contains(":" + probe.localPort() + " ")),
            "the monitor request is not logged");
    }

    @Test
    void monitorWithoutUriInterceptsNothing() throws Exception {
        final HttpBackend backend = startWithOneServer("monitor fail if TRUE");
        assertEquals(200, rig.client().send(RawHttp.get("/health")).read().status);
        assertEquals(1, backend.requestsReceived());
    }

    /** Sends one more chunk of an endless upload; false once that fails or an answer arrived. */
    private static boolean uploadGoesOn(final RawHttp c) {
        try {
            c.send("1\r\nx\r\n");
            return c.input().available() == 0;
        } catch (final IOException e) {
            return false;
        }
    }

    @Test
    void withIndependentStreamsTimeoutServerStrikesWhileTheClientStillUploads() throws Exception {
        final BlockingServer b = rig.rawBackend("mute", socket -> socket.getInputStream().readAllBytes());
        rig.start(HttpConfigs.listen(1, "option independent-streams", "timeout server 300ms",
            HttpConfigs.server("s", b.port())));
        final RawHttp c = rig.client();
        c.send("POST /up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> !uploadGoesOn(c));
        assertEquals(504, c.read().status, "the server said nothing for timeout server");
    }

    @Test
    void byDefaultWritingTheUploadKeepsTimeoutServerAlive() throws Exception {
        final BlockingServer b = rig.rawBackend("mute", socket -> socket.getInputStream().readAllBytes());
        rig.start(HttpConfigs.listen(1, "timeout server 300ms", HttpConfigs.server("s", b.port())));
        final RawHttp c = rig.client();
        c.send("POST /up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
        await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
            .until(() -> uploadGoesOn(c));
        c.send("0\r\n\r\n");
        assertEquals(504, c.read().status, "once the upload is over, the server's silence counts");
    }
}
