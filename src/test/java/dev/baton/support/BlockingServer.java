package dev.baton.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A purpose-built test backend on 127.0.0.1: a thread accepts, and each connection runs a {@link Handler}
 * on its own thread with plain blocking I/O, so a test decides exactly what the server does (echo, stay
 * silent, half-close, read nothing). Counts connections accepted and open at once; keeps the first error a
 * handler threw for {@link #assertNoFailure()} (a reset is not one: tests assert those from the client side).
 * {@link #close()} closes the listening socket and every connection and waits (bounded) for the threads.
 */
public final class BlockingServer implements AutoCloseable {
    /** What the server does with one accepted connection; the socket is closed when it returns. */
    @FunctionalInterface
    public interface Handler {
        void handle(Socket socket) throws Exception;
    }

    private final ServerSocket listener;
    private final Handler handler;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger maxCurrent = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean closed;

    private BlockingServer(final String name, final Handler handler) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.handler = handler;
        this.threads = Executors.newCachedThreadPool(r -> {
            final Thread t = new Thread(r, "backend-" + name);
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    /** Starts a server; {@code name} names its threads. */
    public static BlockingServer start(final String name, final Handler handler) throws IOException {
        return new BlockingServer(name, handler);
    }

    /** Echoes every byte until the client's FIN, then sends its own FIN (and closes). */
    public static Handler echo() {
        return socket -> {
            final InputStream in = socket.getInputStream();
            final OutputStream out = socket.getOutputStream();
            final byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
            socket.shutdownOutput();
        };
    }

    /** Reads and drops everything until the client's FIN; never sends a byte. */
    public static Handler silent() {
        return socket -> {
            final InputStream in = socket.getInputStream();
            final byte[] buffer = new byte[64 * 1024];
            while (in.read(buffer) >= 0) {
                // dropped
            }
        };
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections whose handler is running now. */
    public int current() {
        return current.get();
    }

    /** The most connections ever open at once. */
    public int maxCurrent() {
        return maxCurrent.get();
    }

    /** Fails with the first exception or assertion error a handler threw, if any. */
    public void assertNoFailure() {
        final Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("backend handler failed", t);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            final Socket socket;
            try {
                socket = listener.accept();
            } catch (final IOException e) {
                return;
            }
            open.add(socket);
            accepted.incrementAndGet();
            maxCurrent.accumulateAndGet(current.incrementAndGet(), Math::max);
            threads.execute(() -> serve(socket));
        }
    }

    private void serve(final Socket socket) {
        try {
            socket.setSoTimeout((int) Sockets.READ_TIMEOUT.toMillis());
            handler.handle(socket);
        } catch (final SocketException e) {
            // reset or closed under it: what the client saw is what the test asserts
        } catch (final Exception | AssertionError e) {
            failure.compareAndSet(null, e);
        } finally {
            current.decrementAndGet();
            open.remove(socket);
            Sockets.closeQuietly(socket);
        }
    }

    @Override
    public void close() {
        closed = true;
        Sockets.closeQuietly(listener);
        for (final Socket s : open) {
            Sockets.closeQuietly(s);
        }
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("backend threads still running 5 s after close");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
