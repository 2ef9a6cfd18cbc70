package dev.baton.http;

import dev.baton.support.BlockingServer;
import dev.baton.support.RawHttp;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests the daemon must refuse: it answers the error itself, closes the client connection, and the
 * server receives nothing (no connection for a malformed head; not one byte when the head was fine and the
 * body is not). A response with broken framing is a 502 for the client.
 */
class HttpRejectTest {
    private final HttpRig rig = new HttpRig();
    /** Bytes the counting backend received, over all its connections. */
    private final AtomicLong bytesReceived = new AtomicLong();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    /** A backend that only counts what reaches it. */
    private BlockingServer countingBackend() throws Exception {
        return rig.rawBackend("counting", socket -> {
            final InputStream in = socket.getInputStream();
            final byte[] buffer = new byte[4096];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytesReceived.addAndGet(n);
            }
        });
    }

    static Stream<Arguments> malformedRequests() {
        final String header = "X-Large: " + "v".repeat(2000) + "\r\n";
        return Stream.of(
            Arguments.of("Content-Length and Transfer-Encoding",
                "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
            Arguments.of("two different Content-Lengths",
                "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
            Arguments.of("a Content-Length list that disagrees",
                "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5, 6\r\n\r\nhello!", 400),
            Arguments.of("Transfer-Encoding not ending with chunked",
                "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", 400),
            Arguments.of("Transfer-Encoding on HTTP/1.0",
                "POST / HTTP/1.0\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
            Arguments.of("obs-fold", "GET / HTTP/1.1\r\nHost: t\r\nX-A: a\r\n  folded\r\n\r\n", 400),
            Arguments.of("space before the colon", "GET / HTTP/1.1\r\nHost : t\r\n\r\n", 400),
            Arguments.of("NUL in a value", "GET / HTTP/1.1\r\nHost: t\r\nX-A: a\0b\r\n\r\n", 400),
            Arguments.of("control character in a value", "GET / HTTP/1.1\r\nHost: t\r\nX-A: a\u0001b\r\n\r\n", 400),
            Arguments.of("DEL in a name", "GET / HTTP/1.1\r\nHost: t\r\nX\u007fA: a\r\n\r\n", 400),
            Arguments.of("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
            Arguments.of("double space in the request line", "GET  / HTTP/1.1\r\nHost: t\r\n\r\n", 400),
            Arguments.of("extra word in the request line", "GET / HTTP/1.1 x\r\nHost: t\r\n\r\n", 400),
            Arguments.of("no version (HTTP/0.9)", "GET /\r\n\r\n", 400),
            Arguments.of("unknown version", "GET / HTTP/2.0\r\nHost: t\r\n\r\n", 400),
            Arguments.of("not HTTP at all", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n", 400),
            Arguments.of("too many headers (HAProxy's tune.http.maxhdr)",
                "GET / HTTP/1.1\r\nHost: t\r\n" + "X-A: a\r\n".repeat(120) + "\r\n", 400),
            Arguments.of("headers too large", "GET / HTTP/1.1\r\nHost: t\r\n" + header.repeat(10) + "\r\n", 400),
            Arguments.of("URI too long", "GET /" + "u".repeat(17_000) + " HTTP/1.1\r\nHost: t\r\n\r\n", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void refusedBeforeAnyServerIsContacted(final String what, final String request, final int status) throws Exception {
        final BlockingServer b = countingBackend();
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port())));
        final RawHttp c = rig.client();

        final RawHttp.Response r = c.send(request).read();

        assertEquals(status, r.status, what);
        assertEquals("close", r.header("Connection"));
        c.assertClosedByPeer();
        c.close();
        rig.awaitQuiet();
        assertEquals(0, b.accepted(), "the server was not even connected to");
    }

    @Test
    void aBadChunkSizeSendsNothingToTheServer() throws Exception {
        final BlockingServer b = countingBackend();
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port())));
        final RawHttp c = rig.client();

        final RawHttp.Response r = c.send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "zz\r\nhello\r\n0\r\n\r\n").read();

        assertEquals(400, r.status);
        c.assertClosedByPeer();
        c.close();
        rig.awaitQuiet();
        assertEquals(0, bytesReceived.get(), "not one byte of the request reached the server");
    }

    @Test
    void aMalformedRequestAfterAGoodOneOnTheSameConnection() throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1"));
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port())));
        final RawHttp c = rig.client();

        assertEquals(200, c.send(RawHttp.get("/")).read().status);
        final RawHttp.Response r = c.send("GET / HTTP/1.1\r\nHost: t\r\nBad Header: x\r\n\r\n").read();

        assertEquals(400, r.status);
        c.assertClosedByPeer();
        assertEquals(1, b.requestsReceived(), "only the good request reached the server");
    }

    @Test
    void aPipelinedMalformedRequestKeepsTheResponseBeforeItWhole() throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1"));
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port())));
        final int size = 8 << 20;
        for (int round = 0; round < 5; round++) {
            try (RawHttp c = rig.client()) {
                c.send(RawHttp.get("/size/" + size) + "GET / HTTP/1.1\r\nHost: t\r\nBad Header: x\r\n\r\n");

                final RawHttp.Response first = c.read();
                assertEquals(200, first.status);
                final byte[] line = ("s1 conn=" + (round + 1) + " req=1\n").getBytes(StandardCharsets.ISO_8859_1);
                assertEquals(line.length + size, first.body.length, "round " + round);
                final byte[] tail = new byte[64];
                System.arraycopy(first.body, first.body.length - 64, tail, 0, 64);
                assertArrayEquals(fillerTail(size, 64), tail, "the end of the body, round " + round);
                assertEquals(400, c.read().status, "then the error, round " + round);
                c.assertClosedByPeer();
            }
        }
    }

    /** The last {@code n} bytes of HttpBackend's filler of {@code size} bytes. */
    private static byte[] fillerTail(final int size, final int n) {
        final byte[] line = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.\n"
            .getBytes(StandardCharsets.US_ASCII);
        final byte[] tail = new byte[n];
        for (int i = 0; i < n; i++) {
            tail[i] = line[(size - n + i) % line.length];
        }
        return tail;
    }

    static Stream<Arguments> brokenResponses() {
        return Stream.of(
            Arguments.of("two different Content-Lengths",
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
            Arguments.of("a bad status line", "HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n"),
            Arguments.of("obs-fold", "HTTP/1.1 200 OK\r\nX-A: a\r\n b\r\nContent-Length: 0\r\n\r\n"),
            Arguments.of("not HTTP", "SSH-2.0-OpenSSH_9.6\r\n\r\n"),
            Arguments.of("a bad Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\nhello"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenResponses")
    void aResponseWithBrokenFramingIsA502(final String what, final String response) throws Exception {
        final BlockingServer b = rig.rawBackend("broken", RawBackends.answer(response));
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port())));
        final RawHttp c = rig.client();

        final RawHttp.Response r = c.send(RawHttp.get("/")).read();

        assertEquals(502, r.status, what);
        c.assertClosedByPeer();
    }

    @Test
    void aBrokenChunkedResponseBodyCutsTheClientConnection() throws Exception {
        final BlockingServer b = rig.rawBackend("broken-chunks", RawBackends.answer(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nxyz\r\n"));
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port())));
        final RawHttp c = rig.client();

        c.send(RawHttp.get("/"));

        final String text = c.readUntilCut();
        assertTrue(text.isEmpty() || text.startsWith("HTTP/1.1 200 OK\r\n"), text);
        assertFalse(text.contains("\r\n0\r\n"), "never a valid end of body: " + text);
    }
}
