package dev.baton.tcp;

import dev.baton.io.BufferPool;
import dev.baton.io.Endpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * One direction of a TCP stream: bytes read from {@code src} are held in one pooled buffer and written to
 * {@code dst}. Reactor thread only.
 *
 * <p>Contracts: the buffer is taken from the pool when bytes arrive and given back as soon as it is empty,
 * so an idle stream holds no buffer. Backpressure: while the buffer is full, {@code src} is not read; while
 * it holds bytes, {@code dst} has write interest. Half-close: once {@code src} reported end of stream and
 * every byte was written, a FIN is sent to {@code dst}, once. Until {@link #connectDestination} the bytes
 * wait in the buffer (a client may speak before the server connection is up).
 */
final class Pipe {
    private final BufferPool pool;
    private final Endpoint src;
    private Endpoint dst;
    private ByteBuffer buffer;
    private boolean srcEnded;
    private boolean finSent;
    private long bytesRead;
    /** While content is inspected the buffer is kept even when empty, so that fetches always see one. */
    private boolean keep;

    Pipe(final BufferPool pool, final Endpoint src) {
        this.pool = pool;
        this.src = src;
    }

    /** From now on bytes are written to {@code destination}; flushes what was held. */
    void connectDestination(final Endpoint destination) throws IOException {
        this.dst = destination;
        flush();
    }

    /**
     * Reads once from {@code src} into the buffer; the caller then calls {@link #flush()} to forward, so that
     * a failure of either side is told apart. Returns the bytes read: 0 if none, -1 at end of stream.
     * IOException: reading {@code src} failed (the peer reset).
     */
    int read() throws IOException {
        if (srcEnded) {
            src.disable(SelectionKey.OP_READ);
            return -1;
        }
        if (buffer == null) {
            buffer = pool.acquire();
        }
        final int n = src.read(buffer);
        if (n < 0) {
            srcEnded = true;
            src.disable(SelectionKey.OP_READ);
        } else {
            bytesRead += n;
        }
        return n;
    }

    /**
     * Writes held bytes to the destination, if connected, and updates interest (backpressure, buffer return,
     * FIN). Returns the bytes written. IOException: writing the destination failed.
     */
    int flush() throws IOException {
        int written = 0;
        if (dst != null && buffer != null && buffer.position() > 0) {
            buffer.flip();
            written = dst.write(buffer);
            buffer.compact();
        }
        updateInterest();
        return written;
    }

    private void updateInterest() {
        final boolean holding = buffer != null && buffer.position() > 0;
        if (holding) {
            if (dst != null) {
                dst.enable(SelectionKey.OP_WRITE);
            }
            if (!buffer.hasRemaining() || srcEnded) {
                src.disable(SelectionKey.OP_READ);
            } else {
                src.enable(SelectionKey.OP_READ);
            }
            return;
        }
        if (buffer != null && !keep) {
            pool.release(buffer);
            buffer = null;
        }
        if (dst != null) {
            dst.disable(SelectionKey.OP_WRITE);
        }
        if (!srcEnded) {
            src.enable(SelectionKey.OP_READ);
        } else if (dst != null && !finSent) {
            finSent = true;
            dst.shutdownOutput();
        }
    }

    /**
     * Holds a buffer from now on even while it is empty ({@code true}: content inspection reads {@link #held()}), or
     * lets it go back to the pool again when empty.
     */
    void keepBuffer(final boolean on) {
        keep = on;
        if (on && buffer == null) {
            buffer = pool.acquire();
        }
    }

    /** The bytes read and not yet written, from 0 to the position (fill mode); null when no buffer is held. */
    ByteBuffer held() {
        return buffer;
    }

    /** Whether the buffer is full: the source is not read until the destination takes some. */
    boolean full() {
        return buffer != null && !buffer.hasRemaining();
    }

    /** Whether bytes wait for the destination to take them. */
    boolean holding() {
        return buffer != null && buffer.position() > 0;
    }

    /** True once end of stream was read from the source and the FIN forwarded. */
    boolean isDone() {
        return finSent;
    }

    /** True once the source said end of stream (its bytes may still be in flight). */
    boolean srcEnded() {
        return srcEnded;
    }

    long bytesRead() {
        return bytesRead;
    }

    /** Returns the buffer to the pool; the pipe is unusable afterwards. */
    void release() {
        if (buffer != null) {
            pool.release(buffer);
            buffer = null;
        }
    }
}
