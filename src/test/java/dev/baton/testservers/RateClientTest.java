package dev.baton.testservers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The open-loop client of bench/latency.sh: it sends exactly the scheduled requests, over keep-alive or one
 * connection each, and charges a request for the time it waited behind a slow server (latency from its due time).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RateClientTest {
    private static RateClient.Options options(final HttpBackend b, final int rate, final int connections,
                                              final boolean close) {
        return new RateClient.Options(new InetSocketAddress("127.0.0.1", b.port()), rate, 1, connections, close, "/",
            5000, 0, false);
    }

    @Test
    void sendsEveryScheduledRequestOverKeepAliveConnections() throws Exception {
        try (HttpBackend b = HttpBackend.start()) {
            final RateClient.Result r = new RateClient(options(b, 200, 10, false)).run();
            assertEquals(200, r.scheduled());
            assertEquals(200, r.latenciesUs().length, r.summary());
            assertEquals(0, r.errors() + r.non2xx(), r.summary());
            assertEquals(200, b.requestsServed());
            assertTrue(r.percentileUs(0.5) > 0 && r.percentileUs(0.5) <= r.percentileUs(0.99), r.summary());
        }
    }

    @Test
    void closeModeOpensAConnectionPerRequest() throws Exception {
        try (HttpBackend b = HttpBackend.start()) {
            final RateClient.Result r = new RateClient(options(b, 100, 10, true)).run();
            assertEquals(100, r.latenciesUs().length, r.summary());
            assertEquals(0, r.errors() + r.non2xx(), r.summary());
            assertEquals(100, b.requestsServed());
        }
    }

    /**
     * 2 connections to a server answering after 50 ms carry 40 req/s; at 80 req/s the requests queue in the client
     * and the last ones wait about half a second: a closed loop would report 50 ms, the open loop reports the wait.
     */
    @Test
    void chargesTheWaitBehindASlowServer() throws Exception {
        try (HttpBackend b = HttpBackend.start(new HttpBackend.Options().responseDelayMs(50))) {
            final RateClient.Result r = new RateClient(options(b, 80, 2, false)).run();
            assertEquals(80, r.latenciesUs().length, r.summary());
            assertTrue(r.percentileUs(0.99) >= 300_000, r.summary());
            assertTrue(r.percentileUs(0.0) >= 50_000, r.summary());
        }
    }

    /** Warm-up requests are sent on the measured run's connections, and only the measured ones are counted. */
    @Test
    void warmUpRequestsAreSentOnTheSameConnectionsButNotMeasured() throws Exception {
        try (HttpBackend b = HttpBackend.start()) {
            final RateClient.Result r = new RateClient(new RateClient.Options(
                new InetSocketAddress("127.0.0.1", b.port()), 100, 1, 5, false, "/", 5000, 1, false)).run();
            assertEquals(100, r.scheduled());
            assertEquals(100, r.latenciesUs().length, r.summary());
            assertEquals(200, b.requestsServed());
            assertTrue(b.connectionsAccepted() <= 5, "connections: " + b.connectionsAccepted());
        }
    }

    @Test
    void aResponseIsCompleteAtItsContentLengthOrAtTheEndOfTheStream() {
        final ByteBuffer in = ByteBuffer.allocate(256);
        in.put("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(0, RateClient.complete(in, false));
        in.put((byte) '\n');
        assertEquals(200, RateClient.complete(in, false));
        final ByteBuffer noLength = ByteBuffer.allocate(256);
        noLength.put("HTTP/1.0 503 Busy\r\n\r\nbusy".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(0, RateClient.complete(noLength, false));
        assertEquals(503, RateClient.complete(noLength, true));
    }

    @Test
    void readsTheHeadWhateverTheCaseOfItsNames() {
        final ByteBuffer in = ByteBuffer.allocate(256);
        in.put("HTTP/1.1 204 No Content\r\nCONTENT-length:   0\r\nConnection: Close\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(204, RateClient.complete(in, false));
        assertTrue(RateClient.closes(in));
        final ByteBuffer keep = ByteBuffer.allocate(256);
        keep.put("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nConnection: close"
            .getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(200, RateClient.complete(keep, false));
        assertFalse(RateClient.closes(keep), "a body is not a header");
        final ByteBuffer bad = ByteBuffer.allocate(256);
        bad.put("HTTP/1.1 2x0 Odd\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(1, RateClient.complete(bad, false));
    }

    @Test
    void refusesAMissingRate() {
        assertThrows(TestServers.UsageException.class,
            () -> RateClient.parse(new String[] {"rate", "--target", "127.0.0.1:1", "--seconds", "1"}));
    }
}
