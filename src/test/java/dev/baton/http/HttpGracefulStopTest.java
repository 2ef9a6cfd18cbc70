package dev.baton.http;

import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A graceful stop (SIGTERM) of HTTP traffic as HAProxy's soft stop does it: idle keep-alive clients are
 * closed at once, requests under way finish and their responses say {@code Connection: close}; the stop is
 * over as soon as the last one is, long before {@code hard-stop-after}, and no response is cut.
 */
class HttpGracefulStopTest {
    private static final long HARD_STOP_MS = 20_000;
    private static final int CLIENTS = 20;
    /** Each client's request loop is bounded in count (and in time by the socket timeouts). */
    private static final int MAX_REQUESTS_PER_CLIENT = 5_000;
    /**
     * Each request spends 20 ms at the server, so that requests are under way whenever the stop comes, even when
     * the clients' threads wait for a CPU between two requests on a loaded machine.
     */
    private static final String IN_FLIGHT_PATH = "/delay/20/size/20000";

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private HttpBackend backend;
    private RunningDaemon running;

    @AfterEach
    void tearDown() throws Exception {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), "client threads still running");
        if (running != null) {
            running.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private void start() throws Exception {
        backend = HttpBackend.start(new HttpBackend.Options().name("s1"));
        running = RunningDaemon.start(HttpConfigs.listen(2, "timeout http-keep-alive 60s", "timeout client 60s",
            HttpConfigs.server("s1", backend.port())));
    }

    @Test
    void idleKeepAliveClientsAreClosedAtOnce() throws Exception {
        start();
        final List<RawHttp> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            final RawHttp c = RawHttp.open(running.port("fe"));
            assertEquals(200, c.send(RawHttp.get("/")).read().status);
            clients.add(c);
        }

        final long tookMs = running.stop(HARD_STOP_MS);

        assertTrue(tookMs < 5_000, "stop took " + tookMs + " ms: idle keep-alive clients were waited for");
        for (final RawHttp c : clients) {
            assertEquals(-1, c.readByte(), "closed with FIN, nothing more");
            c.close();
        }
    }

    @Test
    void underLoadNoResponseIsCut() throws Exception {
        start();
        final AtomicInteger complete = new AtomicInteger();
        final AtomicInteger cut = new AtomicInteger();
        final AtomicInteger closeAnnounced = new AtomicInteger();
        final List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            loops.add(pool.submit(() -> clientLoop(complete, cut, closeAnnounced)));
        }
        await("load running").atMost(Duration.ofSeconds(20)).until(() -> complete.get() >= 500);

        final long tookMs = running.stop(HARD_STOP_MS);

        for (final Future<?> f : loops) {
            f.get(20, TimeUnit.SECONDS);
        }
        assertEquals(0, cut.get(), "responses cut by the stop (" + complete.get() + " complete)");
        assertTrue(tookMs < 10_000, "stop took " + tookMs + " ms");
        assertTrue(closeAnnounced.get() > 0, "no response announced Connection: close");
    }

    /**
     * Requests on one keep-alive connection until the daemon closes it: at a response boundary (with or
     * without {@code Connection: close} on the last response) is fine; inside a response is a cut.
     */
    private void clientLoop(final AtomicInteger complete, final AtomicInteger cut, final AtomicInteger closeAnnounced) {
        try (RawHttp c = RawHttp.open(running.port("fe"))) {
            for (int i = 0; i < MAX_REQUESTS_PER_CLIENT; i++) {
                try {
                    c.send(RawHttp.get(IN_FLIGHT_PATH));
                } catch (final IOException e) {
                    return; // closed between two requests
                }
                final RawHttp.Response r;
                try {
                    r = c.read();
                } catch (final EOFException e) {
                    if (!e.getMessage().startsWith("connection closed before a response")) {
                        cut.incrementAndGet();
                    }
                    return;
                } catch (final IOException e) {
                    cut.incrementAndGet(); // a reset: whatever was in flight is lost
                    return;
                }
                complete.incrementAndGet();
                if ("close".equalsIgnoreCase(r.header("Connection"))) {
                    closeAnnounced.incrementAndGet();
                    return;
                }
            }
        } catch (final IOException e) {
            cut.incrementAndGet();
        }
    }
}
