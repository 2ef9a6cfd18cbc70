package dev.baton.testservers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;

/**
 * An open-loop HTTP/1.1 load client for latency at a fixed rate (bench/latency.sh, issue 17): request {@code i} is
 * due at {@code start + i / rate}, whether or not earlier ones were answered, and its latency counts from that due
 * time, so a proxy that stalls is charged for every request that waited behind the stall (a closed loop such as
 * wrk's would send fewer requests instead and hide it). Requests go over at most {@code connections} connections,
 * one request in flight on each (no pipelining); a request due while every connection is busy waits for one, and
 * that wait is part of its latency. With {@code close}, each request opens its own connection and sends
 * {@code Connection: close}.
 *
 * <p>One thread and one selector; timers have the selector's millisecond granularity, so a request may leave up to
 * about 1 ms after its due time: the same for every proxy measured. Not thread-safe.
 */
final class RateClient {
    /** The command line options. */
    record Options(InetSocketAddress target, int rate, int seconds, int connections, boolean close, String path,
                   int timeoutMs, int warmupSeconds) {
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
        final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        ByteBuffer out;
        long dueNs;
        boolean busy;

        Conn(final SocketChannel channel, final SelectionKey key) {
            this.channel = channel;
            this.key = key;
        }
    }

    private final Options options;
    private final byte[] request;
    private final long[] latencies;
    private int answered;
    private int non2xx;
    private int errors;
    private int open;
    private final ArrayDeque<Conn> idle = new ArrayDeque<>();
    private final ArrayDeque<Conn> busy = new ArrayDeque<>();

    RateClient(final Options options) {
        this.options = options;
        this.request = ("GET " + options.path() + " HTTP/1.1\r\nHost: " + options.target().getHostString() + "\r\n"
            + (options.close() ? "Connection: close\r\n" : "") + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        this.latencies = new long[Math.multiplyExact(options.rate(), options.seconds())];
    }

    /** Sends every scheduled request and waits for each answer (or its timeout); bounded in time. */
    Result run() throws IOException {
        final int total = latencies.length;
        final double intervalNs = 1e9 / options.rate();
        final long timeoutNs = options.timeoutMs() * 1_000_000L;
        final ArrayDeque<Long> waiting = new ArrayDeque<>();
        try (Selector selector = Selector.open()) {
            final long startNs = System.nanoTime();
            final long endNs = startNs + options.seconds() * 1_000_000_000L + timeoutNs + 1_000_000_000L;
            int next = 0;
            while (answered + non2xx + errors < total && System.nanoTime() < endNs) {
                final long now = System.nanoTime();
                while (next < total && startNs + (long) (next * intervalNs) <= now) {
                    waiting.add(startNs + (long) (next * intervalNs));
                    next++;
                }
                while (!waiting.isEmpty() && dispatch(selector, waiting.peekFirst())) {
                    waiting.pollFirst();
                }
                expire(now, timeoutNs);
                final long untilNextNs = next < total ? startNs + (long) (next * intervalNs) - now : 1_000_000L;
                selector.select(Math.max(1L, Math.min(100L, untilNextNs / 1_000_000L)));
                for (final SelectionKey key : selector.selectedKeys()) {
                    handle((Conn) key.attachment());
                }
                selector.selectedKeys().clear();
            }
            errors += waiting.size() + (total - next);
            for (final Conn c : busy) {
                errors++;
                c.channel.close();
            }
            for (final Conn c : idle) {
                c.channel.close();
            }
            final long[] sorted = Arrays.copyOf(latencies, answered);
            Arrays.sort(sorted);
            return new Result(total, sorted, non2xx, errors, options.seconds());
        }
    }

    /** Starts the request due at {@code dueNs} on an idle or a new connection; false when none is free. */
    private boolean dispatch(final Selector selector, final long dueNs) throws IOException {
        Conn c = idle.pollFirst();
        if (c == null) {
            if (open >= options.connections()) {
                return false;
            }
            final SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            final boolean connected = ch.connect(options.target());
            c = new Conn(ch, ch.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT));
            c.key.attach(c);
            open++;
        } else {
            c.key.interestOps(SelectionKey.OP_WRITE);
        }
        c.busy = true;
        c.dueNs = dueNs;
        c.out = ByteBuffer.wrap(request);
        c.in.clear();
        busy.add(c);
        return true;
    }

    private void handle(final Conn c) {
        try {
            if (c.key.isConnectable() && c.channel.finishConnect()) {
                c.key.interestOps(SelectionKey.OP_WRITE);
            }
            if (c.key.isValid() && c.key.isWritable()) {
                c.channel.write(c.out);
                if (!c.out.hasRemaining()) {
                    c.key.interestOps(SelectionKey.OP_READ);
                }
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
        final int n = c.channel.read(c.in);
        final int status = complete(c.in, n < 0);
        if (status == 0) {
            if (n < 0) {
                fail(c);
            }
            return;
        }
        final long us = (System.nanoTime() - c.dueNs) / 1000;
        if (status >= 200 && status < 300) {
            latencies[answered++] = us;
        } else {
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
     * or up to the end of the stream without one), else 0.
     */
    static int complete(final ByteBuffer in, final boolean ended) {
        final String text = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
        final int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0 || !text.startsWith("HTTP/1.")) {
            return 0;
        }
        final int status = Integer.parseInt(text.substring(9, 12));
        final long length = contentLength(text.substring(0, headEnd));
        if (length < 0) {
            return ended ? status : 0;
        }
        return in.position() >= headEnd + 4 + length ? status : 0;
    }

    private static long contentLength(final String head) {
        for (final String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                return Long.parseLong(line.substring(15).trim());
            }
        }
        return -1;
    }

    private static boolean closes(final ByteBuffer in) {
        final String text = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1)
            .toLowerCase(Locale.ROOT);
        return text.contains("\r\nconnection: close");
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
        for (int i = 1; i < args.length; i++) {
            final String a = args[i];
            if (a.equals("--close")) {
                close = true;
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
        return new Options(target, rate, seconds, connections, close, path, timeoutMs, warmupSeconds);
    }

    /**
     * {@code rate --target HOST:PORT --rate N --seconds S [--connections N] [--close] [--path P] [--warmup-seconds W]}:
     * an unmeasured run of W seconds at the same rate first (the client's own JIT warm-up), then the measured one;
     * prints its summary line.
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
            if (options.warmupSeconds() > 0) {
                new RateClient(new Options(options.target(), options.rate(), options.warmupSeconds(),
                    options.connections(), options.close(), options.path(), options.timeoutMs(), 0)).run();
            }
            System.out.println(new RateClient(options).run().summary());
        } catch (final IOException e) {
            System.err.println("test-servers: " + e.getMessage());
            System.exit(1);
        }
    }
}
