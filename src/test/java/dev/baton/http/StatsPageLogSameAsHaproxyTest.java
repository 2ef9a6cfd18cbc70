package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The traffic log lines of the answers HAProxy 2.6 gives through its applets, side by side with baton's: the stats
 * page of a frontend and of a backend (200, HEAD, the 401 of {@code stats auth}, {@code stats http-request deny}
 * and {@code auth})
 * and {@code use-service prometheus-exporter}. The server field names the applet ({@code <STATS>},
 * {@code <PROMEX>}), and the timers are those of a stream whose "server" was reached at once. Byte counts and
 * positive timer values are masked (the pages differ; the timers vary), -1 is kept.
 */
class StatsPageLogSameAsHaproxyTest {
    private static final String AUTH = "Authorization: Basic "
        + Base64.getEncoder().encodeToString("admin:pw".getBytes(StandardCharsets.US_ASCII));
    private static final String[][] REQUESTS = {
        {"GET", "/st"},
        {"GET", "/st", AUTH},
        {"HEAD", "/st", AUTH},
        {"GET", "/bst"},
        {"GET", "/bst?deny=1"},
        {"GET", "/bst?auth=1"},
        {"GET", "/metrics"},
    };

    @TempDir
    Path dir;

    private static String config(final String global, final int port) {
        return "global\n" + global
            + "defaults\n    mode http\n    log global\n    option httplog\n    timeout connect 2s\n"
            + "    timeout client 5s\n    timeout server 5s\n"
            + "frontend fe\n    bind 127.0.0.1:" + port + "\n"
            + "    stats enable\n    stats uri /st\n    stats realm Ops\n    stats auth admin:pw\n"
            + "    http-request use-service prometheus-exporter if { path /metrics }\n"
            + "    use_backend be if { path_beg /bst }\n"
            + "backend be\n    stats enable\n    stats uri /bst\n"
            + "    stats http-request deny if { url_param(deny) -m found }\n"
            + "    stats http-request auth realm Be if { url_param(auth) -m found }\n"
            + "    server s 127.0.0.1:1\n";
    }

    private static List<String> run(final int port, final IntFunction<List<String>> linesOf) throws Exception {
        final List<String> out = new ArrayList<>();
        for (final String[] r : REQUESTS) {
            final SideBySide.Sent sent = SideBySide.send(port, r);
            final int client = sent.client();
            final RawHttp.Response response = sent.response();
            await().atMost(Duration.ofSeconds(10)).until(() -> !linesOf.apply(client).isEmpty());
            out.add(r[0] + " " + r[1] + " " + response.status + " | " + masked(linesOf.apply(client).get(0)));
        }
        return out;
    }

    /**
     * The line after the client and date: proxies, server, each timer as N or -1, the status, B for the byte count,
     * the termination state and the request (the connection and queue counts masked).
     */
    static String masked(final String line) {
        final String[] f = line.replaceFirst("^127\\.0\\.0\\.1:\\d+ \\[[^]]+] ", "").split(" ", 11);
        final StringBuilder timers = new StringBuilder();
        for (final String t : f[2].split("/")) {
            timers.append(timers.length() == 0 ? "" : "/").append(t.equals("-1") ? "-1" : "N");
        }
        return String.join(" ", f[0], f[1], timers, f[3], "B", f[5], f[6], f[7], f[10]);
    }

    @Test
    void appletAnswersAreLoggedAsHaproxyLogsThem() throws Exception {
        Haproxy26.assumeInstalled();
        final List<List<String>> both = SideBySide.run(dir, StatsPageLogSameAsHaproxyTest::config,
            StatsPageLogSameAsHaproxyTest::run);
        assertEquals("GET /st 200 | fe fe/<STATS> N/N/N/N/N 200 B - - LR-- \"GET /st HTTP/1.1\"", both.get(0).get(1),
            "HAProxy's");
        // HAProxy 2.6 logs the 401 and 403 its stats page's rules send as 400; baton logs the status it sent
        final List<String> haproxy = both.get(0).stream()
            .map(l -> l.replaceFirst("^(\\S+ \\S+ (401|403) \\| .*?/-1/N) 400 ", "$1 $2 ")).toList();
        assertEquals(3, both.get(0).stream().filter(l -> l.matches("\\S+ \\S+ 40[13] \\|.* 400 .*")).count(),
            "HAProxy's 401s and 403 logged as 400: " + both.get(0));
        assertEquals(String.join("\n", haproxy), String.join("\n", both.get(1)));
    }
}
