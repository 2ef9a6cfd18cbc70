package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The error pages baton answers with itself, side by side with HAProxy 2.6's: every status {@code deny_status}
 * takes, and the 400 of a request that cannot be parsed. The status line and the page are the same (HAProxy's pages
 * say "400 Bad request" and "407 Unauthorized", and 501's text starts with a dot).
 */
class ErrorPagesSameAsHaproxyTest {
    private static final int[] STATUSES = {200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502,
        503, 504};

    @TempDir
    Path dir;

    private static String config(final String global, final int port) {
        final StringBuilder c = new StringBuilder("global\n" + global + "defaults\n    mode http\n"
            + "    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n"
            + "frontend f\n    bind 127.0.0.1:" + port + "\n");
        for (final int status : STATUSES) {
            c.append("    http-request deny deny_status ").append(status).append(" if { path /").append(status)
                .append(" }\n");
        }
        return c.append("    http-request deny\n").toString();
    }

    private static List<String> run(final int port) throws Exception {
        final List<String> out = new ArrayList<>();
        for (final int status : STATUSES) {
            try (RawHttp c = RawHttp.open(port)) {
                final RawHttp.Response r = c.send(RawHttp.get("/" + status)).read();
                out.add(r.status + " " + r.reason + " | " + new String(r.body, StandardCharsets.ISO_8859_1));
            }
        }
        try (RawHttp c = RawHttp.open(port)) {
            final RawHttp.Response r = c.send("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").read(); // two Hosts
            out.add(r.status + " " + r.reason + " | " + new String(r.body, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @Test
    @SuppressWarnings("try") // both processes are only closed: they are talked to through their ports
    void theSamePagesAsHaproxy() throws Exception {
        Haproxy26.assumeInstalled();
        final int hPort = RunningDaemon.freePort();
        final List<String> fromHaproxy;
        try (HaproxyProcess h = HaproxyProcess.start(dir, config("", hPort), hPort)) {
            fromHaproxy = run(hPort);
        }
        final int bPort = RunningDaemon.freePort();
        final List<String> fromBaton;
        try (RunningDaemon baton = RunningDaemon.start(config("    nbthread 1\n", bPort))) {
            fromBaton = run(bPort);
        }
        assertEquals("429 Too Many Requests | <html><body><h1>429 Too Many Requests</h1>\n"
            + "You have sent too many requests in a given amount of time.\n</body></html>\n", fromHaproxy.get(11),
            "HAProxy's own page");
        assertEquals(String.join("\n", fromHaproxy), String.join("\n", fromBaton));
    }
}
