package dev.baton.testservers;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client that holds many idle keep-alive connections, for measuring what an idle client connection costs
 * a proxy: it opens {@code connections} connections (non-blocking connects, at most {@code maxPending} of
 * them connecting or waiting for their response at a time), sends one keep-alive {@code GET} on each and
 * reads its whole response, prints {@code holding N} once every connection is idle (or has failed), keeps
 * them open for {@code seconds} (or until {@link #stop()}), then closes them all.
 *
 * <p>A connection fails when it cannot connect, when its response is not a complete 2xx or 3xx response
 * framed by {@code Content-Length} on a connection the server keeps open, when it takes longer than
 * {@code timeoutMs} to get there, or when the server closes it while it is held. Failures are counted by
 * reason and printed as {@code failed <count> <reason>} lines.
 *
 * <p>One thread (the caller of {@link #run()}) does everything; {@link #stop()} may be called from any thread.
 */
public final class HoldClient {
    /** Response heads larger than this fail the connection. */
    private static final int MAX_HEAD = 16 * 1024;
    /** Connections opened per loop turn at most, so that replies are read between bursts of connects. */
    private static final int CONNECTS_PER_TURN = 64;

    /** What to do; the command line's options. */
    public static final class Options {
        private String host = "127.0.0.1";
        private int port;
        private int connections = 1;
        private long seconds;
        private String path = "/";
        private int maxPending = 256;
        private long timeoutMs = 10_000;

        public Options target(final String targetHost, final int targetPort) {
            this.host = targetHost;
            this.port = targetPort;
            return this;
        }

        public Options connections(final int n) {
            this.connections = n;
            return this;
        }

        /** How long to hold the idle connections; 0 closes them as soon as all are idle. */
        public Options seconds(final long s) {
            this.seconds = s;
            return this;
        }

        public Options path(final String p) {
            this.path = p;
            return this;
        }

        /** Connections connecting or waiting for their response at the same time, at most. */
        public Options maxPending(final int n) {
            this.maxPending = n;
            return this;
        }

        /** Time a connection has to connect and get its whole response. */
        public Options timeoutMs(final long ms) {
            this.timeoutMs = ms;
            return this;
        }
    }

    private enum State { CONNECTING, WRITING, READING, IDLE }

    /** One connection, driven by the loop thread only. */
    private final class Conn {
        final SocketChannel channel;
        final long startedAt;
        SelectionKey key;
        State state = State.CONNECTING;
        ByteBuffer buffer;
        long bodyLeft = -1;

        Conn(final SocketChannel channel, final long startedAt) {
            this.channel = channel;
            this.startedAt = startedAt;
        }
    }

    private final Options options;
    private final PrintStream out;
    private final InetSocketAddress target;
    private final byte[] request;
    private final ByteBuffer scratch = ByteBuffer.allocate(16 * 1024);
    private final Selector selector;
    private final Set<Conn> pending = new LinkedHashSet<>();
    private final List<Conn> idle = new ArrayList<>();
    private final Map<String, Integer> failures = new TreeMap<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile int held;
    private int opened;
    private int failed;

    public HoldClient(final Options options, final PrintStream out) throws IOException {
        this.options = options;
        this.out = out;
        this.target = new InetSocketAddress(options.host, options.port);
        if (target.isUnresolved()) {
            throw new IOException("cannot resolve host " + options.host);
        }
        this.request = ("GET " + options.path + " HTTP/1.1\r\nHost: " + options.host + ":" + options.port
                + "\r\nUser-Agent: test-servers-hold\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        this.selector = Selector.open();
    }

    /** Ends the hold early (or the opening phase): {@link #run()} closes everything and returns. */
    public void stop() {
        stopRequested = true;
        selector.wakeup();
    }

    /** Connections idle and held right now. */
    public int held() {
        return held;
    }

    /** Waits up to the given time for {@link #run()} to have returned. */
    public boolean awaitFinished(final long timeout, final TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    /** Opens, holds and closes the connections; returns the exit status: 0, or 1 if any connection failed. */
    public int run() {
        try {
            long holdUntil = 0;
            boolean announced = false;
            while (!stopRequested) {
                openMore();
                selector.select(100);
                final Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    final SelectionKey key = keys.next();
                    keys.remove();
                    final Conn conn = (Conn) key.attachment();
                    if (key.isValid()) {
                        onReady(conn);
                    }
                }
                final long now = System.nanoTime();
                expire(now);
                if (!announced && held + failed == options.connections) {
                    announced = true;
                    out.println("holding " + held);
                    printFailures();
                    out.flush();
                    holdUntil = now + TimeUnit.SECONDS.toNanos(options.seconds);
                }
                if (announced && now - holdUntil >= 0) {
                    break;
                }
            }
        } catch (IOException e) {
            fail(null, "selector: " + e.getMessage());
        } finally {
            closeAll();
        }
        out.println("closed " + opened + ", failed " + failed);
        printFailures();
        out.flush();
        finished.countDown();
        return failed > 0 ? 1 : 0;
    }

    private void openMore() {
        for (int i = 0; i < CONNECTS_PER_TURN && opened < options.connections
                && pending.size() < options.maxPending; i++) {
            opened++;
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                final Conn conn = new Conn(channel, System.nanoTime());
                conn.key = channel.register(selector, 0, conn);
                pending.add(conn);
                if (channel.connect(target)) {
                    connected(conn);
                } else {
                    conn.key.interestOps(SelectionKey.OP_CONNECT);
                }
            } catch (IOException e) {
                NioServer.closeQuietly(channel);
                fail(null, "connect: " + e.getMessage());
            }
        }
    }

    private void onReady(final Conn conn) {
        try {
            switch (conn.state) {
                case CONNECTING -> {
                    if (conn.channel.finishConnect()) {
                        connected(conn);
                    }
                }
                case WRITING -> write(conn);
                case READING -> read(conn);
                case IDLE -> readWhileIdle(conn);
                default -> throw new IllegalStateException(conn.state.toString());
            }
        } catch (IOException e) {
            fail(conn, (conn.state == State.CONNECTING ? "connect: " : "") + e.getMessage());
        }
    }

    private void connected(final Conn conn) throws IOException {
        conn.state = State.WRITING;
        conn.buffer = ByteBuffer.wrap(request);
        write(conn);
    }

    private void write(final Conn conn) throws IOException {
        conn.channel.write(conn.buffer);
        if (conn.buffer.hasRemaining()) {
            conn.key.interestOps(SelectionKey.OP_WRITE);
            return;
        }
        conn.state = State.READING;
        conn.buffer = ByteBuffer.allocate(MAX_HEAD);
        conn.key.interestOps(SelectionKey.OP_READ);
    }

    private void read(final Conn conn) throws IOException {
        final ByteBuffer in = conn.bodyLeft < 0 ? conn.buffer : scratch.clear();
        final int n = conn.channel.read(in);
        if (n < 0) {
            fail(conn, "closed by the server before the end of the response");
            return;
        }
        if (conn.bodyLeft < 0) {
            final int headEnd = headEnd(in);
            if (headEnd < 0) {
                if (!in.hasRemaining()) {
                    fail(conn, "response head over " + MAX_HEAD + " bytes");
                }
                return;
            }
            final String problem = parseHead(conn, new String(in.array(), 0, headEnd, StandardCharsets.ISO_8859_1));
            if (problem != null) {
                fail(conn, problem);
                return;
            }
            conn.bodyLeft -= in.position() - headEnd;
            conn.buffer = null;
        } else {
            conn.bodyLeft -= n;
        }
        if (conn.bodyLeft < 0) {
            fail(conn, "more bytes than the response's Content-Length");
        } else if (conn.bodyLeft == 0) {
            conn.state = State.IDLE;
            pending.remove(conn);
            idle.add(conn);
            held++;
        }
    }

    /** Offset just past the blank line ending the head in {@code in}'s filled part, or -1. */
    private static int headEnd(final ByteBuffer in) {
        final byte[] a = in.array();
        for (int i = 3; i < in.position(); i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Sets the body length from the head; returns why the response cannot be held, or null. */
    private static String parseHead(final Conn conn, final String head) {
        final String[] lines = head.split("\r\n");
        final String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            return "not an HTTP/1.x response: " + lines[0];
        }
        final int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            return "bad status line: " + lines[0];
        }
        if (code < 200 || code >= 400) {
            return "status " + code;
        }
        long length = code == 204 || code == 304 ? 0 : -1;
        for (int i = 1; i < lines.length; i++) {
            final int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            final String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            final String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> {
                    try {
                        length = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        return "bad Content-Length: " + value;
                    }
                }
                case "transfer-encoding" -> {
                    return "Transfer-Encoding in the response (only Content-Length is supported)";
                }
                case "connection" -> {
                    if (value.contains("close")) {
                        return "the server closes the connection (Connection: close)";
                    }
                }
                default -> { }
            }
        }
        if (length < 0) {
            return "no Content-Length in the response";
        }
        conn.bodyLeft = length;
        return null;
    }

    private void readWhileIdle(final Conn conn) throws IOException {
        final int n = conn.channel.read(scratch.clear());
        if (n < 0) {
            fail(conn, "closed by the server while held");
        }
    }

    /** Fails the connections that have been pending longer than the timeout (the oldest come first). */
    private void expire(final long now) {
        final long limit = TimeUnit.MILLISECONDS.toNanos(options.timeoutMs);
        final Iterator<Conn> it = pending.iterator();
        while (it.hasNext()) {
            final Conn conn = it.next();
            if (now - conn.startedAt < limit) {
                return;
            }
            it.remove();
            fail(conn, "no complete response within " + options.timeoutMs + " ms (" + conn.state.toString()
                    .toLowerCase(Locale.ROOT) + ")");
        }
    }

    private void fail(final Conn conn, final String reason) {
        failed++;
        failures.merge(reason, 1, Integer::sum);
        if (conn != null) {
            if (conn.state == State.IDLE) {
                held--;
                idle.remove(conn);
            }
            pending.remove(conn);
            conn.key.cancel();
            NioServer.closeQuietly(conn.channel);
        }
    }

    private void printFailures() {
        failures.forEach((reason, count) -> out.println("failed " + count + " " + reason));
    }

    private void closeAll() {
        pending.forEach(c -> NioServer.closeQuietly(c.channel));
        idle.forEach(c -> NioServer.closeQuietly(c.channel));
        pending.clear();
        idle.clear();
        held = 0;
        NioServer.closeQuietly(selector);
    }

    /** The {@code hold} command line: {@code args[0]} is "hold". Exits the JVM. */
    static void main(final String[] args) {
        final Options options;
        try {
            options = parse(args);
        } catch (TestServers.UsageException e) {
            System.err.println("test-servers: " + e.getMessage());
            System.err.println("Try 'java -jar test-servers.jar --help'.");
            System.exit(2);
            return;
        }
        final HoldClient client;
        try {
            client = new HoldClient(options, System.out);
        } catch (IOException e) {
            System.err.println("test-servers: " + e.getMessage());
            System.exit(1);
            return;
        }
        final AtomicInteger status = new AtomicInteger(1);
        // SIGTERM or SIGINT ends the hold: the connections are closed and the status is the normal one.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            client.stop();
            try {
                client.awaitFinished(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.flush();
            Runtime.getRuntime().halt(status.get());
        }, "test-servers-hold-shutdown"));
        status.set(client.run());
        System.out.flush();
        Runtime.getRuntime().halt(status.get());
    }

    static Options parse(final String[] args) throws TestServers.UsageException {
        final Options options = new Options();
        boolean hasTarget = false;
        boolean hasConnections = false;
        boolean hasSeconds = false;
        for (int i = 1; i < args.length; i++) {
            final String[] split = TestServers.splitOption(args[i]);
            final String option = split[0];
            String value = split[1];
            if (!List.of("--target", "--connections", "--seconds", "--path", "--max-pending", "--timeout-ms")
                    .contains(option)) {
                throw TestServers.unknownOption(option, "hold");
            }
            if (value == null) {
                value = TestServers.nextValue(args, ++i, option);
            }
            switch (option) {
                case "--target" -> {
                    final int colon = value.lastIndexOf(':');
                    if (colon <= 0) {
                        throw new TestServers.UsageException("--target: expected HOST:PORT: '" + value + "'");
                    }
                    final int port = TestServers.portNumber(option, value.substring(colon + 1));
                    if (port == 0) {
                        throw new TestServers.UsageException("--target: port 0");
                    }
                    options.target(value.substring(0, colon), port);
                    hasTarget = true;
                }
                case "--connections" -> {
                    options.connections(positiveInt(option, value));
                    hasConnections = true;
                }
                case "--seconds" -> {
                    options.seconds(TestServers.number(option, value));
                    hasSeconds = true;
                }
                case "--path" -> {
                    if (!value.startsWith("/") || value.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
                        throw new TestServers.UsageException("--path: must start with / and hold no spaces");
                    }
                    options.path(value);
                }
                case "--max-pending" -> options.maxPending(positiveInt(option, value));
                case "--timeout-ms" -> options.timeoutMs(TestServers.number(option, value));
                default -> throw new IllegalStateException(option);
            }
        }
        if (!hasTarget || !hasConnections || !hasSeconds) {
            throw new TestServers.UsageException("hold needs --target, --connections and --seconds");
        }
        return options;
    }

    private static int positiveInt(final String option, final String value) throws TestServers.UsageException {
        final long n = TestServers.number(option, value);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new TestServers.UsageException(option + ": must be 1 or more: '" + value + "'");
        }
        return (int) n;
    }
}
