package dev.baton.http;

import dev.baton.support.RawHttp;
import dev.baton.support.TrafficLogCapture;
import dev.baton.support.RunningDaemon;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code mode tcp} frontend whose {@code default_backend} is in {@code mode http}: as HAProxy 2.1+
 * ({@code stream_set_backend}), the client's stream is upgraded to HTTP. The client connection then speaks HTTP/1.1:
 * the backend's {@code http-request} rules run, its servers are balanced per request over one keep-alive client
 * connection, and a bad request gets baton's 400 instead of being piped as bytes.
 */
class TcpFrontendUpgradeTest {
    private final List<HttpBackend> servers = new ArrayList<>();
    private RunningDaemon daemon;

    @AfterEach
    void tearDown() {
        if (daemon != null) {
            daemon.close();
        }
        servers.forEach(HttpBackend::close);
    }

    private void start() throws Exception {
        start("");
    }

    private void start(final String frontendLines) throws Exception {
        for (final String name : List.of("s1", "s2")) {
            servers.add(HttpBackend.start(new HttpBackend.Options().name(name)));
        }
        daemon = RunningDaemon.start(String.join("\n",
            "defaults",
            "    timeout connect 2s",
            "    timeout client 20s",
            "    timeout server 20s",
            "frontend raw",
            "    mode tcp",
            "    bind 127.0.0.1:" + RunningDaemon.freePort(),
            "    default_backend web",
            frontendLines,
            "backend web",
            "    mode http",
            "    http-request return status 201 if { path /here }",
            "    server s1 127.0.0.1:" + servers.get(0).port(),
            "    server s2 127.0.0.1:" + servers.get(1).port(),
            ""));
    }

    @Test
    void theTcpFrontendsStreamIsUpgradedToHttp() throws Exception {
        start();
        try (RawHttp c = RawHttp.open(daemon.port("raw"))) {
            final List<String> seen = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                final RawHttp.Response r = c.send(RawHttp.get("/")).read();
                assertEquals(200, r.status);
                assertNull(r.header("Connection"), "the client connection stays open");
                seen.add(r.header("X-Server"));
            }
            for (int i = 1; i < seen.size(); i++) {
                assertNotEquals(seen.get(i - 1), seen.get(i), "balanced per request, not per connection: " + seen);
            }
            assertEquals(201, c.send(RawHttp.get("/here")).read().status, "the backend's http-request rules run");
        }
        try (RawHttp c = RawHttp.open(daemon.port("raw"))) {
            assertEquals(400, c.send("NOT HTTP AT ALL\r\n\r\n").read().status, "not piped: parsed as HTTP");
        }
    }

    /**
     * {@code option tcplog} on the tcp frontend: as HAProxy 2.6, each request of the upgraded stream is logged in the
     * frontend's tcplog format (HAProxy's own lines for two keep-alive requests were
     * {@code 127.0.0.1:46200 [...] t h/<NOSRV> -1/-1/0 73 LR 1/1/0/0/0 0/0}, once per request).
     */
    @Test
    void anUpgradedStreamLogsEachRequestInTheTcpFrontendsFormat() throws Exception {
        TrafficLogCapture.clear();
        start("    log global\n    option tcplog");
        try (RawHttp c = RawHttp.open(daemon.port("raw"))) {
            assertEquals(201, c.send(RawHttp.get("/here")).read().status);
            assertEquals(201, c.send(RawHttp.get("/here")).read().status);
            final String prefix = "127.0.0.1:" + c.localPort() + " [";
            await("two tcplog lines").atMost(Duration.ofSeconds(10))
                .until(() -> TrafficLogCapture.count(l -> l.startsWith(prefix)) == 2);
            for (final String line : TrafficLogCapture.lines(l -> l.startsWith(prefix))) {
                assertTrue(line.matches(".*\\] raw web/<NOSRV> -1/-1/\\d+ \\d+ LR \\d+/\\d+/\\d+/\\d+/0 0/0"),
                    line);
            }
        }
    }
}
