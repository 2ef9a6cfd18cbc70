package dev.baton.testservers;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.support.RawHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HttpBackend's count of requests in progress and its peak, in process and over {@code /control/peak}. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HttpBackendInFlightTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static HttpBackend slow(final long delayMs) throws IOException {
        return HttpBackend.start(new HttpBackend.Options().name("s1").responseDelayMs(delayMs));
    }

    /** A one-request client: GET {@code path} with {@code Connection: close}, its answer read to the end. */
    private static RawHttp.Response fetch(final HttpBackend b, final String path) throws IOException {
        try (RawHttp c = RawHttp.open(b.port())) {
            return c.send(RawHttp.get(path, "Connection: close\r\n")).read();
        }
    }

    private static void closeAll(final List<RawHttp> clients) throws IOException {
        for (RawHttp c : clients) {
            c.close();
        }
    }

    @Test
    void fiveConcurrentDelayedRequestsPeakAtFiveThenSequentialOnesAtOne() throws Exception {
        try (HttpBackend b = slow(300)) {
            final List<RawHttp> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    clients.add(RawHttp.open(b.port()));
                }
                // Connected first, then the five heads in a burst: all five wait out their delay together.
                for (RawHttp c : clients) {
                    c.send(RawHttp.get("/"));
                }
                for (RawHttp c : clients) {
                    assertEquals(200, c.read().status);
                }
            } finally {
                closeAll(clients);
            }
            await().atMost(WAIT).until(() -> b.inFlight() == 0);
            assertEquals(5, b.peakInFlight());

            b.resetPeak();
            assertEquals(0, b.peakInFlight());
            for (int i = 0; i < 2; i++) {
                assertEquals(200, fetch(b, "/").status);
            }
            assertEquals(1, b.peakInFlight());
            assertEquals(7, b.requestsServed());
        }
    }

    @Test
    void controlPathsReadAndResetThePeakWithoutCountingThemselves() throws Exception {
        try (HttpBackend b = slow(0)) {
            assertEquals("inflight=0 peak=0\n", fetch(b, HttpBackend.PEAK_CONTROL).text());
            try (RawHttp held = RawHttp.open(b.port())) {
                held.send(RawHttp.get("/delay/300"));
                await().atMost(WAIT).until(() -> b.inFlight() == 1);
                assertEquals("inflight=1 peak=1\n", fetch(b, HttpBackend.PEAK_CONTROL + "?x=1").text());
                held.socket().setSoLinger(true, 0); // leave with an RST: its answer is not awaited
            }
            await().atMost(WAIT).until(() -> b.inFlight() == 0);
            // The reset answers the figures it found, then the peak starts again from what is in progress.
            assertEquals("inflight=0 peak=1\n", fetch(b, HttpBackend.PEAK_RESET_CONTROL).text());
            assertEquals("inflight=0 peak=0\n", fetch(b, HttpBackend.PEAK_CONTROL).text());
            assertEquals(0, b.peakInFlight());
            // Other paths under /control/peak are ordinary requests.
            assertEquals("s1 conn=", fetch(b, HttpBackend.PEAK_CONTROL + "/other").text().substring(0, 8));
            assertEquals(1, b.peakInFlight());
        }
    }

    @Test
    void aRequestCountsFromItsHeadWhileItsBodyIsStillComing() throws Exception {
        try (HttpBackend b = slow(0); RawHttp c = RawHttp.open(b.port())) {
            c.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\n\r\nab");
            await().atMost(WAIT).until(() -> b.inFlight() == 1);
            c.send("cd");
            assertEquals(200, c.read().status);
            await().atMost(WAIT).until(() -> b.inFlight() == 0);
            assertEquals(1, b.peakInFlight());
        }
    }

    @Test
    void aClientLeavingAHungRequestIsCountedOutAtOnce() throws Exception {
        try (HttpBackend b = slow(0)) {
            try (RawHttp c = RawHttp.open(b.port())) {
                c.send(RawHttp.get("/misbehave/hang"));
                await().atMost(WAIT).until(() -> b.inFlight() == 1);
            }
            // A hung request never ends by itself: only the client's close can have counted it out.
            await().atMost(WAIT).until(() -> b.inFlight() == 0);
            assertEquals(1, b.peakInFlight());
        }
    }

    @Test
    void aClientLeavingDuringTheDelayIsCountedOutAtOnce() throws Exception {
        // The delay is far longer than the wait below: only the close can have ended the request.
        try (HttpBackend b = slow(60_000)) {
            try (RawHttp c = RawHttp.open(b.port())) {
                c.send(RawHttp.get("/"));
                await().atMost(WAIT).until(() -> b.inFlight() == 1);
            }
            await().atMost(WAIT).until(() -> b.inFlight() == 0);
            try (RawHttp c = RawHttp.open(b.port())) {
                c.send(RawHttp.get("/"));
                await().atMost(WAIT).until(() -> b.inFlight() == 1);
                c.socket().setSoLinger(true, 0); // an RST this time
            }
            // The reset connection is gone; the first one waits out its delay to answer (a half-close looks the same).
            await().atMost(WAIT).until(() -> b.inFlight() == 0 && b.openConnections() == 1);
            assertEquals(1, b.peakInFlight());
            assertEquals(0, b.requestsServed());
        }
    }

    @Test
    void aHalfClosingClientIsCountedOutButStillAnswered() throws Exception {
        try (HttpBackend b = slow(300); RawHttp c = RawHttp.open(b.port())) {
            c.send(RawHttp.get("/"));
            await().atMost(WAIT).until(() -> b.inFlight() == 1);
            c.socket().shutdownOutput();
            await().atMost(WAIT).until(() -> b.inFlight() == 0);
            final RawHttp.Response r = c.read();
            assertEquals(200, r.status);
            assertEquals("close", r.header("Connection"));
            assertEquals(1, b.requestsServed());
        }
    }

    @Test
    void aPipelinedRequestReadDuringTheDelayIsAnsweredAfterwardsInOrder() throws Exception {
        try (HttpBackend b = slow(200); RawHttp c = RawHttp.open(b.port())) {
            c.send(RawHttp.get("/") + RawHttp.get("/status/201"));
            assertEquals(200, c.read().status);
            assertEquals(201, c.read().status);
            assertEquals(1, b.peakInFlight(), "one request in progress at a time on a connection");
        }
    }

    @Test
    void malformedRequestsAndHalfSentHeadsAreNotInProgress() throws Exception {
        try (HttpBackend b = slow(0)) {
            try (RawHttp c = RawHttp.open(b.port())) {
                c.send("GET / HTTP/1.1\r\nHost: te");
                assertEquals(400, fetch(b, "/bad path").status);
                assertEquals(0, b.inFlight());
            }
            await().atMost(WAIT).until(() -> b.openConnections() == 0);
            assertEquals(0, b.inFlight());
            assertEquals(0, b.peakInFlight());
        }
    }
}
