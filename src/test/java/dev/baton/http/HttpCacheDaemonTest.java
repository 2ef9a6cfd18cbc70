package dev.baton.http;

import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HAProxy 2.6's cache in a running baton, against an origin that counts its requests: a hit never reaches the server
 * and carries Age; what may not be stored is not (no-store, Vary, over max-object-size, no freshness, Authorization);
 * objects expire after max-age, the least recently used make room, a HEAD is answered from a GET's object, a
 * conditional request gets its 304; hits are logged with {@code <CACHE>} and counted in {@code show stat}.
 */
class HttpCacheDaemonTest {
    private static final String CACHEABLE = "Cache-Control: max-age=60";

    @TempDir
    Path dir;

    private static String backend(final String name, final String cache) {
        return "backend " + name + "\n    http-request cache-use " + cache + "\n    http-response cache-store " + cache
            + "\n    server s 127.0.0.1:%ORIGIN%\n";
    }

    private String config(final int port, final int origin) {
        return ("global\n    stats socket " + dir.resolve("s.sock") + " level admin\n"
            + "defaults\n    mode http\n    log global\n    option httplog\n    timeout connect 2s\n"
            + "    timeout client 5s\n    timeout server 5s\n"
            + "cache c\n    total-max-size 1\n    max-object-size 4000\n    max-age 60\n"
            + "cache short\n    total-max-size 1\n    max-age 1\n"
            + "cache tiny\n    total-max-size 1\n    max-object-size 500000\n"
            + "frontend fe\n    bind 127.0.0.1:" + port + "\n"
            + "    use_backend short if { path_beg /short }\n    use_backend tiny if { path_beg /tiny }\n"
            + "    use_backend zb if { path_beg /zb }\n"
            + "    default_backend be\n"
            + backend("be", "c") + backend("short", "short") + backend("tiny", "tiny")
            + backend("zb", "c") + "    compression algo gzip\n    compression type text/plain\n")
            .replace("%ORIGIN%", String.valueOf(origin));
    }

    /** A request on its own connection: {@code METHOD PATH} and header lines. */
    private static RawHttp.Response send(final int port, final String request, final String... headers)
        throws IOException {
        final String[] words = new String[2 + headers.length];
        System.arraycopy(request.split(" ", 2), 0, words, 0, 2);
        System.arraycopy(headers, 0, words, 2, headers.length);
        return SideBySide.send(port, words).response();
    }

    private String cli(final String command) throws IOException {
        return Sockets.stats(dir.resolve("s.sock"), command);
    }

    /** Field {@code name} of the {@code show stat} row of {@code proxy}/{@code row}. */
    private String stat(final String proxy, final String row, final String name) throws IOException {
        final String[] lines = cli("show stat").split("\n");
        final List<String> header = List.of(lines[0].substring(2).split(","));
        for (final String l : lines) {
            final String[] f = l.split(",", -1);
            if (f.length > 1 && f[0].equals(proxy) && f[1].equals(row)) {
                return f[header.indexOf(name)];
            }
        }
        throw new AssertionError("no row " + proxy + "/" + row);
    }

    /** Runs {@code scenario} against a baton in front of a fresh origin. */
    @SuppressWarnings("try")
    private void withBaton(final Scenario scenario) throws Exception {
        try (CacheOrigin origin = new CacheOrigin()) {
            final int port = RunningDaemon.freePort();
            try (RunningDaemon baton = RunningDaemon.start(config(port, origin.port()))) {
                scenario.run(port, origin);
            }
        }
    }

    @FunctionalInterface
    private interface Scenario {
        void run(int port, CacheOrigin origin) throws Exception;
    }

    @Test
    void aHitNeverReachesTheServerAndCarriesItsAge() throws Exception {
        TrafficLogCapture.clear();
        withBaton((port, origin) -> {
            origin.answer("/a", CACHEABLE, "hello");
            final RawHttp.Response miss = send(port, "GET /a");
            final RawHttp.Response hit = send(port, "GET /a");
            assertEquals(200, miss.status);
            assertEquals("hello", miss.text());
            assertNull(miss.header("Age"), "the server's response has none");
            assertEquals(200, hit.status);
            assertEquals("hello", hit.text());
            assertEquals("max-age=60", hit.header("Cache-Control"), "the stored headers");
            assertTrue(hit.header("Age").matches("[0-9]"), "the object's age: " + hit.header("Age"));
            assertEquals(1, origin.count("/a"), "the hit did not reach the server");
            await().atMost(Duration.ofSeconds(10)).until(() -> TrafficLogCapture.lines(
                l -> l.contains(" fe be/<CACHE> ") && l.contains("\"GET /a HTTP/1.1\"")).size() == 1);
            assertEquals("2", stat("be", "BACKEND", "cache_lookups"));
            assertEquals("1", stat("be", "BACKEND", "cache_hits"));
            assertEquals("0", stat("fe", "FRONTEND", "cache_lookups"), "the backend's rule counts there");
            final String show = cli("show cache");
            assertTrue(show.matches("(?s)0x[0-9a-f]+: c \\(shctx:0x[0-9a-f]+, available blocks:1024\\)\n"
                + "0x[0-9a-f]+ hash:[0-9]+ vary:0x0{16} size:[0-9]+ \\(1 blocks\\), refcount:0, expire:(59|60)\n"
                + "0x[0-9a-f]+: short .*\n0x[0-9a-f]+: tiny .*"), show);
        });
    }

    @Test
    void whatMayNotBeStoredAlwaysReachesTheServer() throws Exception {
        withBaton((port, origin) -> {
            origin.answer("/no-store", "Cache-Control: no-store, max-age=60", "a");
            origin.answer("/private", "Cache-Control: private, max-age=60", "a");
            origin.answer("/vary", CACHEABLE + "\r\nVary: Accept-Encoding", "a");
            origin.answer("/plain", "", "a");
            origin.answer("/big", CACHEABLE, "x".repeat(5000));
            final StringBuilder chunks = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                chunks.append("3e8\r\n").append("y".repeat(1000)).append("\r\n");
            }
            origin.raw("/grows", "HTTP/1.1 200 OK\r\n" + CACHEABLE + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunks + "0\r\n\r\n");
            for (final String path : List.of("/no-store", "/private", "/vary", "/plain", "/big", "/grows")) {
                for (int i = 0; i < 2; i++) {
                    final RawHttp.Response r = send(port, "GET " + path);
                    assertEquals(200, r.status, path);
                    assertEquals(path.equals("/big") ? 5000 : path.equals("/grows") ? 6000 : 1, r.body.length,
                        path + ": the client gets the whole body");
                }
                assertEquals(2, origin.count(path), path + " was not stored");
            }
            assertEquals("12", stat("be", "BACKEND", "cache_lookups"));
            assertEquals("0", stat("be", "BACKEND", "cache_hits"));
        });
    }

    @Test
    void authorizationAndNoCacheRequestsAreNeitherServedNorStored() throws Exception {
        withBaton((port, origin) -> {
            origin.answer("/a", CACHEABLE, "a");
            send(port, "GET /a", "Authorization: Basic eDp5");
            send(port, "GET /a");
            assertEquals(2, origin.count("/a"), "the answer to a request with Authorization was not stored");
            send(port, "GET /a");
            assertEquals(2, origin.count("/a"), "the next one was");
            send(port, "GET /a", "Authorization: Basic eDp5");
            send(port, "GET /a", "Cache-Control: no-cache");
            send(port, "GET /a", "Pragma: no-cache");
            assertEquals(5, origin.count("/a"), "none of them is served from the cache");
            assertEquals("2", stat("be", "BACKEND", "cache_lookups"), "none of them is looked up either");
        });
    }

    @Test
    void anObjectExpiresAfterMaxAge() throws Exception {
        withBaton((port, origin) -> {
            origin.answer("/short/x", "Cache-Control: max-age=3600", "x");
            send(port, "GET /short/x");
            send(port, "GET /short/x");
            assertEquals(1, origin.count("/short/x"), "stored, for the cache's max-age 1");
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
                send(port, "GET /short/x");
                return origin.count("/short/x") == 2;
            });
        });
    }

    @Test
    void aHeadIsAnsweredFromAGetsObjectAndConditionalRequestsGet304() throws Exception {
        withBaton((port, origin) -> {
            origin.answer("/e", CACHEABLE + "\r\nETag: \"v1\"\r\nLast-Modified: Sun, 06 Nov 1994 08:49:37 GMT",
                "hello");
            origin.answer("/h", CACHEABLE, "hello");
            send(port, "HEAD /h");
            send(port, "GET /h");
            assertEquals(2, origin.count("/h"), "a HEAD's response is not stored");
            send(port, "GET /e");
            final RawHttp.Response head = send(port, "HEAD /e");
            assertEquals(200, head.status);
            assertEquals("5", head.header("Content-Length"));
            assertEquals(0, head.body.length);
            final RawHttp.Response etag = send(port, "GET /e", "If-None-Match: \"v1\"");
            assertEquals(304, etag.status);
            assertEquals("\"v1\"", etag.header("ETag"));
            assertEquals(200, send(port, "GET /e", "If-None-Match: \"v2\"").status);
            assertEquals(304, send(port, "GET /e", "If-Modified-Since: Mon, 07 Nov 1994 08:49:37 GMT").status);
            final RawHttp.Response older = send(port, "GET /e", "If-Modified-Since: Sat, 05 Nov 1994 08:49:37 GMT");
            assertEquals(200, older.status);
            assertEquals("hello", older.text());
            assertEquals(1, origin.count("/e"), "all from the cache");
        });
    }

    @Test
    void theOriginsAgeIsKeptAndAStaleResponseIsNotStored() throws Exception {
        withBaton((port, origin) -> {
            origin.answer("/aged", CACHEABLE + "\r\nAge: 10", "a");
            origin.answer("/stale", "Cache-Control: max-age=5\r\nAge: 10", "a");
            assertNull(send(port, "GET /aged").header("Age"), "the Age header leaves the response stored");
            final int age = Integer.parseInt(send(port, "GET /aged").header("Age"));
            assertTrue(age >= 10 && age < 20, "the origin's age plus the object's: " + age);
            assertEquals(1, origin.count("/aged"));
            assertEquals("10", send(port, "GET /stale").header("Age"), "not stored: the response keeps it");
            send(port, "GET /stale");
            assertEquals(2, origin.count("/stale"));
        });
    }

    @Test
    void theLeastRecentlyUsedObjectMakesRoomAndAnUnsafeMethodInvalidates() throws Exception {
        withBaton((port, origin) -> {
            for (final String p : List.of("/tiny/1", "/tiny/2", "/tiny/3")) {
                origin.answer(p, CACHEABLE, "z".repeat(400_000)); // 392 of the cache's 1024 blocks
            }
            send(port, "GET /tiny/1");
            send(port, "GET /tiny/2");
            send(port, "GET /tiny/1");
            assertEquals(1, origin.count("/tiny/1"), "a hit");
            send(port, "GET /tiny/3"); // no room for a third: /tiny/2 is the least recently used
            send(port, "GET /tiny/1");
            send(port, "GET /tiny/3");
            assertEquals(List.of(1, 1, 1), List.of(origin.count("/tiny/1"), origin.count("/tiny/2"),
                origin.count("/tiny/3")));
            assertEquals(400_000, send(port, "GET /tiny/2").body.length);
            assertEquals(2, origin.count("/tiny/2"), "evicted");
            origin.answer("/p", CACHEABLE, "p");
            send(port, "GET /p");
            send(port, "GET /p");
            assertEquals(1, origin.count("/p"));
            assertEquals(200, send(port, "POST /p", "Content-Length: 0").status);
            send(port, "GET /p");
            assertEquals(3, origin.count("/p"), "the successful POST removed the object");
        });
    }

    @Test
    void aBackendsCompressionComesAfterItsCacheBothWays() throws Exception {
        withBaton((port, origin) -> {
            final String text = "compress me ".repeat(50);
            origin.answer("/zb", "Content-Type: text/plain\r\n" + CACHEABLE, text);
            final RawHttp.Response first = send(port, "GET /zb", "Accept-Encoding: gzip");
            assertEquals("gzip", first.header("Content-Encoding"), "compressed for its client");
            final RawHttp.Response plain = send(port, "GET /zb");
            assertNull(plain.header("Content-Encoding"));
            assertEquals(text, plain.text(), "stored as the server sent it");
            final RawHttp.Response zipped = send(port, "GET /zb", "Accept-Encoding: gzip");
            assertEquals("gzip", zipped.header("Content-Encoding"), "a hit goes through the compression too");
            try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(zipped.body))) {
                assertEquals(text, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII));
            }
            assertEquals(1, origin.count("/zb"), "both from the cache");
        });
    }
}
