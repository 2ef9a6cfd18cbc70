package dev.baton.http;

import dev.baton.pool.ReactorPool;
import dev.baton.support.RawHttp;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two reactors sharing one server's idle connections ({@code http-reuse always}, takeover on): many clients
 * at once, keep-alive and one-shot, then the invariants at quiescence (checked by {@link HttpRig#close}: no
 * session left, every pool counter equal to the lists it counts, nothing counted as used, every socket and
 * buffer back). Also the JDK's own HttpClient, with its keep-alive pool, as a client.
 */
class HttpTwoReactorsTest {
    private static final int CLIENTS = 16;
    private static final int REQUESTS_PER_CLIENT = 150;

    private final HttpRig rig = new HttpRig();
    private final ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);

    @AfterEach
    void tearDown() throws Exception {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        rig.close();
    }

    @Test
    void manyClientsOnTwoReactorsShareTheServerConnections() throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1"));
        rig.start(HttpConfigs.listen(2, "http-reuse always", HttpConfigs.server("s1", b.port())));

        final List<Future<?>> clients = new ArrayList<>();
        for (int k = 0; k < CLIENTS; k++) {
            final boolean oneShot = k % 4 == 0;
            clients.add(threads.submit(() -> {
                RawHttp c = null;
                try {
                    for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                        if (c == null) {
                            c = RawHttp.open(rig.port());
                        }
                        final String path = i % 10 == 0 ? "/size/20000" : "/";
                        final RawHttp.Response r = c.send(oneShot
                            ? RawHttp.get(path, "Connection: close\r\n") : RawHttp.get(path)).read();
                        assertEquals(200, r.status);
                        if (oneShot) {
                            c.close();
                            c = null;
                        }
                    }
                } finally {
                    if (c != null) {
                        c.close();
                    }
                }
                return null;
            }));
        }
        for (final Future<?> f : clients) {
            f.get(60, TimeUnit.SECONDS);
        }

        final int requests = CLIENTS * REQUESTS_PER_CLIENT;
        assertEquals(requests, b.requestsServed());
        long takeovers = 0;
        for (final ReactorPool p : rig.reactorPools()) {
            takeovers += p.reactor().stats().fdTakeovers.get();
        }
        System.out.printf(Locale.ROOT, "two reactors, http-reuse always: %d requests, %d server connections, "
            + "%d takeovers%n", requests, b.connectionsAccepted(), takeovers);
        assertTrue(b.connectionsAccepted() <= CLIENTS * 2, "connections: " + b.connectionsAccepted());
    }

    @Test
    void theJdkHttpClientThroughTheDaemon() throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1"));
        // its pooled connections stay open after the test: the daemon closes them once idle 500 ms
        rig.start(HttpConfigs.listen(2, "timeout http-keep-alive 500ms", HttpConfigs.server("s1", b.port())));
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(threads).build();
        final URI uri = URI.create("http://127.0.0.1:" + rig.port() + "/size/3000");

        final List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            responses.add(client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()));
        }
        for (final Future<HttpResponse<String>> f : responses) {
            final HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertTrue(r.body().startsWith("s1 conn="), r.body());
            assertEquals(r.body().indexOf('\n') + 1 + 3000, r.body().length(), "the first line, then 3000 bytes");
        }
        assertEquals(200, b.requestsServed());
    }
}
