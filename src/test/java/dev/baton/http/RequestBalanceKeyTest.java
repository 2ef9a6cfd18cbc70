package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.backend.LoadBalancer;
import dev.baton.backend.balance.BalanceKeys;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.BalanceParams;
import dev.baton.config.HashFunction;
import dev.baton.config.HttpOptions;
import dev.baton.config.Mode;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ProxyKind;
import dev.baton.config.Redispatch;
import dev.baton.config.SourceLocation;
import dev.baton.config.Timeouts;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which bytes of a request each hash key reads, as HAProxy's get_server_uh/ph/hh read them: the expected key is
 * the hash of the substring the rule names; and reading a key allocates nothing.
 */
class RequestBalanceKeyTest {
    private static final BalanceParams DJB2 = BalanceParams.DEFAULT.withHashType(false, HashFunction.DJB2, false);

    private final HeadParser parser = new HeadParser(true, 8192);
    private final HttpHead head = new HttpHead();

    private static Backend backend(final BalanceAlgorithm algorithm, final BalanceParams params) {
        final ProxyConfig c = new ProxyConfig("be", ProxyKind.BACKEND, Mode.HTTP, List.of(), 0, Timeouts.NONE,
            null, algorithm, 3, Redispatch.OFF, false, false, List.of(), HttpOptions.DEFAULT,
            new SourceLocation("test", 1));
        return new Backend(new ProxyConfig(c.name(), c.kind(), c.mode(), c.binds(), c.maxconn(), c.timeouts(),
            c.defaultBackend(), c.balance(), c.retries(), c.redispatch(), c.tcplog(), c.logGlobal(), c.servers(),
            c.http(), c.where(), c.checks(), c.allBackups(), c.logHealthChecks(), c.configuredFullconn(), c.fullconn(),
            c.abortOnClose(), c.logOptions(), c.tcpKeepAlive(), c.log(), c.trafficLog(),
            c.extras().withBalanceParams(params)));
    }

    private static long hashOf(final BalanceParams params, final String text) {
        final byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return BalanceKeys.bytes(params, ByteBuffer.wrap(b), 0, b.length);
    }

    private long keyOf(final Backend backend, final String target, final String headers) {
        final ByteBuffer request = Bytes.direct("GET " + target + " HTTP/1.1\r\nHost: h.test\r\n" + headers + "\r\n");
        assertTrue(parser.parse(request, head) > 0, "parsed");
        return RequestBalanceKey.of(backend, head, null, 0x7f000001); // no balance hash here: no view needed
    }

    private static BalanceParams uri(final boolean whole, final boolean pathOnly, final int len, final int depth) {
        return DJB2.withKey(whole, pathOnly, len, depth, null, false, 2);
    }

    @Test
    void uriReadsTheTargetUpToTheQueryOrTheLimits() {
        final String t = "/a/b/c/d.html?x=1&y=2";
        assertEquals(hashOf(DJB2, "/a/b/c/d.html"), keyOf(backend(BalanceAlgorithm.URI, uri(false, false, 0, 0)), t,
            ""));
        assertEquals(hashOf(DJB2, t), keyOf(backend(BalanceAlgorithm.URI, uri(true, false, 0, 0)), t, ""));
        assertEquals(hashOf(DJB2, "/a/b/c"), keyOf(backend(BalanceAlgorithm.URI, uri(false, false, 6, 0)), t, ""));
        assertEquals(hashOf(DJB2, "/a/b"), keyOf(backend(BalanceAlgorithm.URI, uri(false, false, 0, 2)), t, ""),
            "depth 2: up to the third slash");
        assertEquals(hashOf(DJB2, "/x?a/b"), keyOf(backend(BalanceAlgorithm.URI, uri(true, false, 0, 2)), "/x?a/b/c",
            ""), "whole: the query counts, its slashes too");
        final Backend pathOnly = backend(BalanceAlgorithm.URI, uri(true, true, 0, 0));
        assertEquals(hashOf(DJB2, "/p?q"), keyOf(pathOnly, "http://h.test/p?q", ""), "absolute form: the path");
        assertEquals(hashOf(DJB2, "http://h.test/p?q"),
            keyOf(backend(BalanceAlgorithm.URI, uri(true, false, 0, 0)), "http://h.test/p?q", ""));
        assertEquals(hashOf(DJB2, ""), keyOf(pathOnly, "http://h.test", ""), "no path: empty");
    }

    @Test
    void urlParamReadsTheFirstExactNameOfTheQuery() {
        final Backend b = backend(BalanceAlgorithm.URL_PARAM, DJB2.withKey(false, false, 0, 0, "id", false, 2));
        assertEquals(hashOf(DJB2, "42"), keyOf(b, "/p?xid=1&id=42&id=43", ""));
        assertEquals(hashOf(DJB2, ""), keyOf(b, "/p?id=", ""), "present and empty: hashed");
        assertEquals(hashOf(DJB2, "v/w"), keyOf(b, "/p?a&id=v/w", ""));
        assertEquals(LoadBalancer.NO_KEY, keyOf(b, "/p?ID=42", ""), "case matters");
        assertEquals(LoadBalancer.NO_KEY, keyOf(b, "/p?idx=42", ""));
        assertEquals(LoadBalancer.NO_KEY, keyOf(b, "/id=42", ""), "not in the path");
        assertEquals(LoadBalancer.NO_KEY, keyOf(b, "/p?id", ""));
    }

    @Test
    void hdrReadsTheFirstElementOfTheFirstHeader() {
        final Backend b = backend(BalanceAlgorithm.HDR, DJB2.withKey(false, false, 0, 0, "x-key", false, 2));
        assertEquals(hashOf(DJB2, "abc"), keyOf(b, "/", "X-Key: abc , def\r\nX-Key: ghi\r\n"));
        assertEquals(hashOf(DJB2, "\"a,b\""), keyOf(b, "/", "X-KEY: \"a,b\", c\r\n"), "a quoted comma");
        assertEquals(LoadBalancer.NO_KEY, keyOf(b, "/", "X-Key: , abc\r\n"), "an empty first element");
        assertEquals(LoadBalancer.NO_KEY, keyOf(b, "/", "X-Other: abc\r\n"));
        final Backend domain = backend(BalanceAlgorithm.HDR, DJB2.withKey(false, false, 0, 0, "x-site", true, 2));
        assertEquals(hashOf(DJB2, "example"), keyOf(domain, "/", "X-Site: www.example.com\r\n"));
        assertEquals(hashOf(DJB2, "example"), keyOf(domain, "/", "X-Site: example.com\r\n"));
        assertEquals(hashOf(DJB2, "localhost"), keyOf(domain, "/", "X-Site: localhost\r\n"));
        assertEquals(hashOf(DJB2, "a."), keyOf(domain, "/", "X-Site: a..b\r\n"), "HAProxy's walk back, as it goes");
        assertEquals(hashOf(DJB2, ".com"), keyOf(domain, "/", "X-Site: .com\r\n"), "a leading dot is not looked at");
    }

    @Test
    void sourceAndTheOtherAlgorithmsUseTheClientAddress() {
        assertEquals(0x7f000001L, keyOf(backend(BalanceAlgorithm.SOURCE, BalanceParams.DEFAULT), "/", ""));
        assertEquals(0x7f000001L, keyOf(backend(BalanceAlgorithm.ROUNDROBIN, BalanceParams.DEFAULT), "/", ""));
    }

    @Test
    void readingAKeyAllocatesNothing() {
        final Backend[] backends = {
            backend(BalanceAlgorithm.URI, uri(false, true, 40, 3)),
            backend(BalanceAlgorithm.URL_PARAM, DJB2.withKey(false, false, 0, 0, "id", false, 2)),
            backend(BalanceAlgorithm.HDR, DJB2.withHashType(true, HashFunction.WT6, true)
                .withKey(false, false, 0, 0, "x-site", true, 2))};
        final ByteBuffer request = Bytes.direct("GET http://h.test/a/b/c?x=1&id=abc HTTP/1.1\r\nHost: h.test\r\n"
            + "X-Site: www.example.com\r\n\r\n");
        final LongSupplier allocatedBytes = dev.baton.http.ThreadAllocations.ofCurrentThread();
        long sum = 0;
        for (int i = 0; i < 20_000; i++) {
            sum += round(request, backends);
        }
        final long before = allocatedBytes.getAsLong();
        for (int i = 0; i < 20_000; i++) {
            sum += round(request, backends);
        }
        final long allocated = allocatedBytes.getAsLong() - before;
        assertTrue(sum != 0);
        assertTrue(allocated < 64 * 1024, allocated + " bytes allocated");
    }

    private long round(final ByteBuffer request, final Backend[] backends) {
        parser.parse(request, head);
        long sum = 0;
        for (final Backend b : backends) {
            sum += RequestBalanceKey.of(b, head, null, 1);
        }
        return sum;
    }
}
