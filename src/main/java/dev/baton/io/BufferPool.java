package dev.baton.io;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A reactor's recycled direct buffers, all of {@code tune.bufsize} bytes. Owner thread only.
 *
 * <p>Buffers are taken when bytes must be held and given back as soon as they are empty, so an idle
 * connection holds none. At most {@code maxRetained} free buffers are kept; beyond that a released
 * buffer is dropped for the GC, which bounds the pool after a burst.
 */
public final class BufferPool {
    private final int bufferSize;
    private final int maxRetained;
    private final ArrayDeque<ByteBuffer> free;
    private int outstanding;

    public BufferPool(final int bufferSize, final int maxRetained) {
        this.bufferSize = bufferSize;
        this.maxRetained = maxRetained;
        this.free = new ArrayDeque<>(Math.min(maxRetained, 1024));
    }

    /** A cleared buffer in fill mode (position 0, limit capacity). */
    public ByteBuffer acquire() {
        outstanding++;
        final ByteBuffer b = free.pollLast();
        return b != null ? b : ByteBuffer.allocateDirect(bufferSize);
    }

    /** Returns a buffer obtained from {@link #acquire()}; the caller must not touch it afterwards. */
    public void release(final ByteBuffer buffer) {
        outstanding--;
        if (free.size() < maxRetained) {
            buffer.clear();
            free.addLast(buffer);
        }
    }

    public int bufferSize() {
        return bufferSize;
    }

    /** Buffers handed out and not yet released (a leak check for tests). */
    public int outstanding() {
        return outstanding;
    }

    public int retained() {
        return free.size();
    }
}
