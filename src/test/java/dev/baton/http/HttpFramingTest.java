package dev.baton.http;

import dev.baton.support.BlockingServer;
import dev.baton.support.RawHttp;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Message framing through the daemon, both directions: every way a body can be delimited arrives whole and
 * leaves the connection in step for the next message (checked by a request after each), byte for byte
 * where the framing is forwarded as is (chunk extensions, trailers).
 */
class HttpFramingTest {
    private final HttpRig rig = new HttpRig();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    private HttpBackend startWithBackend() throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1"));
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port())));
        return b;
    }

    private void startWith(final BlockingServer b) throws Exception {
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port())));
    }

    /** The backend's body for {@code /size/n} on a connection's request {@code req}: a line, then filler. */
    private static String backendBody(final int conn, final int req, final int filler) {
        final StringBuilder sb = new StringBuilder("s1 conn=" + conn + " req=" + req + "\n");
        final String line = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.\n";
        for (int i = 0; i < filler; i++) {
            sb.append(line.charAt(i % line.length()));
        }
        return sb.toString();
    }

    @Test
    void contentLengthBothWays() throws Exception {
        final HttpBackend b = startWithBackend();
        final RawHttp c = rig.client();
        final String body = "x".repeat(100_000);

        final RawHttp.Response r = c.send("POST /size/70000 HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n"
            + body).read();

        assertEquals(200, r.status);
        assertEquals(backendBody(1, 1, 70_000), r.text());
        assertEquals(1, b.requestsReceived(), "the request body arrived whole");
        assertEquals(200, c.send(RawHttp.get("/")).read().status, "in step for the next request");
    }

    @Test
    void chunkedRequestIsForwardedWithItsExtensionsAndTrailers() throws Exception {
        final CompletableFuture<String> received = new CompletableFuture<>();
        final BlockingServer b = rig.rawBackend("capture", socket -> {
            final InputStream in = socket.getInputStream();
            for (String head = RawBackends.readHead(in); head != null; head = RawBackends.readHead(in)) {
                final byte[] body = RawBackends.readBody(in, head);
                received.complete(head + new String(body, StandardCharsets.ISO_8859_1));
                RawBackends.write(socket.getOutputStream(), RawBackends.ok(1, "got it"));
            }
        });
        startWith(b);
        final RawHttp c = rig.client();
        final String chunked = "5;name=value\r\nhello\r\n1a;a=1;b=\"q\"\r\nabcdefghijklmnopqrstuvwxyz\r\n"
            + "0;last\r\nX-Checksum: 42\r\nX-Other: yes\r\n\r\n";

        final RawHttp.Response r = c.send("POST /up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked)
            .read();

        assertEquals(200, r.status);
        final String got = received.get(10, TimeUnit.SECONDS);
        assertTrue(got.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked\r\n"), got);
        assertTrue(got.endsWith("\r\n\r\n" + chunked), "the chunked body byte for byte: " + got);
        assertEquals("got it", c.send(RawHttp.get("/")).read().text(), "in step for the next request");
    }

    @Test
    void chunkedResponseKeepsItsExtensionsAndTrailers() throws Exception {
        final BlockingServer b = rig.rawBackend("chunked", socket -> {
            final InputStream in = socket.getInputStream();
            final OutputStream out = socket.getOutputStream();
            for (String head = RawBackends.readHead(in); head != null; head = RawBackends.readHead(in)) {
                RawBackends.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
                    + "4;a=b\r\nwiki\r\n5\r\npedia\r\n" + Integer.toHexString(70_000) + "\r\n" + "z".repeat(70_000)
                    + "\r\n0;end=1\r\nX-Sum: 99\r\n\r\n");
            }
        });
        startWith(b);
        final RawHttp c = rig.client();
        for (int i = 0; i < 2; i++) {
            final RawHttp.Response r = c.send(RawHttp.get("/")).read();
            assertEquals(200, r.status);
            assertEquals("wikipedia" + "z".repeat(70_000), r.text(), "request " + (i + 1));
            assertEquals(";a=b;end=1", r.chunkExtensions.toString());
            assertEquals("99", r.trailers.get("x-sum"));
            assertNull(r.header("Content-Length"));
        }
    }

    @Test
    void closeDelimitedResponseEndsWithTheClientConnection() throws Exception {
        final BlockingServer b = rig.rawBackend("close-delimited", socket -> {
            final String head = RawBackends.readHead(socket.getInputStream());
            if (head != null) {
                RawBackends.write(socket.getOutputStream(), "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
                    + "y".repeat(50_000));
            }
        });
        startWith(b);
        final RawHttp c = rig.client();

        final RawHttp.Response r = c.send(RawHttp.get("/")).read();

        assertEquals(200, r.status);
        assertTrue(r.closeDelimited);
        assertEquals("y".repeat(50_000), r.text());
        assertEquals("close", r.header("Connection"), "the only way to end such a body is closing");
    }

    @Test
    void headAnd204And304HaveNoBody() throws Exception {
        startWithBackend();
        final RawHttp c = rig.client();

        final RawHttp.Response head = c.send("HEAD /size/500 HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
        assertEquals(200, head.status);
        assertEquals(String.valueOf(backendBody(1, 1, 500).length()), head.header("Content-Length"));
        final RawHttp.Response noContent = c.send(RawHttp.get("/status/204")).read();
        assertEquals(204, noContent.status);
        final RawHttp.Response notModified = c.send(RawHttp.get("/status/304")).read();
        assertEquals(304, notModified.status);
        final RawHttp.Response next = c.send(RawHttp.get("/")).read();
        assertEquals(backendBody(1, 4, 0), next.text(), "the same connections, in step, fourth request");
    }

    @Test
    void aContentLengthOn304OrHeadIsNotABody() throws Exception {
        final BlockingServer b = rig.rawBackend("304-with-length", socket -> {
            final InputStream in = socket.getInputStream();
            final OutputStream out = socket.getOutputStream();
            int n = 0;
            for (String head = RawBackends.readHead(in); head != null; head = RawBackends.readHead(in)) {
                n++;
                if (head.startsWith("HEAD ")) {
                    RawBackends.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n");
                } else if (n == 2) {
                    RawBackends.write(out, "HTTP/1.1 304 Not Modified\r\nContent-Length: 1234\r\nETag: \"e\"\r\n\r\n");
                } else {
                    RawBackends.write(out, RawBackends.ok(1, "request " + n));
                }
            }
        });
        startWith(b);
        final RawHttp c = rig.client();

        assertEquals("1234", c.send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\n").read(true).header("Content-Length"));
        assertEquals(304, c.send(RawHttp.get("/")).read().status);
        assertEquals("request 3", c.send(RawHttp.get("/")).read().text());
    }

    @Test
    void expectContinueGetsTheInterimResponseBeforeTheBodyIsSent() throws Exception {
        final HttpBackend b = startWithBackend();
        final RawHttp c = rig.client();

        c.send("POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        final RawHttp.Response interim = c.readHead();
        assertEquals(100, interim.status, "100 Continue relayed before any body byte was sent");
        assertEquals(0, b.requestsReceived());
        final RawHttp.Response r = c.send("hello").read();

        assertEquals(200, r.status);
        assertEquals(1, b.requestsReceived());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        startWithBackend();
        final RawHttp c = rig.client();

        c.send(RawHttp.get("/size/10") + RawHttp.get("/status/404") + RawHttp.get("/size/20000"));

        final RawHttp.Response first = c.read();
        final RawHttp.Response second = c.read();
        final RawHttp.Response third = c.read();
        assertEquals(200, first.status);
        assertEquals(backendBody(1, 1, 10), first.text());
        assertEquals(404, second.status);
        assertEquals(200, third.status);
        assertEquals(backendBody(1, 3, 20_000), third.text());
    }

    @Test
    void pipelinedRequestsAfterALargeResponseToASlowReader() throws Exception {
        startWithBackend();
        final int size = 4 << 20;
        for (int round = 0; round < 3; round++) {
            // a new client: its first request opens a new server connection (http-reuse safe)
            final byte[] expected = backendBody(round + 1, 1, size).getBytes(StandardCharsets.ISO_8859_1);
            try (RawHttp c = rig.client()) {
                c.send(RawHttp.get("/size/" + size) + RawHttp.get("/status/404") + RawHttp.get("/"));

                final RawHttp.Response first = c.readHead();
                assertEquals(200, first.status, "round " + round);
                assertEquals(String.valueOf(expected.length), first.header("Content-Length"));
                // read in small pieces, so the daemon's client output is still backed up when the next
                // responses arrive from the server
                final ByteArrayOutputStream body = new ByteArrayOutputStream(expected.length);
                for (int left = expected.length; left > 0; left -= Math.min(left, 512)) {
                    body.write(c.readExactly(Math.min(left, 512)));
                }
                assertArrayEquals(expected, body.toByteArray(), "first body whole, round " + round);
                assertEquals(404, c.read().status, "round " + round);
                assertEquals(200, c.read().status, "round " + round);
            }
        }
    }

    /** A keep-alive backend answering each request with a 9 KB head (numbered in X-N) and a 2-byte body. */
    private BlockingServer largeHeadsBackend(final AtomicInteger received) throws Exception {
        final String pad = "p".repeat(9000);
        return rig.rawBackend("large-heads", socket -> {
            final InputStream in = socket.getInputStream();
            final OutputStream out = socket.getOutputStream();
            for (String head = RawBackends.readHead(in); head != null; head = RawBackends.readHead(in)) {
                final int n = received.incrementAndGet();
                RawBackends.write(out, "HTTP/1.1 200 OK\r\nX-Pad: " + pad + "\r\nX-N: " + n
                    + "\r\nContent-Length: 2\r\n\r\nok");
            }
        });
    }

    /**
     * Sends {@code requests} pipelined GETs and reads nothing until the backend stops being asked: their
     * 9 KB responses fill every buffer between the daemon and this client long before the last. Then
     * reads every response, checking they are whole and in order.
     */
    private void pipelineToALateReader(final AtomicInteger received, final int requests) throws Exception {
        pipelineToALateReader(received, requests, 0);
    }

    /** {@link #pipelineToALateReader(AtomicInteger, int)} where the client reads nothing for at least {@code minPauseMs}. */
    private void pipelineToALateReader(final AtomicInteger received, final int requests, final long minPauseMs)
        throws Exception {
        final RawHttp c = rig.client();
        c.send(RawHttp.get("/").repeat(requests));
        final AtomicInteger seen = new AtomicInteger(-1);
        await("the daemon stops forwarding requests").atMost(Duration.ofSeconds(10 + minPauseMs / 1000))
            .pollDelay(Duration.ofMillis(minPauseMs)).pollInterval(Duration.ofMillis(300))
            .until(() -> received.get() > 0 && received.get() == seen.getAndSet(received.get()));
        assertTrue(received.get() < requests, "the client's buffers did fill up: " + received.get());

        for (int i = 1; i <= requests; i++) {
            final RawHttp.Response r = c.read();
            assertEquals(200, r.status, "response " + i);
            assertEquals(String.valueOf(i), r.header("X-N"), "in order");
        }
    }

    @Test
    void pipelinedResponsesWithLargeHeadsWaitForAClientThatIsNotReading() throws Exception {
        final AtomicInteger received = new AtomicInteger();
        startWith(largeHeadsBackend(received));
        pipelineToALateReader(received, 1000);
    }

    @Test
    void theNextPipelinedRequestWaitsForThePreviousResponseToBeSent() throws Exception {
        final AtomicInteger received = new AtomicInteger();
        final BlockingServer b = largeHeadsBackend(received);
        // a server timeout shorter than the client's pause: a request sent while the previous response
        // still waits for the client would time out with its answer unread (HAProxy takes the next request
        // only once the previous response is sent); 1 s, so that a backend thread kept off the CPU a while on a
        // loaded machine does not time out for that reason, and the client pauses 3 s
        rig.start(HttpConfigs.listen(1, "timeout server 1s", HttpConfigs.server("s1", b.port())));
        pipelineToALateReader(received, 1000, 3_000);
    }

    @Test
    void connectThen200ThenRawBytesBothWays() throws Exception {
        final CompletableFuture<String> request = new CompletableFuture<>();
        final BlockingServer b = rig.rawBackend("connect", socket -> {
            final InputStream in = socket.getInputStream();
            request.complete(RawBackends.readHead(in));
            RawBackends.write(socket.getOutputStream(), "HTTP/1.1 200 Connection established\r\n\r\n");
            in.transferTo(socket.getOutputStream());
            socket.shutdownOutput();
        });
        startWith(b);
        final RawHttp c = rig.client();

        final RawHttp.Response established = c.send("CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n")
            .readHead();

        assertEquals(200, established.status);
        assertTrue(request.get(10, TimeUnit.SECONDS).startsWith("CONNECT example.org:443 HTTP/1.1\r\n"));
        final String bytes = "\u0016\u0003\u0001 tunnelled bytes";
        c.send(bytes);
        assertEquals(bytes, new String(c.readExactly(bytes.length()), StandardCharsets.ISO_8859_1));
        c.socket().shutdownOutput();
        assertEquals(-1, c.readByte());
    }

    @Test
    void upgradeThen101ThenRawBytesBothWays() throws Exception {
        final CompletableFuture<String> request = new CompletableFuture<>();
        final BlockingServer b = rig.rawBackend("ws", socket -> {
            final InputStream in = socket.getInputStream();
            final String head = RawBackends.readHead(in);
            request.complete(head);
            final OutputStream out = socket.getOutputStream();
            RawBackends.write(out, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                + "server-hello");
            final byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
            socket.shutdownOutput();
        });
        startWith(b);
        final RawHttp c = rig.client();

        c.send("GET /chat HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        final RawHttp.Response switching = c.readHead();

        assertEquals(101, switching.status);
        assertEquals("websocket", switching.header("Upgrade"));
        final String forwarded = request.get(10, TimeUnit.SECONDS).toLowerCase(Locale.ROOT);
        assertTrue(forwarded.contains("\r\nupgrade: websocket\r\n") && forwarded.contains("\r\nconnection: upgrade\r\n"),
            forwarded);
        assertEquals("server-hello", new String(c.readExactly(12), StandardCharsets.ISO_8859_1));
        final byte[] payload = new byte[1 << 20];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7 + (i >>> 10));
        }
        final CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> {
            try {
                return c.readExactly(payload.length);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        c.send(payload);
        assertArrayEquals(payload, echoed.get(20, TimeUnit.SECONDS), "1 MiB echoed through the tunnel");
        c.socket().shutdownOutput();
        assertEquals(-1, c.readByte(), "the server's close ends the tunnel");
    }
}
