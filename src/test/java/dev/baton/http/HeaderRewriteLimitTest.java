package dev.baton.http;

import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Header rewrites by http-request rules: every added header arrives (many more than a handful), and a rewrite that
 * cannot fit fails the request as HAProxy's default strict mode does (500, nothing sent to the server), never a
 * header silently left out.
 */
class HeaderRewriteLimitTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String config(final int port, final int backend, final int rules, final int valueBytes) {
        final StringBuilder sb = new StringBuilder(String.join("\n",
            "global", "    nbthread 1",
            "defaults", "    mode http", "    timeout connect 2s", "    timeout client 5s", "    timeout server 5s",
            "frontend fe", "    bind 127.0.0.1:" + port, "    default_backend be", ""));
        final String value = "v".repeat(valueBytes);
        for (int i = 0; i < rules; i++) {
            sb.append("    http-request add-header X-Added-").append(i).append(' ').append(value).append('\n');
        }
        return sb + "backend be\n    server s1 127.0.0.1:" + backend + "\n";
    }

    @Test
    void fortyAddedHeadersAllArrive() throws Exception {
        try (RecordingBackend server = new RecordingBackend()) {
            final int port = RunningDaemon.freePort();
            final RunningDaemon d = RunningDaemon.start(config(port, server.port(), 40, 20));
            try {
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.discarding());
                final String head = server.heads.poll(5, TimeUnit.SECONDS);
                for (int i = 0; i < 40; i++) {
                    assertTrue(head.contains("\r\nX-Added-" + i + ": " + "v".repeat(20) + "\r\n"), "X-Added-" + i);
                }
            } finally {
                d.close();
            }
        }
    }

    @Test
    void aRewriteThatCannotFitFailsTheRequestWith500() throws Exception {
        try (RecordingBackend server = new RecordingBackend()) {
            final int port = RunningDaemon.freePort();
            // 12 values of 1000 bytes: more than the 8 KiB a request's rewrites may add
            final RunningDaemon d = RunningDaemon.start(config(port, server.port(), 12, 1000));
            try {
                final HttpResponse<Void> r = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.discarding());
                assertEquals(500, r.statusCode());
                assertNull(server.heads.poll(200, TimeUnit.MILLISECONDS), "nothing reached the server");
            } finally {
                d.close();
            }
        }
    }
}
