package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code http-request early-hint} beside HAProxy 2.6: the bytes a client receives before the final response's status
 * line are the same (one {@code 103 Early Hints} response per run of consecutive early-hint rules, a conditional rule
 * starting a new one, a line per rule whose condition held, header names in lower case, values rendered from their
 * format), for a forwarded request, a
 * denied one, a request of the backend's rules and an HTTP/1.0 request (which gets none).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EarlyHintSameAsHaproxyTest {
    @TempDir
    Path dir;
    private RecordingBackend server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private String config(final int port) {
        return String.join("\n",
            "defaults",
            "    mode http",
            "    option http-server-close",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    http-request early-hint Link \"</style.css>; rel=preload; as=style\"",
            "    http-request early-hint link \"</app.js>; rel=preload; as=script\" if { path /two }",
            "    http-request set-header x-a 1",
            "    http-request early-hint X-Host %[req.hdr(host)]-%[path]",
            "    http-request early-hint x-two 2",
            "    http-request deny if { path /deny }",
            "    default_backend be",
            "backend be",
            "    http-request early-hint x-be yes if { path_beg /t }",
            "    server s 127.0.0.1:" + server.port(),
            "");
    }

    private static final String[] REQUESTS = {
        "GET /two HTTP/1.1\r\nHost: h1\r\n\r\n",
        "GET /one HTTP/1.1\r\nHost: h2\r\n\r\n",
        "GET /deny HTTP/1.1\r\nHost: h3\r\n\r\n",
        "GET /two HTTP/1.0\r\nHost: h4\r\n\r\n",
    };

    @Test
    void earlyHintsReachTheClientAsFromHaproxy() throws Exception {
        Haproxy26.assumeInstalled();
        server = new RecordingBackend();
        final int hPort = RunningDaemon.freePort();
        final List<String> fromHaproxy;
        try (HaproxyProcess h = HaproxyProcess.start(dir, config(hPort), hPort)) {
            fromHaproxy = run(hPort);
            assertTrue(h.lines().stream().noneMatch(l -> l.contains("ALERT")), "HAProxy took the configuration");
        }
        final int bPort = RunningDaemon.freePort();
        final List<String> fromBaton;
        try (RunningDaemon baton = RunningDaemon.start(config(bPort))) {
            fromBaton = run(bPort);
            await().atMost(Duration.ofSeconds(10)).until(() -> baton.daemon().liveStreams() == 0);
        }
        assertEquals(List.of(
            "HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload; as=style\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nlink: </app.js>; rel=preload; as=script\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nx-host: h1-/two\r\nx-two: 2\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nx-be: yes\r\n\r\nHTTP/1.1 200 OK",
            "HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload; as=style\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nx-host: h2-/one\r\nx-two: 2\r\n\r\nHTTP/1.1 200 OK",
            "HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload; as=style\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nx-host: h3-/deny\r\nx-two: 2\r\n\r\nHTTP/1.1 403 Forbidden",
            "HTTP/1.1 200 OK"), fromHaproxy, "HAProxy's own bytes (the scenario is what the test means)");
        assertEquals(fromHaproxy, fromBaton);
    }

    /** Per request (a connection each): the bytes up to the end of the final response's status line. */
    private static List<String> run(final int port) throws IOException {
        final List<String> out = new ArrayList<>();
        for (final String request : REQUESTS) {
            try (RawHttp c = RawHttp.open(port)) {
                c.send(request);
                out.add(untilFinalStatusLine(c.input()));
            }
        }
        return out;
    }

    private static String untilFinalStatusLine(final InputStream in) throws IOException {
        final StringBuilder sb = new StringBuilder();
        int lineStart = 0;
        boolean atHeadStart = true;
        while (true) {
            final int b = in.read();
            if (b < 0) {
                return sb.toString();
            }
            sb.append((char) b);
            if (b != '\n') {
                continue;
            }
            final String line = sb.substring(lineStart);
            if (atHeadStart && !line.startsWith("HTTP/1.1 1")) {
                return sb.substring(0, sb.length() - 2);
            }
            atHeadStart = line.equals("\r\n");
            lineStart = sb.length();
            assertTrue(sb.length() < 4096, "a bounded read");
        }
    }
}
