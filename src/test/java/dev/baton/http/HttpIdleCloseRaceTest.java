package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.counters.Counter;
import dev.baton.support.RawHttp;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reuse race HAProxy cannot avoid either (reference §9.15): the server closes an idle connection just as
 * the daemon reuses it. A backend that closes connections idle for 50 ms, clients whose pauses between
 * requests spread around that, and {@code retry-on conn-failure empty-response}: every dead reused
 * connection is replayed on another, and the clients never see an error, a reset or a missing response.
 */
class HttpIdleCloseRaceTest {
    private final HttpRig rig = new HttpRig();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);

    @AfterEach
    void tearDown() throws Exception {
        scheduler.shutdownNow();
        assertTrue(scheduler.awaitTermination(10, TimeUnit.SECONDS));
        rig.close();
    }

    @Test
    void fiveSecondsOfSteadyLoad() throws Exception {
        run(4, 5_000);
    }

    @Test
    @Tag("slow")
    void tenSecondsOfSteadyLoadOnMoreClients() throws Exception {
        run(12, 10_000);
    }

    /**
     * {@code clients} keep-alive clients on 2 reactors for {@code durationMs}, each waiting 45 to 55 ms
     * (uniformly) after a response before its next request: the connection it then reuses has been idle
     * for about that long, right about when the server closes it.
     */
    private void run(final int clients, final long durationMs) throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1").keepAliveIdleTimeoutMs(50));
        rig.start(HttpConfigs.listen(2, "retry-on conn-failure empty-response", "timeout server 5s",
            HttpConfigs.server("s1", b.port())));
        final long endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMs);
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        final AtomicInteger requests = new AtomicInteger();
        final CompletableFuture<?>[] done = new CompletableFuture<?>[clients];
        for (int i = 0; i < clients; i++) {
            final RawHttp c = rig.client();
            final CompletableFuture<Void> f = new CompletableFuture<>();
            done[i] = f;
            scheduler.execute(new Runnable() {
                @Override
                public void run() {
                    try {
                        final RawHttp.Response r = c.send(RawHttp.get("/")).read();
                        requests.incrementAndGet();
                        if (r.status != 200) {
                            errors.add("status " + r.status);
                        }
                        if (System.nanoTime() - endNs < 0) {
                            scheduler.schedule(this, 45 + ThreadLocalRandom.current().nextInt(11), TimeUnit.MILLISECONDS);
                        } else {
                            f.complete(null);
                        }
                    } catch (final Exception | AssertionError e) {
                        errors.add(e.toString());
                        f.complete(null);
                    }
                }
            });
        }
        CompletableFuture.allOf(done).get(durationMs + 30_000, TimeUnit.MILLISECONDS);

        final Backend be = rig.daemon().backend("fe");
        System.out.printf(Locale.ROOT, "idle-close race, %d clients, %d ms: %d requests, %d server connections, "
                + "%d reused, %d retried, %d response errors%n", clients, durationMs, requests.get(),
            b.connectionsAccepted(), be.counters().get(Counter.REUSES), be.counters().get(Counter.RETRIES),
            be.counters().get(Counter.RESPONSE_ERRORS));
        assertEquals(List.of(), List.copyOf(errors), "what the clients saw go wrong");
        assertTrue(requests.get() >= clients * durationMs / 120, "a steady load: " + requests.get() + " requests");
        assertEquals(requests.get(), b.requestsServed(), "one answer from the server for each request");
    }
}
