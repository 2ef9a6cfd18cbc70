package dev.baton.http.cache;

import dev.baton.http.HeadParser;
import dev.baton.http.HttpHead;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7234 as HAProxy 2.6's cache reads it: which requests are looked up, which responses stored, for how long. */
class CacheabilityTest {
    private static final long NOW = 1_700_000_000L;

    private static HttpHead head(final boolean request, final String text) {
        final HttpHead h = new HttpHead();
        final int r = new HeadParser(request, 8192).parse(
            ByteBuffer.wrap((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1)), h);
        assertTrue(r > 0, "parsed: " + text);
        return h;
    }

    private static int request(final String text) {
        return Cacheability.request(head(true, text + "\r\n"));
    }

    private static boolean lookedUp(final String text) {
        return (request(text) & Cacheability.IGNORE) == 0;
    }

    @Test
    void onlyHttp11GetAndHeadWithoutNoCacheAreLookedUp() {
        assertTrue(lookedUp("GET / HTTP/1.1\r\nHost: a"));
        assertTrue(lookedUp("HEAD / HTTP/1.1\r\nHost: a"));
        assertFalse(lookedUp("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0"));
        assertFalse(lookedUp("GET / HTTP/1.0"));
        assertFalse(lookedUp("GET / HTTP/1.1\r\nHost: a\r\nAuthorization: Basic eDp5"));
        assertFalse(lookedUp("GET / HTTP/1.1\r\nHost: a\r\nCache-Control: no-cache"));
        assertFalse(lookedUp("GET / HTTP/1.1\r\nHost: a\r\nCache-Control: max-age=0"));
        assertFalse(lookedUp("GET / HTTP/1.1\r\nHost: a\r\nCache-Control: public, min-fresh=3"));
        assertFalse(lookedUp("GET / HTTP/1.1\r\nHost: a\r\nPragma: no-cache"));
        assertTrue(lookedUp("GET / HTTP/1.1\r\nHost: a\r\nPragma: no-cache\r\nCache-Control: public"),
            "Pragma is ignored beside Cache-Control");
        assertTrue(lookedUp("GET / HTTP/1.1\r\nHost: a\r\nCache-Control: no-store"), "no-store only forbids storing");
        assertFalse(Cacheability.storable(request("GET / HTTP/1.1\r\nHost: a\r\nCache-Control: no-store")));
    }

    private static boolean stored(final String response) {
        final int req = request("GET / HTTP/1.1\r\nHost: a");
        return Cacheability.storable(Cacheability.response(req, head(false, response + "\r\n")));
    }

    @Test
    void aResponseNeedsFreshnessOrAValidatorAndNoPrivateDirective() {
        assertTrue(stored("HTTP/1.1 200 OK\r\nCache-Control: max-age=10"));
        assertTrue(stored("HTTP/1.1 200 OK\r\nExpires: Thu, 01 Dec 2094 16:00:00 GMT"));
        assertTrue(stored("HTTP/1.1 200 OK\r\nETag: \"a\""));
        assertTrue(stored("HTTP/1.1 200 OK\r\nLast-Modified: Thu, 01 Dec 1994 16:00:00 GMT"));
        assertFalse(stored("HTTP/1.1 200 OK\r\nContent-Length: 0"), "neither freshness nor validator");
        assertFalse(stored("HTTP/1.1 200 OK\r\nCache-Control: max-age=10, private"));
        assertFalse(stored("HTTP/1.1 200 OK\r\nCache-Control: no-store, max-age=10"));
        assertFalse(stored("HTTP/1.1 200 OK\r\nCache-Control: max-age=0"));
        assertFalse(stored("HTTP/1.1 200 OK\r\nPragma: no-cache\r\nCache-Control: max-age=10"));
        assertFalse(stored("HTTP/1.1 200 OK\r\nCache-Control: no-cache=\"set-cookie\", max-age=10"));
        assertTrue(stored("HTTP/1.1 200 OK\r\nCache-Control: private, public, max-age=10"),
            "public allows it again");
        assertTrue(stored("HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nCache-Control: max-age=10"),
            "HAProxy 2.6 stores a response with Set-Cookie unless told no-cache=\"set-cookie\"");
    }

    private static long[] maxAge(final String response) {
        return Cacheability.maxAgeS(head(false, response + "\r\n"), 60, NOW);
    }

    @Test
    void theLifeIsSmaxageThenMaxageThenExpiresCappedByTheCache() {
        assertArrayEquals(new long[] {20, 20}, maxAge("HTTP/1.1 200 OK\r\nCache-Control: max-age=30, s-maxage=20"));
        assertArrayEquals(new long[] {30, 30}, maxAge("HTTP/1.1 200 OK\r\nCache-Control: max-age=30"));
        assertArrayEquals(new long[] {60, 3600}, maxAge("HTTP/1.1 200 OK\r\nCache-Control: max-age=\"3600\""));
        assertArrayEquals(new long[] {60, 0}, maxAge("HTTP/1.1 200 OK\r\nETag: \"x\""));
        assertArrayEquals(new long[] {0, 0}, maxAge("HTTP/1.1 200 OK\r\nExpires: yesterday"), "invalid: stale");
        assertArrayEquals(new long[] {-1, -1}, maxAge("HTTP/1.1 200 OK\r\nCache-Control: max-age=soon"));
        final String in10 = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
            java.time.ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(NOW + 10), java.time.ZoneOffset.UTC));
        assertArrayEquals(new long[] {10, 10}, maxAge("HTTP/1.1 200 OK\r\nExpires: " + in10));
    }

    @Test
    void ageMustBeAPositiveNumber() {
        assertEquals(0, Cacheability.originAgeS(head(false, "HTTP/1.1 200 OK\r\n")));
        assertEquals(15, Cacheability.originAgeS(head(false, "HTTP/1.1 200 OK\r\nAge: 15\r\n")));
        assertEquals(-1, Cacheability.originAgeS(head(false, "HTTP/1.1 200 OK\r\nAge: 0\r\n")));
        assertEquals(-1, Cacheability.originAgeS(head(false, "HTTP/1.1 200 OK\r\nAge: x\r\n")));
    }

    @Test
    void conditionalRequestsAreAnsweredNotModifiedAs26Does() {
        final CacheEntry e = new CacheEntry(null, new byte[0], NOW, NOW + 60, 0, 784_000_000L, "\"v1\"");
        assertTrue(Cacheability.notModified(head(true, "GET / HTTP/1.1\r\nIf-None-Match: \"v1\"\r\n"), e));
        assertTrue(Cacheability.notModified(head(true, "GET / HTTP/1.1\r\nIf-None-Match: \"v0\", W/\"v1\"\r\n"), e));
        assertTrue(Cacheability.notModified(head(true, "GET / HTTP/1.1\r\nIf-None-Match: *\r\n"), e));
        assertFalse(Cacheability.notModified(head(true, "GET / HTTP/1.1\r\nIf-None-Match: \"v2\"\r\n"
            + "If-Modified-Since: Thu, 01 Dec 2094 16:00:00 GMT\r\n"), e), "If-None-Match decides alone");
        assertTrue(Cacheability.notModified(head(true,
            "GET / HTTP/1.1\r\nIf-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n"), e), "784000000 is before");
        assertFalse(Cacheability.notModified(head(true,
            "GET / HTTP/1.1\r\nIf-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n"),
            new CacheEntry(null, new byte[0], NOW, NOW + 60, 0, 784_200_000L, null)));
        assertTrue(Cacheability.notModified(head(true,
            "GET / HTTP/1.1\r\nIf-Modified-Since: Sunday, 06-Nov-94 08:49:37 GMT\r\n"), e), "RFC 850 form");
        assertFalse(Cacheability.notModified(head(true, "GET / HTTP/1.1\r\n"), e));
    }
}
