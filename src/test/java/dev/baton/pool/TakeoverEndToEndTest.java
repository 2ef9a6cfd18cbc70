package dev.baton.pool;

import dev.baton.support.RunningDaemon;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connection reuse across reactors, end to end: four reactors, fifty HTTP backends, {@code http-reuse
 * always}, and clients that close after every request ({@code Connection: close}), so that every request
 * arrives on a new client connection on whichever reactor accepted it. Nearly every request must still go
 * over an existing server connection, and some of them over one taken from another reactor.
 */
class TakeoverEndToEndTest {
    private static final int SERVERS = 50;
    private static final int CLIENTS = 8;
    private static final int REQUESTS = 30_000;
    private static final long TIME_LIMIT_MS = 40_000;
    /** Fewer requests than this in the time limit tell nothing about reuse. */
    private static final int MEANINGFUL = 15_000;
    private static final byte[] REQUEST =
        "GET / HTTP/1.1\r\nHost: baton\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final List<HttpBackend> backends = new ArrayList<>();

    @AfterEach
    void stopBackends() {
        backends.forEach(HttpBackend::close);
    }

    @Test
    void connectionCloseClientsReuseServerConnectionsAcrossReactors() throws Exception {
        final StringBuilder servers = new StringBuilder();
        for (int i = 0; i < SERVERS; i++) {
            final HttpBackend b = HttpBackend.start(new HttpBackend.Options().name("s" + i));
            backends.add(b);
            servers.append("    server s").append(i).append(" 127.0.0.1:").append(b.port()).append('\n');
        }
        final int port = RunningDaemon.freePort();
        final String config = "global\n"
            + "    nbthread 4\n"
            + "    maxconn 4000\n"
            + "defaults\n"
            + "    mode http\n"
            + "    timeout connect 2s\n"
            + "    timeout client 20s\n"
            + "    timeout server 20s\n"
            + "frontend fe\n"
            + "    bind 127.0.0.1:" + port + "\n"
            + "    default_backend be\n"
            + "backend be\n"
            + "    balance roundrobin\n"
            + "    http-reuse always\n"
            + servers;
        try (RunningDaemon d = RunningDaemon.start(config)) {
            final Load load = run(port);
            final long requests = backends.stream().mapToLong(HttpBackend::requestsServed).sum();
            final long connections = backends.stream().mapToLong(HttpBackend::connectionsAccepted).sum();
            long takeovers = 0;
            for (int i = 0; i < 4; i++) {
                takeovers += d.daemon().reactor(i).stats().fdTakeovers.get();
            }
            final double reuse = 1.0 - (double) connections / requests;
            final String figures = String.format("%d requests in %d ms, %d server connections, reuse %.2f %%,"
                + " %d takeovers", requests, load.elapsedMs, connections, 100 * reuse, takeovers);
            System.out.println("end to end: " + figures);

            assertEquals(List.of(), List.copyOf(load.failures), figures);
            assertEquals(load.answered.get(), requests, "every answer came from a backend: " + figures);
            assertTrue(requests >= MEANINGFUL, "too few requests to judge: " + figures);
            assertTrue(reuse >= 0.99, figures);
            assertTrue(takeovers > 0, figures);
        }
    }

    private static final class Load {
        final AtomicInteger answered = new AtomicInteger();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        long elapsedMs;
    }

    /** {@link #CLIENTS} threads send requests, one connection each, until {@link #REQUESTS} or the time limit. */
    private static Load run(final int port) throws InterruptedException {
        final Load load = new Load();
        final AtomicInteger tickets = new AtomicInteger(REQUESTS);
        final long start = System.nanoTime();
        final long deadline = start + TimeUnit.MILLISECONDS.toNanos(TIME_LIMIT_MS);
        final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        for (int t = 0; t < CLIENTS; t++) {
            pool.execute(() -> {
                final byte[] buffer = new byte[4096];
                while (tickets.getAndDecrement() > 0 && System.nanoTime() - deadline < 0 && load.failures.size() < 5) {
                    try {
                        final String status = ask(port, buffer);
                        if (status.startsWith("HTTP/1.1 200 ")) {
                            load.answered.incrementAndGet();
                        } else {
                            load.failures.add(status);
                        }
                    } catch (final IOException e) {
                        load.failures.add(e.toString());
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(TIME_LIMIT_MS + 10_000, TimeUnit.MILLISECONDS);
        load.elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return load;
    }

    /** One request on a new connection; returns the status line. Closes with RST: no TIME_WAIT piles up. */
    private static String ask(final int port, final byte[] buffer) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoLinger(true, 0);
            s.setSoTimeout(10_000);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            final OutputStream out = s.getOutputStream();
            out.write(REQUEST);
            out.flush();
            final InputStream in = s.getInputStream();
            int length = 0;
            int n;
            while ((n = in.read(buffer, length, buffer.length - length)) > 0) {
                length += n;
                if (length == buffer.length) {
                    break;
                }
            }
            final String head = new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
            final int eol = head.indexOf("\r\n");
            return eol < 0 ? "no status line: '" + head + "'" : head.substring(0, eol);
        }
    }
}
