package dev.baton.http;

import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The http-request / http-response rules, use_backend and option forwardfor, seen from a real client and
 * a backend that records the request heads it receives.
 */
class HttpRulesThroughDaemonTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER).build();
    private HttpBackend web;
    private RecordingBackend api;
    private RunningDaemon daemon;
    private int port;

    @BeforeEach
    void start() throws Exception {
        web = HttpBackend.start(new HttpBackend.Options().name("web1"));
        api = new RecordingBackend();
        port = RunningDaemon.freePort();
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
            "    option forwardfor",
            "    acl is_api path_beg /api",
            "    http-request deny deny_status 403 if { path_beg /admin }",
            "    http-request redirect prefix https://example.com code 301 if { path_beg /old }",
            "    http-request return status 200 content-type text/plain string pong if { path /ping }",
            "    http-request set-header X-Via baton",
            "    http-request del-header X-Secret",
            "    use_backend %[req.hdr(x-to),lower] if { req.hdr(x-to) -m found }",
            "    use_backend api if is_api",
            "    default_backend web",
            "backend web",
            "    http-response set-header X-Backend web",
            "    server w1 127.0.0.1:" + web.port(),
            "backend api",
            "    http-response set-header X-Backend api",
            "    server a1 127.0.0.1:" + api.port(),
            ""));
    }

    @AfterEach
    void stop() throws IOException {
        daemon.close();
        web.close();
        api.close();
    }

    private HttpResponse<String> get(final String path, final String... headers) throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void useBackendRoutesByPathAndResponseRulesOfTheChosenBackendApply() throws Exception {
        final HttpResponse<String> w = get("/");
        assertEquals(200, w.statusCode());
        assertEquals("web", w.headers().firstValue("X-Backend").orElse(null));
        assertEquals("web1", w.headers().firstValue("X-Server").orElse(null));

        final HttpResponse<String> a = get("/api/items");
        assertEquals(200, a.statusCode());
        assertEquals("api", a.headers().firstValue("X-Backend").orElse(null));
        assertTrue(api.heads.poll(5, TimeUnit.SECONDS).startsWith("GET /api/items HTTP/1.1"));
    }

    @Test
    void aDynamicUseBackendRendersTheNameAndAnUnknownOneEndsTheRules() throws Exception {
        assertEquals("api", get("/", "X-To", "API").headers().firstValue("X-Backend").orElse(null));
        assertTrue(api.heads.poll(5, TimeUnit.SECONDS).startsWith("GET / HTTP/1.1"));
        assertEquals("web", get("/api/items", "X-To", "nobody").headers().firstValue("X-Backend").orElse(null),
            "no such backend: default_backend, the rules after it are not tried (HAProxy)");
        assertEquals("web", get("/api/items", "X-To", "fe").headers().firstValue("X-Backend").orElse(null),
            "a frontend is no backend");
        assertEquals(0, api.heads.size());
    }

    @Test
    void requestRulesAndForwardForShapeTheHeadTheServerReceives() throws Exception {
        assertEquals(200, get("/api/x", "X-Secret", "s3cr3t", "X-Via", "client").statusCode());
        final String head = api.heads.poll(5, TimeUnit.SECONDS);
        assertNotNull(head);
        final String lower = head.toLowerCase(java.util.Locale.ROOT);
        assertTrue(lower.contains("\r\nx-via: baton\r\n"), head);
        assertTrue(!lower.contains("x-via: client"), "set-header replaces: " + head);
        assertTrue(!lower.contains("x-secret"), "del-header removes: " + head);
        assertTrue(lower.contains("\r\nx-forwarded-for: 127.0.0.1\r\n"), head);
    }

    @Test
    void denyRedirectAndReturnAreAnsweredWithoutAnyServer() throws Exception {
        final long before = web.requestsReceived();
        assertEquals(403, get("/admin/panel").statusCode());
        final HttpResponse<String> r = get("/old/page?q=1");
        assertEquals(301, r.statusCode());
        assertEquals("https://example.com/old/page?q=1", r.headers().firstValue("Location").orElse(null));
        final HttpResponse<String> p = get("/ping");
        assertEquals(200, p.statusCode());
        assertEquals("pong", p.body());
        assertEquals("text/plain", p.headers().firstValue("Content-Type").orElse(null));
        assertEquals(before, web.requestsReceived(), "no request reached a server");
        assertEquals(0, api.heads.size());
    }
}
