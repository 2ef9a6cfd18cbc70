package dev.baton.support;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * A bounded HTTP load for tests that change a running baton under traffic: keep-alive clients (each reconnects when
 * answered {@code Connection: close}) and clients that close after each request, sending {@code GET /} until
 * {@link #stop()} or the time limit, whichever comes first. Every non-200 answer, I/O error and refused connection is
 * recorded in {@link #failures()}.
 */
public final class HttpLoad {
    private final long limitNs;
    private final List<Thread> clients = new ArrayList<>();
    private final AtomicBoolean on = new AtomicBoolean(true);
    private final AtomicLong served = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    /** A load that stops by itself after {@code limit}. */
    public HttpLoad(final Duration limit) {
        this.limitNs = limit.toNanos();
    }

    /** Starts {@code keepAlive} keep-alive clients and {@code closing} closing ones against {@code port}. */
    public void start(final int port, final int keepAlive, final int closing) {
        for (int i = 0; i < keepAlive; i++) {
            final Thread t = new Thread(() -> keepAliveClient(port), "ka-" + i);
            t.start();
            clients.add(t);
        }
        for (int i = 0; i < closing; i++) {
            final Thread t = new Thread(() -> closeClient(port), "close-" + i);
            t.start();
            clients.add(t);
        }
    }

    /** Requests answered 200 so far. */
    public long served() {
        return served.get();
    }

    /** What went wrong, one line each. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Waits (at most 5 s) for {@code more} requests to be served from now on, or for a failure. */
    public void awaitServed(final long more) {
        final long target = served.get() + more;
        await().atMost(Duration.ofSeconds(5)).until(() -> served.get() >= target || !failures.isEmpty());
    }

    /** Stops the clients and waits for them. */
    public void stop() throws InterruptedException {
        on.set(false);
        for (final Thread t : clients) {
            t.join(limitNs / 1_000_000);
        }
    }

    private void keepAliveClient(final int port) {
        final long endNs = System.nanoTime() + limitNs;
        RawHttp c = null;
        try {
            while (on.get() && System.nanoTime() < endNs) {
                if (c == null) {
                    c = RawHttp.open(port);
                }
                final RawHttp.Response r = c.send(RawHttp.get("/")).read();
                if (r.status != 200) {
                    failures.add("keep-alive: status " + r.status);
                } else {
                    served.incrementAndGet();
                }
                if ("close".equalsIgnoreCase(r.header("Connection"))) {
                    c.close();
                    c = null;
                }
            }
        } catch (final IOException e) {
            failures.add("keep-alive: " + e);
        } finally {
            closeQuietly(c);
        }
    }

    private void closeClient(final int port) {
        final long endNs = System.nanoTime() + limitNs;
        while (on.get() && System.nanoTime() < endNs) {
            try (RawHttp c = RawHttp.open(port)) {
                final RawHttp.Response r = c.send(RawHttp.get("/", "Connection: close\r\n")).read();
                if (r.status != 200) {
                    failures.add("close: status " + r.status);
                } else {
                    served.incrementAndGet();
                }
            } catch (final ConnectException e) {
                failures.add("refused: " + e);
            } catch (final IOException e) {
                failures.add("close: " + e);
            }
        }
    }

    private static void closeQuietly(final RawHttp c) {
        if (c != null) {
            try {
                c.close();
            } catch (final IOException ignored) {
                // closing anyway
            }
        }
    }
}
