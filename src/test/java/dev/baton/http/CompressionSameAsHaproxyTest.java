package dev.baton.http;

import dev.baton.support.BlockingServer;
import dev.baton.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP compression in HAProxy 2.6 and in baton, the same configuration ({@code compression algo deflate gzip},
 * {@code compression type} text types, {@code offload}) and the same requests: gzip accepted or not, q=0, a star,
 * HEAD, 304, 404, a body already encoded, a type not listed, no-transform, a strong ETag, a chunked server body,
 * an HTTP/1.0 request. Each answer is compared by the headers that matter (Content-Encoding, Transfer-Encoding,
 * whether a Content-Length is left, Vary, ETag), the Accept-Encoding the server received, and the body once
 * decoded, which must be the server's.
 */
class CompressionSameAsHaproxyTest {
    @TempDir
    Path dir;

    private record Ask(String request, String path, boolean head) {
    }

    private static Ask get(final String path, final String... headers) {
        return new Ask(RawHttp.get(path, headers), path, false);
    }

    private static List<Ask> asks() {
        final String gzip = "Accept-Encoding: gzip\r\n";
        return List.of(
            get("/text/20000", "Accept-Encoding: gzip, deflate, br\r\n"),
            get("/text/20000"),
            get("/text/20000", "Accept-Encoding: gzip;q=0\r\n"),
            get("/text/20000", "Accept-Encoding: deflate\r\n"),
            get("/text/20000", "Accept-Encoding: br;q=1.0, gzip;q=0.5, deflate;q=0.6\r\n"),
            get("/text/20000", "Accept-Encoding: *\r\n"),
            get("/text/20000", "Accept-Encoding: br\r\n"),
            new Ask("HEAD /text/20000 HTTP/1.1\r\nHost: test\r\n" + gzip + "\r\n", "/text/20000", true),
            get("/304", gzip),
            get("/404/3000", gzip),
            get("/encoded", gzip),
            get("/image", gzip),
            get("/notransform", gzip),
            get("/etag", gzip),
            get("/chunked/45000", gzip),
            get("/text/1", gzip),
            get("/text/0", gzip),
            get("/text/200000", gzip),
            new Ask("GET /text/20000 HTTP/1.0\r\n" + gzip + "\r\n", "/text/20000", false));
    }

    private static String config(final String global, final int port, final int backend) {
        return "global\n" + global
            + "defaults\n    mode http\n    timeout connect 5s\n    timeout client 10s\n    timeout server 10s\n"
            + "listen web\n    bind 127.0.0.1:" + port + "\n"
            + "    compression algo deflate gzip\n"
            + "    compression type text/plain text/html\n"
            + "    compression offload\n"
            + "    filter compression\n"
            + "    server s1 127.0.0.1:" + backend + "\n";
    }

    @Test
    void answersAreCompressedOrNotAsHaproxyDecides() throws Exception {
        try (BlockingServer backend = BlockingServer.start("comp", CompressionBackend.handler())) {
            final List<List<String>> outcomes = SideBySide.run(dir, (g, port) -> config(g, port, backend.port()),
                (port, linesOf) -> {
                    final List<String> seen = new ArrayList<>();
                    for (final Ask a : asks()) {
                        try (RawHttp c = RawHttp.open(port)) {
                            c.send(a.request());
                            seen.add(a.request().split("\r\n", 2)[0] + " " + a.request().replaceAll("(?s).*?"
                                + "(Accept-Encoding: [^\r]*)?\r\n\r\n$", "$1") + " -> " + describe(c.read(a.head()), a));
                        }
                    }
                    return seen;
                });
            assertEquals(outcomes.get(0), outcomes.get(1));
            final String all = String.join("\n", outcomes.get(1));
            assertTrue(all.contains("ce=gzip"), all);
            assertTrue(all.contains("ce=deflate"), all);
            backend.assertNoFailure();
        }
    }

    /**
     * A frontend with {@code algo identity gzip} and a request rule that removes Accept-Encoding, before a backend
     * with {@code type text/html} alone: the frontend's algorithms, the backend's types, identity when gzip is not
     * asked for (re-framed, no Content-Encoding), the request read as its rules left it.
     */
    @Test
    void frontendAlgorithmsBackendTypesIdentityAndRules() throws Exception {
        final List<Ask> asks = List.of(get("/chunked/3000", "Accept-Encoding: gzip\r\n"), get("/chunked/3000"),
            get("/chunked/3000", "Accept-Encoding: identity\r\n"), get("/chunked/7000", "Accept-Encoding: gzip\r\n"),
            get("/text/20000", "Accept-Encoding: gzip\r\n"), get("/chunked/3000", "Accept-Encoding: gzip;q=0\r\n"),
            get("/chunked/3000", "User-Agent: Mozilla/4.0 (compatible; MSIE 5.0)\r\n", "Accept-Encoding: gzip\r\n"));
        try (BlockingServer backend = BlockingServer.start("comp2", CompressionBackend.handler())) {
            final List<List<String>> outcomes = SideBySide.run(dir, (g, port) -> "global\n" + g
                + "defaults\n    mode http\n    timeout connect 5s\n    timeout client 10s\n    timeout server 10s\n"
                + "frontend f\n    bind 127.0.0.1:" + port + "\n    compression algo identity gzip\n"
                + "    http-request del-header Accept-Encoding if { path_beg /chunked/7 }\n    default_backend b\n"
                + "backend b\n    compression type text/html\n    server s1 127.0.0.1:" + backend.port() + "\n",
                (port, linesOf) -> {
                    final List<String> seen = new ArrayList<>();
                    for (final Ask a : asks) {
                        try (RawHttp c = RawHttp.open(port)) {
                            c.send(a.request());
                            seen.add(a.request().split("\r\n", 2)[0] + " " + a.request().replaceAll("(?s).*?"
                                + "(Accept-Encoding: [^\r]*)?\r\n\r\n$", "$1") + " -> " + describe(c.read(), a));
                        }
                    }
                    return seen;
                });
            assertEquals(outcomes.get(0), outcomes.get(1));
            final String all = String.join("\n", outcomes.get(1));
            assertTrue(all.contains("ce=null te=chunked cl=false vary=Accept-Encoding"), "identity: " + all);
            backend.assertNoFailure();
        }
    }

    /** What matters of an answer; the body decoded by its Content-Encoding and checked against the server's. */
    static String describe(final RawHttp.Response r, final Ask a) throws IOException {
        final String ce = r.header("Content-Encoding");
        final byte[] decoded = decode(ce, r.body);
        final String[] parts = a.path().split("/");
        final byte[] expected = parts[1].equals("304") || a.head() ? new byte[0]
            : CompressionBackend.text(parts.length > 2 ? Integer.parseInt(parts[2]) : 5000);
        return r.status + " ce=" + ce + " te=" + r.header("Transfer-Encoding") + " cl=" + (r.header("Content-Length")
            != null) + " vary=" + r.header("Vary") + " etag=" + r.header("ETag") + " server-saw=" + r.header("X-AE")
            + " body=" + (Arrays.equals(expected, decoded) ? "same(" + decoded.length + ")" : "DIFFERENT("
            + decoded.length + " of " + expected.length + ")");
    }

    static byte[] decode(final String ce, final byte[] body) throws IOException {
        if (ce == null || ce.equals("br")) {
            return body;
        }
        final InputStream in = ce.equals("gzip") ? new GZIPInputStream(new ByteArrayInputStream(body))
            : new InflaterInputStream(new ByteArrayInputStream(body));
        try (in) {
            return in.readAllBytes();
        }
    }
}
