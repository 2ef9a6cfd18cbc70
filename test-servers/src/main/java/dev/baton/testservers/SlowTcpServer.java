package dev.baton.testservers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A slow TCP service, for proxies in mode tcp: each connection waits for the client's first bytes, then
 * {@code delayMs} more, then gets the reply line {@code <name>\n} and a FIN. Whatever the client sends is read and
 * discarded. One selector thread; the waits are deadlines of its timer queue, not threads.
 *
 * <p>Connections in progress are counted ({@link #inFlight()}, {@link #peakInFlight()},
 * {@link #resetPeak()}): a connection counts from its accept until its reply is fully
 * written, or until the client leaves (end of input or reset) before that, which counts it out at once. A proxy
 * holds its server slot at least that long, so the peak never exceeds the proxy's {@code maxconn} unless the
 * proxy does.
 *
 * <p>After the reply the server drains what the client still sends for up to a second, then closes: unread input
 * would otherwise turn the close into an RST that may destroy the reply.
 */
public final class SlowTcpServer extends InFlightServer {
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long delayNanos;
    private final byte[] reply;
    /** Where input is read to be discarded; shared by the connections, used on the selector thread only. */
    private final ByteBuffer discard = ByteBuffer.allocate(4096);
    private volatile long repliesSent;
    private volatile long clientsGone;

    private SlowTcpServer(final Options options) throws IOException {
        super("slowtcp", options);
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(options.delayMs);
        this.reply = (options.name() + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Binds and starts serving; the port is bound when this returns. */
    public static SlowTcpServer start(final Options options) throws IOException {
        final SlowTcpServer server = new SlowTcpServer(options);
        server.startLoop();
        return server;
    }

    /** Replies fully written since start. */
    public long repliesSent() {
        return repliesSent;
    }

    /**
     * Connections closed before their reply was written: their client left (end of input or reset), or the
     * server was closed meanwhile.
     */
    public long clientsGone() {
        return clientsGone;
    }

    @Override
    NioConnection accepted(final SocketChannel channel, final SelectionKey key, final long id) {
        return new SlowConnection(channel, key, id);
    }

    /** Settings of a slow TCP server; every one is optional. Setters validate and return {@code this}. */
    public static final class Options extends ListenOptions<Options> {
        private long delayMs;

        /** Defaults: named {@code slowtcp}, on an ephemeral port of 127.0.0.1, replying as soon as bytes arrive. */
        public Options() {
            super("slowtcp");
        }

        @Override
        Options self() {
            return this;
        }

        /** How long after a connection's first bytes its reply is sent; at most one hour. */
        public Options delayMs(final long value) {
            if (HttpBackend.nonNegative("delayMs", value) > TimeUnit.HOURS.toMillis(1)) {
                throw new IllegalArgumentException("delayMs must be at most one hour: " + value);
            }
            delayMs = value;
            return this;
        }

        public long delayMs() {
            return delayMs;
        }
    }

    private enum State { AWAIT_BYTES, DELAY, WRITE, LINGER }

    private final class SlowConnection extends NioConnection {
        private final ByteBuffer out = ByteBuffer.wrap(reply).asReadOnlyBuffer();
        private State state = State.AWAIT_BYTES;
        /** Counted in {@link #inFlight()} until the reply is written or the client leaves. */
        private boolean counted;

        SlowConnection(final SocketChannel channel, final SelectionKey key, final long id) {
            super(SlowTcpServer.this, channel, key, id);
        }

        @Override
        void start() {
            counted = true;
            began();
            interest(SelectionKey.OP_READ);
        }

        @Override
        void onReady(final int readyOps) throws IOException {
            if ((readyOps & SelectionKey.OP_READ) != 0) {
                final boolean gotBytes = drain();
                if (isClosed()) {
                    return;
                }
                if (gotBytes && state == State.AWAIT_BYTES) {
                    state = State.DELAY;
                    if (delayNanos > 0) {
                        deadline(System.nanoTime() + delayNanos);
                    } else {
                        state = State.WRITE;
                    }
                }
            }
            if (state == State.WRITE) {
                write();
            }
        }

        /** Reads and discards what is there; true if any byte came. Closes on end of input. */
        private boolean drain() throws IOException {
            boolean any = false;
            int n;
            do {
                discard.clear();
                n = channel.read(discard);
                any |= n > 0;
            } while (n > 0);
            if (n < 0) {
                close();
            }
            return any;
        }

        private void write() throws IOException {
            channel.write(out);
            if (out.hasRemaining()) {
                interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            repliesSent++;
            countOut();
            channel.shutdownOutput();
            state = State.LINGER;
            deadline(System.nanoTime() + LINGER_NANOS);
            interest(SelectionKey.OP_READ);
        }

        @Override
        void onDeadline() throws IOException {
            if (state == State.DELAY) {
                state = State.WRITE;
                write();
            } else if (state == State.LINGER) {
                close();
            }
        }

        private void countOut() {
            if (counted) {
                counted = false;
                ended();
            }
        }

        /** Any close before the reply (the client's end of input or reset) counts the connection out at once. */
        @Override
        void close() {
            if (counted) {
                clientsGone++;
                countOut();
            }
            super.close();
        }
    }
}
