package dev.baton.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;

/**
 * An {@link Endpoint} in memory, for driving protocol code without a socket: the test plays the peer
 * ({@link #feed}, {@link #peerCloses}, {@link #written}) and says when the endpoint is ready
 * ({@link #fireReady}), which calls the handler with the ready part of its interest. Writes take at most
 * {@link #writeBudget} bytes (a slow peer), reads what was fed. One thread (the test's, playing the reactor).
 */
public final class MemoryEndpoint implements Endpoint {
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private ByteBuffer inbound = ByteBuffer.allocate(0);
    private boolean peerClosed;
    private boolean peerReset;
    private EndpointHandler handler;
    /** As an accepted client: registered for reads. */
    private int interestOps = SelectionKey.OP_READ;
    private int writeBudget = Integer.MAX_VALUE;
    private boolean outputShut;
    private boolean closed;
    private boolean aborted;

    public MemoryEndpoint(final InetSocketAddress remote, final InetSocketAddress local) {
        this.remote = remote;
        this.local = local;
    }

    /** The peer sends {@code text} (ISO-8859-1). */
    public MemoryEndpoint feed(final String text) {
        final byte[] add = text.getBytes(StandardCharsets.ISO_8859_1);
        final ByteBuffer b = ByteBuffer.allocate(inbound.remaining() + add.length);
        b.put(inbound).put(add).flip();
        inbound = b;
        return this;
    }

    /** The peer sends FIN after what it fed. */
    public void peerCloses() {
        peerClosed = true;
    }

    /** The peer resets the connection: the next read fails as a reset socket's does. */
    public void peerResets() {
        peerReset = true;
    }

    /** How many more bytes the peer takes (Integer.MAX_VALUE: any). */
    public void writeBudget(final int bytes) {
        writeBudget = bytes;
    }

    /** Tells the handler the endpoint is ready for what it is interested in (readable only if bytes wait). */
    public void fireReady() {
        int ready = interestOps & SelectionKey.OP_WRITE;
        if ((interestOps & SelectionKey.OP_READ) != 0 && (inbound.hasRemaining() || peerClosed || peerReset)) {
            ready |= SelectionKey.OP_READ;
        }
        if (ready != 0 && !closed) {
            handler.onReady(this, ready);
        }
    }

    /**
     * Fires readiness again and again, as a level-triggered selector would, until the handler no longer
     * changes what the endpoint shows (interest, bytes written or read, closed); at most 64 times.
     */
    public void settle() {
        for (int i = 0; i < 64 && !closed; i++) {
            final int before = interestOps;
            final int writtenBefore = written.size();
            final int unreadBefore = inbound.remaining();
            final boolean shutBefore = outputShut;
            fireReady();
            if (before == interestOps && writtenBefore == written.size() && unreadBefore == inbound.remaining()
                && shutBefore == outputShut && !(peerClosed && (interestOps & SelectionKey.OP_READ) != 0)) {
                return;
            }
        }
    }

    /** Everything written so far, and forgets it. */
    public String takeWritten() {
        final String s = written.toString(StandardCharsets.ISO_8859_1);
        written.reset();
        return s;
    }

    public boolean isOutputShut() {
        return outputShut;
    }

    public boolean isAborted() {
        return aborted;
    }

    @Override
    public int read(final ByteBuffer dst) throws IOException {
        if (closed) {
            return -1;
        }
        if (peerReset) {
            throw new IOException("Connection reset by peer");
        }
        if (!inbound.hasRemaining()) {
            return peerClosed ? -1 : 0;
        }
        final int n = Math.min(dst.remaining(), inbound.remaining());
        final int limit = inbound.limit();
        inbound.limit(inbound.position() + n);
        dst.put(inbound);
        inbound.limit(limit);
        return n;
    }

    @Override
    public int write(final ByteBuffer src) throws IOException {
        if (closed || outputShut) {
            throw new IOException("write after close");
        }
        final int n = Math.min(src.remaining(), writeBudget);
        final byte[] b = new byte[n];
        src.get(b);
        written.write(b, 0, n);
        if (writeBudget != Integer.MAX_VALUE) {
            writeBudget -= n;
        }
        return n;
    }

    @Override
    public void interest(final int ops) {
        interestOps = ops;
    }

    @Override
    public int interestOps() {
        return interestOps;
    }

    @Override
    public void shutdownOutput() {
        outputShut = true;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public void abort() {
        aborted = true;
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void handler(final EndpointHandler h) {
        this.handler = h;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }
}
