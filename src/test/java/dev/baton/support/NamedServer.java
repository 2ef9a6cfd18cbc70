package dev.baton.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny TCP backend on 127.0.0.1: for each connection it writes its name and a newline, then holds the
 * connection until the peer closes it (or {@link #IDLE_TIMEOUT_MS} passes), then closes. One thread per
 * connection; meant for tests that count which server a client reached. Closing it closes every socket.
 *
 * <p>{@link #ask} is the matching client: connect, read the name, close.
 */
public final class NamedServer implements AutoCloseable {
    /** A served connection that stays silent this long is closed, so no test can leave threads behind. */
    static final int IDLE_TIMEOUT_MS = 30_000;
    private static final int CLIENT_TIMEOUT_MS = 5_000;

    private final String name;
    private final ServerSocket socket;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean closed;

    private NamedServer(final String name, final ServerSocket socket) {
        this.name = name;
        this.socket = socket;
    }

    /** Starts a server called {@code name} on an ephemeral port of 127.0.0.1. */
    public static NamedServer start(final String name) throws IOException {
        final ServerSocket socket = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        final NamedServer server = new NamedServer(name, socket);
        final Thread acceptor = new Thread(server::acceptLoop, "named-server-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    public String name() {
        return name;
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** {@code 127.0.0.1:PORT}, for a {@code server} line. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Connections accepted since start. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return open.size();
    }

    private void acceptLoop() {
        while (!closed) {
            final Socket s;
            try {
                s = socket.accept();
            } catch (final IOException e) {
                return;
            }
            accepted.incrementAndGet();
            open.add(s);
            final Thread t = new Thread(() -> serve(s), "named-server-" + name + "-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(final Socket s) {
        try (s) {
            s.setSoTimeout(IDLE_TIMEOUT_MS);
            final OutputStream out = s.getOutputStream();
            out.write((name + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = s.getInputStream();
            final byte[] sink = new byte[512];
            while (in.read(sink) >= 0) {
                // hold the connection until the peer closes it
            }
        } catch (final IOException ignored) {
            // peer reset or idle timeout: the connection is over either way
        } finally {
            open.remove(s);
        }
    }

    /** Connects to {@code port} on 127.0.0.1 and returns the first line read, or throws. */
    public static String ask(final int port) throws IOException {
        return ask(null, port);
    }

    /**
     * Same as {@link #ask(int)} from a given local address ({@code 127.0.0.N}), so that a test can play
     * several clients; null means any.
     */
    public static String ask(final InetAddress from, final int port) throws IOException {
        try (Socket s = new Socket()) {
            if (from != null) {
                s.bind(new InetSocketAddress(from, 0));
            }
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CLIENT_TIMEOUT_MS);
            return readName(s);
        }
    }

    /** Reads the name line from a connected client socket, waiting at most a few seconds. */
    public static String readName(final Socket s) throws IOException {
        s.setSoTimeout(CLIENT_TIMEOUT_MS);
        try {
            final String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
            if (line == null) {
                throw new IOException("closed before a name was sent");
            }
            return line;
        } catch (final SocketTimeoutException e) {
            throw new IOException("no name within " + CLIENT_TIMEOUT_MS + " ms", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (final IOException ignored) {
            // closing anyway
        }
        for (final Socket s : open) {
            try {
                s.close();
            } catch (final IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public String toString() {
        return name + "@" + address();
    }
}
