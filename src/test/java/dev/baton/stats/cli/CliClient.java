package dev.baton.stats.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A runtime API client for tests: connects to a unix or TCP stats socket, sends text, and reads with a
 * deadline (never blocks longer than it). Single-threaded.
 */
final class CliClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean ended;

    private CliClient(final SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    static CliClient unix(final Path socket) throws IOException {
        final SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return new CliClient(ch);
    }

    static CliClient tcp(final int port) throws IOException {
        return new CliClient(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
    }

    /**
     * {@code show stat} on {@code socket}: every row by {@code pxname/svname} ({@code be/BACKEND}, {@code be/s1}),
     * each with the cells of the columns {@code names}, in that order.
     */
    static java.util.Map<String, java.util.Map<String, String>> stat(final Path socket,
                                                                      final java.util.List<String> names)
        throws IOException {
        final String[] lines = exchange(socket, "show stat").split("\n");
        final java.util.List<String> header = java.util.Arrays.asList(lines[0].substring(2).split(",", -1));
        final java.util.Map<String, java.util.Map<String, String>> out = new java.util.LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            final String[] f = lines[i].split(",", -1);
            if (f.length < 2) {
                continue;
            }
            final java.util.Map<String, String> row = new java.util.LinkedHashMap<>();
            for (final String n : names) {
                row.put(n, f[header.indexOf(n)]);
            }
            out.put(f[0] + "/" + f[1], row);
        }
        return out;
    }

    /** Sends {@code line} and a newline, reads until the server closes; what it answered. */
    static String exchange(final Path socket, final String line) throws IOException {
        try (CliClient c = unix(socket)) {
            c.send(line + "\n");
            return c.readToEnd();
        }
    }

    /** Sends {@code text} as it is. */
    void send(final String text) throws IOException {
        final ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (buf.hasRemaining()) {
            if (channel.write(buf) == 0 && System.nanoTime() - deadline > 0) {
                throw new AssertionError("could not send within " + TIMEOUT);
            }
        }
    }

    /** Closes the sending side. */
    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Everything until the server closes. */
    String readToEnd() throws IOException {
        readUntil(s -> false);
        return text();
    }

    /** Reads until what was received (since the start) ends with {@code suffix}; returns it all and forgets it. */
    String readUntilEndsWith(final String suffix) throws IOException {
        final String all = readUntil(s -> s.endsWith(suffix));
        if (!all.endsWith(suffix)) {
            throw new AssertionError("connection ended before '" + suffix + "'; got: " + all);
        }
        received.reset();
        return all;
    }

    /** What arrived so far, without waiting. */
    String poll() throws IOException {
        final ByteBuffer buf = ByteBuffer.allocate(8192);
        int n;
        while ((n = channel.read(buf.clear())) > 0) {
            received.write(buf.array(), 0, n);
        }
        ended |= n < 0;
        return text();
    }

    /** True once the server closed the connection. */
    boolean ended() {
        return ended;
    }

    /**
     * Reads until {@code done} holds for what was received or the server closes; fails after
     * {@link #TIMEOUT}.
     */
    private String readUntil(final Predicate<String> done) throws IOException {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        final ByteBuffer buf = ByteBuffer.allocate(8192);
        while (!ended && !done.test(text())) {
            final long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                throw new AssertionError("no answer within " + TIMEOUT + "; got: " + text());
            }
            selector.select(leftMs);
            selector.selectedKeys().clear();
            int n;
            try {
                while ((n = channel.read(buf.clear())) > 0) {
                    received.write(buf.array(), 0, n);
                }
            } catch (final IOException e) {
                n = -1;
            }
            if (n < 0) {
                ended = true;
            }
        }
        return text();
    }

    private String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
