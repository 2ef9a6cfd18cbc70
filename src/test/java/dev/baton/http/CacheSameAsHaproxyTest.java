package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.support.RawHttp;
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
 * HAProxy 2.6's cache side by side with baton's, against the same counting origin: for each request of a scenario,
 * the status, the headers that matter (Age present or not, ETag, Content-Length, Cache-Control), the body length,
 * whether the request reached the server, and the traffic log line (server {@code <CACHE>} on a hit; byte counts and
 * positive timers masked).
 */
class CacheSameAsHaproxyTest {
    private static final String[][] REQUESTS = {
        {"GET", "/a"},
        {"GET", "/a"},
        {"HEAD", "/a"},
        {"GET", "/a", "If-None-Match: \"v1\""},
        {"GET", "/a", "If-None-Match: \"v2\""},
        {"GET", "/a", "If-Modified-Since: Mon, 07 Nov 1994 08:49:37 GMT"},
        {"GET", "/a", "Cache-Control: no-cache"},
        {"GET", "/a", "Authorization: Basic eDp5"},
        {"HEAD", "/h"},
        {"GET", "/h"},
        {"GET", "/h"},
        {"GET", "/no-store"},
        {"GET", "/no-store"},
        {"GET", "/vary"},
        {"GET", "/vary"},
        {"GET", "/big"},
        {"GET", "/big"},
        {"GET", "/grows"},
        {"GET", "/grows"},
        {"GET", "/plain"},
        {"GET", "/plain"},
        {"GET", "/etag-only"},
        {"GET", "/etag-only"},
        {"GET", "/cookie"},
        {"GET", "/cookie"},
        {"GET", "/aged"},
        {"GET", "/aged"},
        {"GET", "/stale"},
        {"GET", "/stale"},
        {"GET", "/age0"},
        {"GET", "/age0"},
        {"GET", "/fe"},
        {"GET", "/fe"},
        {"POST", "/h", "Content-Length: 0"},
        {"GET", "/h"},
        {"GET", "/nf"},
        {"GET", "/nf"},
        {"GET", "/z", "Accept-Encoding: gzip"},
        {"GET", "/z"},
        {"GET", "/z", "Accept-Encoding: gzip"},
        {"GET", "/z"},
        {"GET", "/v/ae", "Accept-Encoding: br"},
        {"GET", "/v/ae", "Accept-Encoding: br"},
        {"GET", "/v/ae", "Accept-Encoding: gzip"},
        {"GET", "/v/ae", "Accept-Encoding: gzip, br;q=0.5"},
        {"GET", "/v/ae", "Accept-Encoding: gzip, br;q=0"},
        {"GET", "/v/ae"},
        {"GET", "/v/ref", "Referer: http://a/"},
        {"GET", "/v/ref", "Referer: http://a/"},
        {"GET", "/v/ref", "Referer: http://b/"},
        {"GET", "/v/ref", "Referer: http://b/"},
        {"GET", "/v/ref", "Referer: http://c/"},
        {"GET", "/v/ref", "Referer: http://c/"},
        {"GET", "/v/ref"},
        {"GET", "/v/both", "Referer: http://a/", "Accept-Encoding: identity"},
        {"GET", "/v/both", "Referer: http://a/"},
        {"GET", "/v/cookie"},
        {"GET", "/v/cookie"},
        {"GET", "/v/plain"},
        {"GET", "/v/plain"},
    };

    @TempDir
    Path dir;

    private static CacheOrigin origin() throws Exception {
        final CacheOrigin o = new CacheOrigin();
        o.answer("/a", "Cache-Control: max-age=60\r\nETag: \"v1\"\r\nLast-Modified: Sun, 06 Nov 1994 08:49:37 GMT",
            "hello");
        o.answer("/h", "Cache-Control: max-age=60", "hi");
        o.answer("/no-store", "Cache-Control: no-store, max-age=60", "n");
        o.answer("/vary", "Cache-Control: max-age=60\r\nVary: Accept-Encoding", "v");
        o.answer("/big", "Cache-Control: max-age=60", "x".repeat(5000));
        final StringBuilder chunks = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            chunks.append("3e8\r\n").append("y".repeat(1000)).append("\r\n");
        }
        o.raw("/grows", "HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nTransfer-Encoding: chunked\r\n\r\n"
            + chunks + "0\r\n\r\n");
        o.answer("/plain", "", "p");
        o.answer("/etag-only", "ETag: \"e\"", "e");
        o.answer("/cookie", "Cache-Control: max-age=60\r\nSet-Cookie: a=1", "c");
        o.answer("/aged", "Cache-Control: max-age=60\r\nAge: 10", "g");
        o.answer("/stale", "Cache-Control: max-age=5\r\nAge: 10", "s");
        o.answer("/age0", "Cache-Control: max-age=60\r\nAge: 0", "0");
        o.answer("/fe", "Cache-Control: max-age=60", "f");
        o.answer("/v/ae", "Cache-Control: max-age=60\r\nVary: Accept-Encoding\r\nContent-Encoding: br", "b");
        o.answer("/v/ref", "Cache-Control: max-age=60\r\nVary: Referer", "r");
        o.answer("/v/both", "Cache-Control: max-age=60\r\nVary: accept-encoding,referer", "r");
        o.answer("/v/cookie", "Cache-Control: max-age=60\r\nVary: Cookie", "c");
        o.answer("/v/plain", "Cache-Control: max-age=60", "p");
        o.answer("/z", "Content-Type: text/plain\r\nCache-Control: max-age=60", "compress me ".repeat(50));
        return o;
    }

    private static Path socket(final Path dir, final int port) {
        return dir.resolve("s" + port + ".sock");
    }

    private static String config(final Path dir, final String global, final int port, final int origin) {
        return "global\n" + global + "    stats socket " + socket(dir, port) + " level admin\n"
            + "defaults\n    mode http\n    log global\n    option httplog\n    timeout connect 2s\n"
            + "    timeout client 5s\n    timeout server 5s\n"
            + "cache c\n    total-max-size 1\n    max-object-size 4000\n    max-age 60\n"
            + "frontend fe\n    bind 127.0.0.1:" + port + "\n"
            + "    compression algo gzip\n    compression type text/plain\n"
            + "    http-request cache-use c if { path /fe }\n"
            + "    http-response cache-store c\n"
            + "    http-response set-header X-Fe %[res.cache_hit]\n"
            + "    use_backend vb if { path_beg /v/ }\n"
            + "    use_backend be unless { path /fe }\n"
            + "    default_backend fb\n"
            + "backend be\n    http-request cache-use c\n    http-response cache-store c\n"
            + "    http-response add-header X-Be 1\n"
            + "    server s 127.0.0.1:" + origin + "\n"
            + "backend fb\n    server s 127.0.0.1:" + origin + "\n"
            + "cache v\n    total-max-size 1\n    process-vary on\n    max-secondary-entries 2\n"
            + "backend vb\n    http-request cache-use v\n    http-response cache-store v\n"
            + "    server s 127.0.0.1:" + origin + "\n";
    }

    /** The counters of the cache and of the requests, on the FRONTEND and BACKEND rows. */
    private static final List<String> COUNTERS = List.of("cache_lookups", "cache_hits", "req_tot", "hrsp_2xx",
        "hrsp_3xx", "hrsp_4xx", "intercepted", "stot");

    private static List<String> run(final Path dir, final CacheOrigin origin, final int port,
                                    final IntFunction<List<String>> linesOf) throws Exception {
        final List<String> out = new ArrayList<>();
        final java.util.Map<String, Long> statsBefore = counters(dir, port); // HAProxy counted its start-up probe
        for (final String[] r : REQUESTS) {
            final int before = origin.count(r[1]);
            final SideBySide.Sent sent = SideBySide.send(port, r);
            final int client = sent.client();
            final RawHttp.Response response = sent.response();
            await().atMost(Duration.ofSeconds(10)).until(() -> !linesOf.apply(client).isEmpty());
            out.add(String.join(" ", r) + " => " + response.status
                + " age:" + age(response.header("Age"))
                + " etag:" + response.header("ETag") + " cl:" + response.header("Content-Length")
                + " cc:" + response.header("Cache-Control") + " x-be:" + response.header("X-Be")
                + " x-fe:" + response.header("X-Fe") + " ce:" + response.header("Content-Encoding")
                + " body:" + decoded(response).length
                + (origin.count(r[1]) > before ? " server" : " cache")
                + " | " + StatsPageLogSameAsHaproxyTest.masked(linesOf.apply(client).get(0)));
        }
        // show cache: the same objects under the same hashes (addresses, sizes and seconds left masked)
        for (final String l : dev.baton.support.Sockets.stats(socket(dir, port), "show cache").split("\n")) {
            out.add(l.replaceAll("0x[0-9a-f]+", "P").replaceAll("size:\\d+", "size:S")
                .replaceAll("expire:\\d+", "expire:E"));
        }
        final java.util.Map<String, Long> after = counters(dir, port);
        after.forEach((k, v) -> out.add(k + "=" + (v - statsBefore.getOrDefault(k, 0L))));
        return out;
    }

    /** The body, gunzipped when it is gzip-encoded (the compressors' bytes differ, what they decode to must not). */
    private static byte[] decoded(final RawHttp.Response r) throws java.io.IOException {
        if (!"gzip".equals(r.header("Content-Encoding"))) {
            return r.body;
        }
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
            new java.io.ByteArrayInputStream(r.body))) {
            return in.readAllBytes();
        }
    }

    /** An Age header: none, under 10 s (an object's own age), or 10 s and more (the origin's 10 counted in). */
    private static String age(final String value) {
        return value == null ? "-" : Integer.parseInt(value) >= 10 ? "10+" : "y";
    }

    /** The {@link #COUNTERS} of every FRONTEND and BACKEND row, as {@code proxy/ROW counter}. */
    private static java.util.Map<String, Long> counters(final Path dir, final int port) throws Exception {
        final String[] stat = dev.baton.support.Sockets.stats(socket(dir, port), "show stat").split("\n");
        final List<String> names = List.of(stat[0].substring(2).split(","));
        final java.util.Map<String, Long> out = new java.util.TreeMap<>();
        for (final String l : stat) {
            final String[] f = l.split(",", -1);
            if (f.length > 2 && (f[1].equals("FRONTEND") || f[1].equals("BACKEND"))) {
                for (final String c : COUNTERS) {
                    final String v = f[names.indexOf(c)];
                    if (!v.isEmpty()) {
                        out.put(f[0] + "/" + f[1] + " " + c, Long.parseLong(v));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void theCacheServesStoresAndLogsAsHaproxys() throws Exception {
        Haproxy26.assumeInstalled();
        try (CacheOrigin origin = origin()) {
            final List<List<String>> both = SideBySide.run(dir,
                (global, port) -> config(dir, global, port, origin.port()),
                (port, linesOf) -> run(dir, origin, port, linesOf));
            assertEquals(String.join("\n", both.get(0)), String.join("\n", both.get(1)));
            // c: /a, /h, /etag-only, /cookie, /aged, /fe, /z and /v/plain (the frontend's rule stores in c too); v: the
            // first variant of /v/ae, /v/ref, /v/both and /v/plain (HAProxy's dump shows one object per key)
            assertEquals(12, both.get(0).stream().filter(l -> l.contains(" hash:")).count(),
                "HAProxy's show cache: " + both.get(0));
        }
    }
}
