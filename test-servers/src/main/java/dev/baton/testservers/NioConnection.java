package dev.baton.testservers;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One accepted connection of a {@link NioServer}, driven by its selector thread only.
 *
 * <p>A connection has at most one deadline at a time ({@link #deadline(long)}); moving it later costs
 * nothing (the queued timer notices and re-queues itself), so an idle timeout can be pushed back on every
 * read without touching the timer queue.
 */
abstract class NioConnection {
    final NioServer server;
    final SocketChannel channel;
    final SelectionKey key;
    /** 1, 2, 3... in accept order, per server. */
    final long id;

    private int interestOps;
    private boolean closed;

    private boolean hasDeadline;
    private long deadline;
    private boolean queued;
    private long queuedAt;

    NioConnection(final NioServer server, final SocketChannel channel, final SelectionKey key, final long id) {
        this.server = server;
        this.channel = channel;
        this.key = key;
        this.id = id;
    }

    /** Called once, right after registration: set the first interest. */
    abstract void start() throws IOException;

    /** The channel is ready for the given {@link SelectionKey} operations. */
    abstract void onReady(int readyOps) throws IOException;

    /** The deadline set with {@link #deadline(long)} has passed. */
    abstract void onDeadline() throws IOException;

    final void interest(final int ops) {
        if (!closed && ops != interestOps) {
            key.interestOps(ops);
            interestOps = ops;
        }
    }

    final boolean isClosed() {
        return closed;
    }

    /** Sets (or moves) this connection's only deadline, in {@link System#nanoTime()} terms. */
    final void deadline(final long at) {
        hasDeadline = true;
        deadline = at;
        if (!queued || at - queuedAt < 0) {
            queued = true;
            queuedAt = at;
            server.schedule(this, at);
        }
    }

    final void clearDeadline() {
        hasDeadline = false;
    }

    /** A timer queued for {@code at} is due; stale timers (moved or cleared deadlines) fall through here. */
    final void onTimer(final long at, final long now) throws IOException {
        if (closed || !queued || at != queuedAt) {
            return;
        }
        queued = false;
        if (!hasDeadline) {
            return;
        }
        if (deadline - now > 0) {
            deadline(deadline);
            return;
        }
        hasDeadline = false;
        onDeadline();
    }

    /** Closes now: a FIN, or an RST if unread data is left in the socket or SO_LINGER is 0. Idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        hasDeadline = false;
        key.cancel();
        NioServer.closeQuietly(channel);
        server.connectionClosed();
    }
}
