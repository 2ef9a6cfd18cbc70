package dev.baton.testservers;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.support.RawHttp;
import dev.baton.testservers.HttpBackend.Misbehaviour;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HttpBackendTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static HttpResponse<String> get(final HttpBackend b, final String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(b.uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String header(final HttpResponse<?> r, final String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    private static HttpBackend.Options named(final String name) {
        return new HttpBackend.Options().name(name);
    }

    @Test
    void answersWithTheDocumentedResponse() throws Exception {
        try (HttpBackend b = HttpBackend.start(named("s1"))) {
            assertTrue(b.port() > 0);
            final HttpResponse<String> r = get(b, "/");
            assertEquals(200, r.statusCode());
            assertEquals("text/plain", header(r, "Content-Type"));
            assertEquals("s1", header(r, "X-Server"));
            assertEquals("1", header(r, "X-Conn-Id"));
            assertEquals("1", header(r, "X-Req-Num"));
            assertEquals("s1 conn=1 req=1\n", r.body());
            assertEquals(String.valueOf(r.body().length()), header(r, "Content-Length"));
        }
    }

    @Test
    void keepAliveReusesTheConnection() throws Exception {
        try (HttpBackend b = HttpBackend.start(named("ka"))) {
            for (int i = 1; i <= 3; i++) {
                final HttpResponse<String> r = get(b, "/");
                assertEquals("1", header(r, "X-Conn-Id"));
                assertEquals(String.valueOf(i), header(r, "X-Req-Num"));
                assertEquals("ka conn=1 req=" + i + "\n", r.body());
            }
            assertEquals(1, b.connectionsAccepted());
            assertEquals(3, b.requestsServed());
            assertEquals(3, b.requestsReceived());
            assertEquals(1, b.openConnections());
        }
    }

    @Test
    void connectionCloseIsRespected() throws Exception {
        try (HttpBackend b = HttpBackend.start(); RawHttp c = RawHttp.open(b.port())) {
            final RawHttp.Response r = c.send(RawHttp.get("/", "Connection: close\r\n")).read();
            assertEquals(200, r.status);
            assertEquals("close", r.header("Connection"));
            assertEquals(-1, c.readByte());
            await().atMost(Duration.ofSeconds(5)).until(() -> b.openConnections() == 0);
        }
    }

    @Test
    void http10ClosesUnlessKeepAliveIsAsked() throws Exception {
        try (HttpBackend b = HttpBackend.start()) {
            try (RawHttp c = RawHttp.open(b.port())) {
                final RawHttp.Response r = c.send("GET / HTTP/1.0\r\n\r\n").read();
                assertEquals("close", r.header("Connection"));
                assertEquals(-1, c.readByte());
            }
            try (RawHttp c = RawHttp.open(b.port())) {
                final String request = "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
                assertEquals("keep-alive", c.send(request).read().header("Connection"));
                final RawHttp.Response second = c.send(request).read();
                assertEquals("2", second.header("X-Req-Num"));
                assertEquals("srv conn=2 req=2\n", second.text());
            }
        }
    }

    @Test
    void closeAfterRequestsClosesOnTheNthResponse() throws Exception {
        try (HttpBackend b = HttpBackend.start(named("ca").closeAfterRequests(2))) {
            try (RawHttp c = RawHttp.open(b.port())) {
                assertNull(c.send(RawHttp.get("/")).read().header("Connection"));
                final RawHttp.Response second = c.send(RawHttp.get("/")).read();
                assertEquals("close", second.header("Connection"));
                assertEquals("2", second.header("X-Req-Num"));
                assertEquals(-1, c.readByte());
            }
            final List<String> connIds = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                connIds.add(header(get(b, "/"), "X-Conn-Id"));
            }
            assertEquals(List.of("2", "2", "3", "3"), connIds);
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosedAfterTheTimeout() throws Exception {
        final long timeoutMs = 200;
        try (HttpBackend b = HttpBackend.start(named("idle").keepAliveIdleTimeoutMs(timeoutMs));
             RawHttp c = RawHttp.open(b.port())) {
            // The idle clock starts once the response is written, so after this instant: a strict lower bound.
            final long sent = System.nanoTime();
            assertEquals(200, c.send(RawHttp.get("/")).read().status);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> b.openConnections() == 0);
            final long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            assertTrue(idleMs >= timeoutMs, "closed " + idleMs + " ms after the request, before the idle timeout");
            assertEquals(-1, c.readByte());
        }
    }

    @Test
    void responseDelayIsApplied() throws Exception {
        try (HttpBackend b = HttpBackend.start(named("slow").responseDelayMs(300))) {
            assertAnsweredNoEarlierThan(300, () -> get(b, "/"));
        }
        try (HttpBackend b = HttpBackend.start()) {
            assertAnsweredNoEarlierThan(150, () -> get(b, "/delay/150"));
        }
    }

    private static void assertAnsweredNoEarlierThan(final long ms, final Request request) throws Exception {
        final long start = System.nanoTime();
        final HttpResponse<String> r = request.send();
        final long elapsedNanos = System.nanoTime() - start;
        assertEquals(200, r.statusCode());
        // The delay runs from when the whole request is read, which is after the client started its clock.
        assertTrue(elapsedNanos >= TimeUnit.MILLISECONDS.toNanos(ms),
                "answered after " + TimeUnit.NANOSECONDS.toMillis(elapsedNanos) + " ms, expected " + ms);
    }

    private interface Request {
        HttpResponse<String> send() throws Exception;
    }

    @Test
    void aDelayedResponseDoesNotHoldUpOtherConnections() throws Exception {
        try (HttpBackend b = HttpBackend.start();
             RawHttp slow = RawHttp.open(b.port());
             RawHttp fast = RawHttp.open(b.port())) {
            slow.send(RawHttp.get("/delay/1000"));
            await().atMost(Duration.ofSeconds(5)).until(() -> b.requestsReceived() == 1);
            assertEquals("srv conn=2 req=1\n", fast.send(RawHttp.get("/")).read().text());
            // Served counts a response as it starts: the delayed one has not started yet.
            assertEquals(1, b.requestsServed());
            assertEquals("srv conn=1 req=1\n", slow.read().text());
            assertEquals(2, b.requestsServed());
        }
    }

    @Test
    void bodySizeAppendsFillerBytes() throws Exception {
        try (HttpBackend b = HttpBackend.start(named("big").bodySize(100_000))) {
            final HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(b.uri("/")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            final byte[] text = "big conn=1 req=1\n".getBytes(StandardCharsets.US_ASCII);
            assertEquals(text.length + 100_000, r.body().length);
            assertEquals(String.valueOf(r.body().length), header(r, "Content-Length"));
            for (int i = 0; i < r.body().length; i++) {
                final byte expected = i < text.length ? text[i]
                        : HttpConnection.FILLER_LINE[(i - text.length) % HttpConnection.FILLER_LINE.length];
                if (r.body()[i] != expected) {
                    throw new AssertionError("body byte " + i + " is " + r.body()[i] + ", expected " + expected);
                }
            }
            assertEquals("big conn=1 req=2\nabcdefghij", get(b, "/size/10").body());
            final HttpResponse<byte[]> large = CLIENT.send(HttpRequest.newBuilder(b.uri("/size/10000000")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(text.length + 10_000_000, large.body().length);
        }
    }

    @Test
    void headRequestGetsTheLengthButNoBody() throws Exception {
        try (HttpBackend b = HttpBackend.start(); RawHttp c = RawHttp.open(b.port())) {
            final RawHttp.Response head = c.send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
            assertEquals(200, head.status);
            assertEquals("17", head.header("Content-Length"));
            // Had a body been sent, it would be read here instead of the next response.
            assertEquals("srv conn=1 req=2\n", c.send(RawHttp.get("/")).read().text());
        }
    }

    @Test
    void statusPathAnswersThatStatus() throws Exception {
        try (HttpBackend b = HttpBackend.start()) {
            final HttpResponse<String> unavailable = get(b, "/status/503");
            assertEquals(503, unavailable.statusCode());
            assertEquals("srv conn=1 req=1\n", unavailable.body());
            final HttpResponse<String> noContent = get(b, "/delay/1/status/204?x=1");
            assertEquals(204, noContent.statusCode());
            assertEquals("", noContent.body());
            assertEquals(2, b.requestsServed());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (HttpBackend b = HttpBackend.start(); RawHttp c = RawHttp.open(b.port())) {
            c.send(RawHttp.get("/size/3") + RawHttp.get("/status/404"));
            final RawHttp.Response first = c.read();
            final RawHttp.Response second = c.read();
            assertEquals(200, first.status);
            assertEquals("srv conn=1 req=1\nabc", first.text());
            assertEquals(404, second.status);
            assertEquals("srv conn=1 req=2\n", second.text());
            assertEquals(1, b.connectionsAccepted());
        }
    }

    @Test
    void requestBodiesAreReadAndDiscarded() throws Exception {
        try (HttpBackend b = HttpBackend.start(); RawHttp c = RawHttp.open(b.port())) {
            c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
                    + "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n"
                    + RawHttp.get("/"));
            for (int i = 1; i <= 3; i++) {
                assertEquals("srv conn=1 req=" + i + "\n", c.read().text());
            }
        }
        try (HttpBackend b = HttpBackend.start()) {
            final byte[] upload = new byte[3 * 1024 * 1024];
            for (boolean expectContinue : new boolean[] {false, true}) {
                final HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(b.uri("/"))
                        .expectContinue(expectContinue)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
            }
            assertEquals(2, b.requestsServed());
        }
    }

    @Test
    void resetMisbehaviourResetsTheConnection() throws Exception {
        try (HttpBackend b = HttpBackend.start(named("rst").misbehaviour(Misbehaviour.RESET));
             RawHttp c = RawHttp.open(b.port())) {
            c.send(RawHttp.get("/"));
            assertThrows(IOException.class, c::readByte);
            assertThrows(IOException.class, () -> get(b, "/"));
            assertEquals(0, b.requestsServed());
        }
    }

    @Test
    void hangMisbehaviourNeverAnswers() throws Exception {
        try (HttpBackend b = HttpBackend.start(named("hang").misbehaviour(Misbehaviour.HANG));
             RawHttp c = RawHttp.open(b.port())) {
            c.send(RawHttp.get("/"));
            await().atMost(Duration.ofSeconds(5)).until(() -> b.requestsReceived() == 1);
            c.socket().setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, c::readByte);
            assertEquals(0, b.requestsServed());
            assertEquals(1, b.openConnections());
        }
    }

    @Test
    void closeMidResponseMisbehaviourSendsAShortBody() throws Exception {
        try (HttpBackend b = HttpBackend.start(
                named("cm").misbehaviour(Misbehaviour.CLOSE_MID_RESPONSE).bodySize(1000));
             RawHttp c = RawHttp.open(b.port())) {
            final RawHttp.Response head = c.send(RawHttp.get("/")).readHead();
            assertEquals(200, head.status);
            final int contentLength = Integer.parseInt(head.header("Content-Length"));
            final byte[] body = c.readToEnd();
            assertTrue(body.length > 0 && body.length < contentLength,
                    "got " + body.length + " of " + contentLength + " body bytes");
            assertThrows(IOException.class, () -> get(b, "/"));
        }
    }

    @Test
    void garbageMisbehaviourAnswersSomethingElseThanHttp() throws Exception {
        try (HttpBackend b = HttpBackend.start(named("junk").misbehaviour(Misbehaviour.GARBAGE));
             RawHttp c = RawHttp.open(b.port())) {
            final byte[] answer = c.send(RawHttp.get("/")).readToEnd();
            assertTrue(answer.length > 0);
            assertFalse(new String(answer, StandardCharsets.ISO_8859_1).startsWith("HTTP/"));
            assertThrows(IOException.class, () -> get(b, "/"));
        }
    }

    @Test
    void misbehaviourCanBeAskedPerRequest() throws Exception {
        try (HttpBackend b = HttpBackend.start()) {
            try (RawHttp c = RawHttp.open(b.port())) {
                c.send(RawHttp.get("/misbehave/reset"));
                assertThrows(IOException.class, c::readByte);
            }
            try (RawHttp c = RawHttp.open(b.port())) {
                assertFalse(new String(c.send(RawHttp.get("/misbehave/garbage")).readToEnd(),
                        StandardCharsets.ISO_8859_1).startsWith("HTTP/"));
            }
            assertEquals(200, get(b, "/").statusCode());
            assertEquals(1, b.requestsServed());
            assertEquals(3, b.requestsReceived());
        }
    }

    @Test
    void malformedRequestsGetAnErrorAndAClose() throws Exception {
        try (HttpBackend b = HttpBackend.start()) {
            final String tooLarge = RawHttp.get("/", "X-Big: " + "x".repeat(HttpRequestParser.MAX_HEAD) + "\r\n");
            final String[][] cases = {
                {"NONSENSE\r\n\r\n", "400"},
                {"GET / HTTP/2.0\r\n\r\n", "505"},
                {"GET /delay/x HTTP/1.1\r\n\r\n", "400"},
                {"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "400"},
                {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "400"},
                {tooLarge, "431"},
            };
            for (String[] c : cases) {
                try (RawHttp raw = RawHttp.open(b.port())) {
                    final RawHttp.Response r = raw.send(c[0]).read();
                    assertEquals(Integer.parseInt(c[1]), r.status, c[0]);
                    assertEquals("close", r.header("Connection"));
                    assertEquals(-1, raw.readByte());
                }
            }
            assertEquals(0, b.requestsServed());
        }
    }

    @Test
    void closeStopsListeningAndClosesConnections() throws Exception {
        final HttpBackend b = HttpBackend.start();
        final int port = b.port();
        try (RawHttp c = RawHttp.open(port)) {
            assertEquals(200, c.send(RawHttp.get("/")).read().status);
            assertEquals(1, b.openConnections());
            b.close();
            b.close();
            assertEquals(-1, c.readByte());
            assertEquals(0, b.openConnections());
        }
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    }

    @Test
    void servesManyConcurrentKeepAliveConnections() throws Exception {
        final int connections = 300;
        try (HttpBackend b = HttpBackend.start()) {
            final List<RawHttp> clients = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    clients.add(RawHttp.open(b.port()).send(RawHttp.get("/") + RawHttp.get("/size/100")));
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> b.openConnections() == connections);
                final Set<String> connIds = new HashSet<>();
                for (RawHttp c : clients) {
                    final RawHttp.Response first = c.read();
                    assertEquals("2", c.read().header("X-Req-Num"));
                    connIds.add(first.header("X-Conn-Id"));
                }
                assertEquals(connections, connIds.size());
                assertEquals(2L * connections, b.requestsServed());
            } finally {
                for (RawHttp c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void optionsAreValidated() {
        final HttpBackend.Options o = new HttpBackend.Options();
        assertThrows(IllegalArgumentException.class, () -> o.name("has space"));
        assertThrows(IllegalArgumentException.class, () -> o.port(70000));
        assertThrows(IllegalArgumentException.class, () -> o.responseDelayMs(-1));
        assertThrows(IllegalArgumentException.class, () -> o.misbehaviour(null));
        assertEquals(Misbehaviour.CLOSE_MID_RESPONSE, Misbehaviour.parse("close-mid"));
        assertEquals(Misbehaviour.RESET, Misbehaviour.parse("RESET"));
    }

    @Test
    void failsToStartOnAPortInUse() throws Exception {
        try (HttpBackend b = HttpBackend.start()) {
            final IOException e = assertThrows(IOException.class,
                    () -> HttpBackend.start(new HttpBackend.Options().port(b.port())).close());
            assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + b.port()), e.getMessage());
        }
    }

    @Test
    void theHealthPathAnswersAsSetAtRunTime() throws Exception {
        try (HttpBackend b = HttpBackend.start(named("s1"))) {
            assertEquals(200, get(b, "/health").statusCode());

            b.health("/status/503");
            assertEquals(503, get(b, "/health").statusCode());
            assertEquals(200, get(b, "/").statusCode(), "only the health path changes");

            assertEquals(200, get(b, "/control/health/status/404").statusCode(), "the control request itself");
            assertEquals("/status/404", b.health());
            assertEquals(404, get(b, "/health").statusCode());

            get(b, "/control/health");
            assertEquals(200, get(b, "/health").statusCode(), "healthy again");
        }
    }

    @Test
    void aHealthPathSetToResetResetsTheChecker() throws Exception {
        try (HttpBackend b = HttpBackend.start(named("s1"))) {
            b.health("/misbehave/reset");
            try (RawHttp c = RawHttp.open(b.port())) {
                c.send(RawHttp.get("/health"));
                assertTrue(c.assertClosedByPeer(), "reset, not a clean end");
            }
        }
    }
}
