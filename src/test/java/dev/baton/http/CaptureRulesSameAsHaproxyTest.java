package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code http-request capture EXPR len N|id N}, {@code http-response capture EXPR id N} and {@code declare capture}
 * in HAProxy 2.6 and in baton, on one configuration: the slots share one numbering with {@code capture ... header},
 * in line order; the values show in {@code %hr}, {@code %hs}, {@code %hrl}, {@code %hsl} and
 * {@code capture.req.hdr(N)}, cut to their slot's length; a backend's rule writes into the frontend's slots, after
 * the frontend's request rules and before its response rules; an id the frontend lacks is ignored.
 */
class CaptureRulesSameAsHaproxyTest {
    @TempDir
    Path dir;

    private static String config(final String global, final int port, final int server) {
        return "global\n" + global + "defaults\n    mode http\n    log global\n"
            + "    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
            + "frontend f\n    bind 127.0.0.1:" + port + "\n"
            + "    log-format \"%ci:%cp [x] %hr|%hs|%hrl|%hsl|%[capture.req.hdr(1)]|%[capture.res.hdr(0)] %ST\"\n"
            + "    capture request header Host len 20\n"
            + "    http-request capture req.hdr(user-agent) len 5\n"
            + "    declare capture request len 8\n"
            + "    declare capture request len 4\n"
            + "    declare capture response len 6\n"
            + "    capture response header content-length len 10\n"
            + "    http-request capture path id 2\n"
            + "    http-request capture int(12345678) id 3\n"
            + "    http-response capture status id 0 if { status 200 }\n"
            + "    default_backend b\n"
            + "backend b\n"
            + "    http-request capture method id 3 if { path /m }\n"
            + "    http-request capture str(lost) id 9\n"
            + "    http-response capture res.hdr(content-length),add(1000) id 0\n"
            + "    server s 127.0.0.1:" + server + "\n";
    }

    private static List<String> run(final int port, final IntFunction<List<String>> linesOf) throws Exception {
        final List<String> requests = List.of(RawHttp.get("/abcdefghijk", "User-Agent: curl/8.0\r\n"),
            RawHttp.get("/m"));
        final List<String> out = new ArrayList<>();
        for (final String request : requests) {
            final int client;
            try (RawHttp c = RawHttp.open(port)) {
                client = c.localPort();
                assertEquals(200, c.send(request).read().status);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !linesOf.apply(client).isEmpty());
            out.add(linesOf.apply(client).get(0).replaceFirst("^127\\.0\\.0\\.1:\\d+ \\[x] ", ""));
        }
        return out;
    }

    @Test
    void captureRulesFillTheirSlotsInTheLogLine() throws Exception {
        Haproxy26.assumeInstalled();
        try (RecordingBackend server = new RecordingBackend()) {
            final List<List<String>> both = SideBySide.run(dir, (global, port) -> config(global, port, server.port()),
                CaptureRulesSameAsHaproxyTest::run);
            final List<String> fromHaproxy = both.get(0);
            final List<String> fromBaton = both.get(1);
            assertEquals("{test|curl/|/abcdefg|1234}|{200|2}|test curl/ /abcdefg 1234|200 2|curl/|200 200",
                fromHaproxy.get(0), "HAProxy's own line");
            assertEquals(fromHaproxy, fromBaton);
        }
    }
}
