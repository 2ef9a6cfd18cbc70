package dev.baton.testservers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A listening socket served by one selector thread: accepts connections, dispatches readiness events to
 * their {@link NioConnection}, and runs their deadlines from a timer queue, so that a delay or an idle
 * timeout never blocks any other connection.
 *
 * <p>Everything but {@link #close()} and the counters runs on the selector thread. The counters are
 * volatile and written by that thread only, so tests on other threads may read them at any time.
 */
public abstract sealed class NioServer implements AutoCloseable permits InFlightServer, TcpEchoServer,
        AgentServer, SmtpServer, LdapServer {
    /** Connections accepted per wake-up at most, so that a connection storm cannot starve the others. */
    private static final int ACCEPTS_PER_WAKEUP = 256;
    private static final int BACKLOG = 4096;

    private final String kind;
    private final String name;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final InetSocketAddress address;
    private final Thread thread;
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();

    private volatile boolean stopping;
    /** The listener was ready in this wake-up; its accepts wait until the other events are handled. */
    private boolean acceptReady;
    private volatile long connectionsAccepted;
    private volatile int openConnections;

    NioServer(final String kind, final ListenOptions<?> options) throws IOException {
        this.kind = kind;
        this.name = options.name();
        final InetSocketAddress bindTo = new InetSocketAddress(options.host(), options.port());
        if (bindTo.isUnresolved()) {
            throw new IOException("cannot resolve host " + options.host());
        }
        final Selector sel = Selector.open();
        ServerSocketChannel ssc = null;
        try {
            ssc = ServerSocketChannel.open();
            ssc.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ssc.bind(bindTo, BACKLOG);
            ssc.configureBlocking(false);
            ssc.register(sel, SelectionKey.OP_ACCEPT);
            this.address = (InetSocketAddress) ssc.getLocalAddress();
        } catch (IOException | RuntimeException e) {
            closeQuietly(ssc);
            closeQuietly(sel);
            throw new IOException("cannot listen on " + format(bindTo) + ": " + e.getMessage(), e);
        }
        this.listener = ssc;
        this.selector = sel;
        this.thread = new Thread(this::run, "test-servers-" + kind + "-" + name);
        this.thread.setDaemon(true);
    }

    /** Starts the selector thread; called by the factory once the subclass is fully constructed. */
    final void startLoop() {
        thread.start();
    }

    /** The server's name, as given in its options. */
    public final String name() {
        return name;
    }

    /** The bound address; its port is the real one when port 0 was asked for. */
    public final InetSocketAddress address() {
        return address;
    }

    /** The bound port. */
    public final int port() {
        return address.getPort();
    }

    /** Connections accepted since start. */
    public final long connectionsAccepted() {
        return connectionsAccepted;
    }

    /** Connections accepted and not yet closed by either side (as far as this server has noticed). */
    public final int openConnections() {
        return openConnections;
    }

    /** One line for logs and the command line: {@code listening http s1 127.0.0.1:8081}. */
    public final String describe() {
        return "listening " + kind + " " + name + " " + format(address);
    }

    @Override
    public String toString() {
        return kind + " " + name + " " + format(address);
    }

    /**
     * Stops accepting, closes every connection and the listening socket, and waits for the selector
     * thread to end. Idempotent and safe from any thread; once it returns the port is free again.
     */
    @Override
    public final void close() {
        if (closeRequested.compareAndSet(false, true)) {
            stopping = true;
            selector.wakeup();
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Creates the connection object for a freshly accepted, non-blocking, registered channel. */
    abstract NioConnection accepted(SocketChannel channel, SelectionKey key, long id) throws IOException;

    final long nextConnectionOpened() {
        openConnections++;
        return ++connectionsAccepted;
    }

    final void connectionClosed() {
        openConnections--;
    }

    final void schedule(final NioConnection connection, final long at) {
        timers.add(new Timer(at, connection));
    }

    private void run() {
        try {
            while (!stopping) {
                final long timeoutMs = nextTimeoutMillis(System.nanoTime());
                if (timeoutMs < 0) {
                    selector.select(this::dispatch);
                } else if (timeoutMs == 0) {
                    selector.selectNow(this::dispatch);
                } else {
                    selector.select(this::dispatch, timeoutMs);
                }
                runTimers(System.nanoTime());
                if (acceptReady) {
                    acceptReady = false;
                    acceptSome();
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            if (!stopping) {
                System.err.println(this + ": selector loop failed: " + e);
                e.printStackTrace();
            }
        } finally {
            shutdown();
        }
    }

    private void dispatch(final SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.channel() == listener) {
            // Accepted last: a closing connection and a new one that arrive together (a proxy handing a freed
            // slot on) are seen in that order, so a server's in-flight peak never counts both for an instant.
            acceptReady = true;
            return;
        }
        final NioConnection connection = (NioConnection) key.attachment();
        try {
            connection.onReady(key.readyOps());
        } catch (IOException | RuntimeException e) {
            failed(connection, e);
        }
    }

    /** An I/O error is the peer's doing (reset, gone): close quietly. Anything else is a bug: say so. */
    private void failed(final NioConnection connection, final Exception e) {
        if (e instanceof RuntimeException) {
            System.err.println(this + ": connection " + connection.id + " failed: " + e);
            e.printStackTrace();
        }
        connection.close();
    }

    private void acceptSome() {
        for (int i = 0; i < ACCEPTS_PER_WAKEUP && !stopping; i++) {
            final SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                // Out of descriptors, most likely: try again on the next wake-up.
                System.err.println(this + ": accept failed: " + e);
                return;
            }
            if (channel == null) {
                return;
            }
            NioConnection connection = null;
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                final SelectionKey key = channel.register(selector, 0);
                connection = accepted(channel, key, nextConnectionOpened());
                key.attach(connection);
                connection.start();
            } catch (IOException | RuntimeException e) {
                if (connection != null) {
                    failed(connection, e);
                } else {
                    // The peer is already gone, or registration failed: drop this one, serve the rest.
                    closeQuietly(channel);
                }
            }
        }
    }

    private long nextTimeoutMillis(final long now) {
        final Timer next = timers.peek();
        if (next == null) {
            return -1;
        }
        final long waitNanos = next.at - now;
        if (waitNanos <= 0) {
            return 0;
        }
        // Round up: waking early would only spin until the deadline is reached.
        return (waitNanos + TimeUnit.MILLISECONDS.toNanos(1) - 1) / TimeUnit.MILLISECONDS.toNanos(1);
    }

    private void runTimers(final long now) {
        Timer next;
        while ((next = timers.peek()) != null && next.at - now <= 0) {
            timers.poll();
            final NioConnection connection = next.connection;
            try {
                connection.onTimer(next.at, now);
            } catch (IOException | RuntimeException e) {
                failed(connection, e);
            }
        }
    }

    private void shutdown() {
        final List<NioConnection> connections = new ArrayList<>();
        try {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof NioConnection connection) {
                    connections.add(connection);
                }
            }
        } catch (RuntimeException e) {
            // The selector is already closed: nothing left to find.
        }
        connections.forEach(NioConnection::close);
        timers.clear();
        closeQuietly(listener);
        // Closing the selector deregisters every channel, which is when NIO really closes their sockets.
        closeQuietly(selector);
    }

    static String format(final InetSocketAddress address) {
        final String host = address.getAddress() != null
                ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    static void closeQuietly(final AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Nothing useful to do while tearing down.
        }
    }

    /**
     * Where a server listens and what it is called; the settings common to every kind of server.
     * Setters validate and return the options themselves, for chaining.
     */
    public abstract static class ListenOptions<O extends ListenOptions<O>> {
        static final int MAX_NAME_LENGTH = 64;

        private String name;
        private String host = "127.0.0.1";
        private int port;

        ListenOptions(final String defaultName) {
            this.name = defaultName;
        }

        /** Copies the common settings of {@code other}. */
        final void copyFrom(final ListenOptions<?> other) {
            name = other.name;
            host = other.host;
            port = other.port;
        }

        abstract O self();

        /** Letters, digits, {@code . _ -}; at most 64 characters. */
        public final O name(final String value) {
            name = validName(value);
            return self();
        }

        /** Address to bind; default {@code 127.0.0.1}. */
        public final O host(final String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("host must not be empty");
            }
            host = value;
            return self();
        }

        /** Port to bind, 0 (the default) for any free one. */
        public final O port(final int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535: " + value);
            }
            port = value;
            return self();
        }

        public final String name() {
            return name;
        }

        public final String host() {
            return host;
        }

        public final int port() {
            return port;
        }
    }

    static String validName(final String value) {
        if (value == null || value.isEmpty() || value.length() > ListenOptions.MAX_NAME_LENGTH || !value.chars()
                .allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-'))) {
            throw new IllegalArgumentException("name must be 1 to " + ListenOptions.MAX_NAME_LENGTH
                    + " letters, digits, '.', '_' or '-': '" + value + "'");
        }
        return value;
    }

    private static final class Timer implements Comparable<Timer> {
        final long at;
        final NioConnection connection;

        Timer(final long at, final NioConnection connection) {
            this.at = at;
            this.connection = connection;
        }

        @Override
        public int compareTo(final Timer other) {
            return Long.compare(at - other.at, 0);
        }
    }
}
