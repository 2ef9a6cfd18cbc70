package dev.baton.testservers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * An open-loop HTTP/1.1 load client for latency at a fixed rate (bench/latency.sh, issue 17): request {@code i} is
 * due at {@code start + i / rate}, whether or not earlier ones were answered, and its latency counts from that due
 * time, so a proxy that stalls is charged for every request that waited behind the stall (a closed loop such as
 * wrk's would send fewer requests instead and hide it). Requests go over at most {@code connections} connections,
 * one request in flight on each (no pipelining); a request due while every connection is busy waits for one, and
 * that wait is part of its latency. With {@code close}, each request opens its own connection and sends
 * {@code Connection: close}.
 *
 * <p>With {@code warmupSeconds}, the schedule starts that many seconds earlier on the same connections, and the
 * requests due in them are sent and answered but not measured: the measured ones do not pay for opening the
 * connections, nor for the client's own start (its JIT compiling its first requests).
 *
 * <p>With {@code tls}, each connection first makes a TLS handshake (the JDK's engine, any server certificate
 * accepted), due requests waiting for it like for a connect; the bench's warm-up covers it.
 *
 * <p>One thread and one selector; timers have the selector's millisecond granularity, so a request may leave up to
 * about 1 ms after its due time: the same for every proxy measured. Not thread-safe.
 */
final class RateClient {
    /** The command line options. */
    record Options(InetSocketAddress target, int rate, int seconds, int connections, boolean close, String path,
                   int timeoutMs, int warmupSeconds, boolean tls) {
    }

    /** What a run measured: latencies of the 2xx answers in µs, sorted; the other outcomes counted. */
    record Result(int scheduled, long[] latenciesUs, int non2xx, int errors, double seconds) {
        long percentileUs(final double q) {
            if (latenciesUs.length == 0) {
                return -1;
            }
            final int i = (int) Math.ceil(q * latenciesUs.length) - 1;
            return latenciesUs[Math.max(0, Math.min(latenciesUs.length - 1, i))];
        }

        String summary() {
            return String.format(Locale.ROOT,
                "scheduled %d ok %d non2xx %d errors %d p50_ms %.3f p99_ms %.3f p999_ms %.3f max_ms %.3f rps %.0f",
                scheduled, latenciesUs.length, non2xx, errors, percentileUs(0.5) / 1000.0, percentileUs(0.99) / 1000.0,
                percentileUs(0.999) / 1000.0, percentileUs(1.0) / 1000.0, latenciesUs.length / seconds);
        }
    }

    /** One client connection and the request on it. */
    private static final class Conn {
        final SocketChannel channel;
        final SelectionKey key;
        /** The connection's TLS, or null over plain TCP. */
        final TlsWire tls;
        final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        ByteBuffer out;
        long dueNs;
        /** Whether the request in flight is one of the measured ones (not a warm-up one). */
        boolean measured;
        boolean busy;

        Conn(final SocketChannel channel, final SelectionKey key, final TlsWire tls) {
            this.channel = channel;
            this.key = key;
            this.tls = tls;
        }

        int read(final ByteBuffer dst) throws IOException {
            return tls == null ? channel.read(dst) : tls.read(dst);
        }

        /** Writes what it can of {@code src}; true when all of it is on the socket. */
        boolean write(final ByteBuffer src) throws IOException {
            if (tls == null) {
                channel.write(src);
                return !src.hasRemaining();
            }
            tls.write(src);
            return !src.hasRemaining() && !tls.pendingOut();
        }
    }

    private final Options options;
    /** The client TLS context with {@code tls}, else null. */
    private final SSLContext tlsContext;
    private final byte[] request;
    private final long[] latencies;
    /** Requests scheduled in all, warm-up included, and the index of the first measured one. */
    private final int total;
    private final int measuredFrom;
    /** Requests answered or failed, warm-up included. */
    private int finished;
    private int answered;
    private int non2xx;
    private int errors;
    private int open;
    private final ArrayDeque<Conn> idle = new ArrayDeque<>();
    private final ArrayDeque<Conn> busy = new ArrayDeque<>();

    RateClient(final Options options) throws GeneralSecurityException {
        this.options = options;
        this.tlsContext = options.tls() ? TrustAnyCertificate.clientContext("TLS") : null;
        this.request = ("GET " + options.path() + " HTTP/1.1\r\nHost: " + options.target().getHostString() + "\r\n"
            + (options.close() ? "Connection: close\r\n" : "") + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        this.latencies = new long[Math.multiplyExact(options.rate(), options.seconds())];
        this.measuredFrom = Math.multiplyExact(options.rate(), options.warmupSeconds());
        this.total = Math.addExact(measuredFrom, latencies.length);
    }

    /**
     * Sends every scheduled request and waits for each answer (or its timeout); bounded in time. Errors count every
     * request that failed, warm-up ones included; the other outcomes count the measured requests.
     */
    Result run() throws IOException {
        final double intervalNs = 1e9 / options.rate();
        final long timeoutNs = options.timeoutMs() * 1_000_000L;
        try (Selector selector = Selector.open()) {
            final long startNs = System.nanoTime();
            final long endNs = startNs + (options.warmupSeconds() + options.seconds()) * 1_000_000_000L + timeoutNs
                + 1_000_000_000L;
            // Requests [dispatched, next) are due and wait for a connection; request i is due at startNs + i * interval.
            int next = 0;
            int dispatched = 0;
            while (finished < total && System.nanoTime() < endNs) {
                final long now = System.nanoTime();
                while (next < total && startNs + (long) (next * intervalNs) <= now) {
                    next++;
                }
                while (dispatched < next
                    && dispatch(selector, startNs + (long) (dispatched * intervalNs), dispatched >= measuredFrom)) {
                    dispatched++;
                }
                expire(now, timeoutNs);
                final long untilNextNs = next < total ? startNs + (long) (next * intervalNs) - now : 1_000_000L;
                selector.select(Math.max(1L, Math.min(100L, untilNextNs / 1_000_000L)));
                for (final SelectionKey key : selector.selectedKeys()) {
                    handle((Conn) key.attachment());
                }
                selector.selectedKeys().clear();
            }
            errors += total - dispatched;
            for (final Conn c : busy) {
                errors++;
                c.channel.close();
            }
            for (final Conn c : idle) {
                c.channel.close();
            }
            final long[] sorted = Arrays.copyOf(latencies, answered);
            Arrays.sort(sorted);
            return new Result(latencies.length, sorted, non2xx, errors, options.seconds());
        }
    }

    /** Starts the request due at {@code dueNs} on an idle or a new connection; false when none is free. */
    private boolean dispatch(final Selector selector, final long dueNs, final boolean measured) throws IOException {
        Conn c = idle.pollFirst();
        if (c == null) {
            if (open >= options.connections()) {
                return false;
            }
            final SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            final boolean connected = ch.connect(options.target());
            final TlsWire tls;
            if (tlsContext == null) {
                tls = null;
            } else {
                final SSLEngine engine = tlsContext.createSSLEngine(options.target().getHostString(),
                    options.target().getPort());
                engine.setUseClientMode(true);
                engine.beginHandshake();
                tls = new TlsWire(ch, engine);
            }
            c = new Conn(ch, ch.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT), tls);
            c.key.attach(c);
            open++;
        } else {
            c.key.interestOps(SelectionKey.OP_WRITE);
        }
        c.busy = true;
        c.dueNs = dueNs;
        c.measured = measured;
        c.out = ByteBuffer.wrap(request);
        c.in.clear();
        busy.add(c);
        return true;
    }

    private void handle(final Conn c) {
        try {
            if (c.key.isConnectable()) {
                if (!c.channel.finishConnect()) {
                    return;
                }
                c.key.interestOps(SelectionKey.OP_WRITE);
            }
            if (c.tls != null && c.tls.handshaking()) {
                // any readiness moves the handshake on; the request is written once it is done
                final boolean done = c.tls.handshake();
                c.key.interestOps(done || c.tls.pendingOut() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                return;
            }
            if (c.key.isValid() && c.key.isWritable() && c.write(c.out)) {
                c.key.interestOps(SelectionKey.OP_READ);
            }
            if (c.key.isValid() && c.key.isReadable()) {
                read(c);
            }
        } catch (final IOException e) {
            fail(c);
        }
    }

    private void read(final Conn c) throws IOException {
        if (!c.in.hasRemaining()) {
            fail(c);
            return;
        }
        final int n = c.read(c.in);
        final int status = complete(c.in, n < 0);
        if (status == 0) {
            if (n < 0) {
                fail(c);
            }
            return;
        }
        final long us = (System.nanoTime() - c.dueNs) / 1000;
        finished++;
        if (c.measured && status >= 200 && status < 300) {
            latencies[answered++] = us;
        } else if (c.measured) {
            non2xx++;
        }
        busy.remove(c);
        c.busy = false;
        if (options.close() || n < 0 || closes(c.in)) {
            close(c);
        } else {
            c.key.interestOps(0);
            idle.addFirst(c);
        }
    }

    /**
     * The status of the response in {@code in} once it is complete (its head, and a body of Content-Length bytes,
     * or up to the end of the stream without one), else 0; a head whose status is not three digits counts as 1 (not
     * 2xx). Reads the buffer's bytes in place: the client allocates nothing per response, so that its own
     * collections do not stall the requests it times.
     */
    static int complete(final ByteBuffer in, final boolean ended) {
        final byte[] b = in.array();
        final int n = in.position();
        final int headEnd = indexOf(b, 0, n, HEAD_END);
        if (headEnd < 0 || !startsWithIgnoreCase(b, 0, n, HTTP_1)) {
            return 0;
        }
        final int status = n >= 12 && digit(b[9]) && digit(b[10]) && digit(b[11])
            ? (b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0') : 1;
        final long length = contentLength(b, headEnd);
        if (length < 0) {
            return ended ? status : 0;
        }
        return n >= headEnd + 4 + length ? status : 0;
    }

    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
    private static final byte[] HTTP_1 = "http/1.".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CONTENT_LENGTH = "\r\ncontent-length:".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CONNECTION_CLOSE = "\r\nconnection: close".getBytes(StandardCharsets.ISO_8859_1);

    private static boolean digit(final byte c) {
        return c >= '0' && c <= '9';
    }

    /** The Content-Length of the head {@code b[0, headEnd)}, or -1 without one. */
    private static long contentLength(final byte[] b, final int headEnd) {
        final int at = indexOfIgnoreCase(b, 0, headEnd, CONTENT_LENGTH);
        if (at < 0) {
            return -1;
        }
        int i = at + CONTENT_LENGTH.length;
        while (i < headEnd && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        long v = 0;
        boolean any = false;
        for (; i < headEnd && digit(b[i]); i++) {
            v = v * 10 + (b[i] - '0');
            any = true;
        }
        return any ? v : -1;
    }

    /** Whether the response head in {@code in} says {@code Connection: close}. */
    static boolean closes(final ByteBuffer in) {
        final byte[] b = in.array();
        final int headEnd = indexOf(b, 0, in.position(), HEAD_END);
        return indexOfIgnoreCase(b, 0, headEnd < 0 ? in.position() : headEnd, CONNECTION_CLOSE) >= 0;
    }

    private static int indexOf(final byte[] b, final int from, final int to, final byte[] what) {
        outer:
        for (int i = from; i + what.length <= to; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Like indexOf, ignoring ASCII case; {@code what} is lower case. */
    private static int indexOfIgnoreCase(final byte[] b, final int from, final int to, final byte[] what) {
        for (int i = from; i + what.length <= to; i++) {
            if (startsWithIgnoreCase(b, i, to, what)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code b[at, to)} starts with {@code what} (lower case), ignoring ASCII case. */
    private static boolean startsWithIgnoreCase(final byte[] b, final int at, final int to, final byte[] what) {
        if (at + what.length > to) {
            return false;
        }
        for (int j = 0; j < what.length; j++) {
            final int c = b[at + j];
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != what[j]) {
                return false;
            }
        }
        return true;
    }

    /** Requests past their timeout count as errors and lose their connection. */
    private void expire(final long now, final long timeoutNs) {
        while (!busy.isEmpty() && now - busy.peekFirst().dueNs > timeoutNs) {
            fail(busy.peekFirst());
        }
    }

    private void fail(final Conn c) {
        if (c.busy) {
            errors++;
            finished++;
            busy.remove(c);
            c.busy = false;
        }
        idle.remove(c);
        close(c);
    }

    private void close(final Conn c) {
        c.key.cancel();
        try {
            c.channel.close();
        } catch (final IOException e) {
            // closing: nothing left to do
        }
        open--;
    }

    static Options parse(final String[] args) throws TestServers.UsageException {
        InetSocketAddress target = null;
        int rate = 0;
        int seconds = 0;
        int connections = 100;
        boolean close = false;
        String path = "/";
        int timeoutMs = 5000;
        int warmupSeconds = 0;
        boolean tls = false;
        for (int i = 1; i < args.length; i++) {
            final String a = args[i];
            if (a.equals("--close")) {
                close = true;
                continue;
            }
            if (a.equals("--tls")) {
                tls = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new TestServers.UsageException("missing value after " + a);
            }
            final String v = args[++i];
            try {
                switch (a) {
                    case "--target" -> {
                        final int colon = v.lastIndexOf(':');
                        target = new InetSocketAddress(v.substring(0, colon), Integer.parseInt(v.substring(colon + 1)));
                    }
                    case "--rate" -> rate = Integer.parseInt(v);
                    case "--seconds" -> seconds = Integer.parseInt(v);
                    case "--connections" -> connections = Integer.parseInt(v);
                    case "--path" -> path = v;
                    case "--timeout-ms" -> timeoutMs = Integer.parseInt(v);
                    case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(v);
                    default -> throw new TestServers.UsageException("unknown option " + a);
                }
            } catch (final NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new TestServers.UsageException("bad value for " + a + ": " + v);
            }
        }
        if (target == null || rate <= 0 || seconds <= 0 || connections <= 0 || timeoutMs <= 0 || warmupSeconds < 0) {
            throw new TestServers.UsageException("rate needs --target HOST:PORT, --rate N > 0 and --seconds S > 0");
        }
        return new Options(target, rate, seconds, connections, close, path, timeoutMs, warmupSeconds, tls);
    }

    /**
     * {@code rate --target HOST:PORT --rate N --seconds S [--connections N] [--close] [--tls] [--path P]
     * [--warmup-seconds W]}:
     * W unmeasured seconds at the same rate on the same connections first, then S measured ones; prints the summary
     * line of the measured requests.
     */
    static void main(final String[] args) {
        final Options options;
        try {
            options = parse(args);
        } catch (final TestServers.UsageException e) {
            System.err.println("test-servers: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            System.out.println(new RateClient(options).run().summary());
        } catch (final IOException | GeneralSecurityException e) {
            System.err.println("test-servers: " + e.getMessage());
            System.exit(1);
        }
    }
}
