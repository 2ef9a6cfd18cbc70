package dev.baton.http;

import dev.baton.io.BufferPool;
import dev.baton.io.Endpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * One side of an HTTP session, the client or the server connection in use: its endpoint, an input buffer
 * kept in read mode, an output buffer kept in write mode with a "sent up to" index ({@link IoBuffers}), the
 * end of its input and of our output, and the bytes moved (the traffic counters). Reactor thread only.
 *
 * <p>Buffers come from the reactor's pool when bytes must be held and go back as soon as they are empty, so
 * an idle keep-alive client holds none. The client side gives its output buffer back as soon as all of it is
 * sent ({@code out != null} then means bytes are on their way); the server side keeps the request it sent
 * until the exchange ends, so that it can be replayed on another connection.
 */
final class Side {
    private final BufferPool buffers;
    private final boolean releaseSentOutput;
    /** The endpoint; for the server side, the connection in use, or null between connections. */
    Endpoint endpoint;
    ByteBuffer in;
    ByteBuffer out;
    int outSent;
    /** End of stream (or a read error) on this side's input. */
    boolean eof;
    /** We sent FIN on this side. */
    boolean outputShut;
    /** The last {@link #flush} sent bytes (it may have freed room a copy into {@link #out} lacked). */
    boolean flushed;
    /** Bytes read from and written to this side since the session began. */
    long bytesRead;
    long bytesWritten;
    /** When a byte last moved from or to this side (its timeouts count from here: DESIGN.md rule 5). */
    long activityNs;
    /**
     * {@code option independent-streams} for this side: a write stamps {@link #activityNs} only while bytes still
     * wait for it (its write timeout), so what it sends alone keeps its read timeout alive.
     */
    boolean independent;

    Side(final BufferPool buffers, final boolean releaseSentOutput) {
        this.buffers = buffers;
        this.releaseSentOutput = releaseSentOutput;
    }

    /**
     * Reads what the endpoint has: the bytes read, 0 if none, -1 at end of stream (also noted in {@link #eof});
     * bytes read stamp {@link #activityNs} with {@code nowNs}.
     */
    int fill(final long nowNs) throws IOException {
        if (in == null) {
            in = buffers.acquire();
            in.flip(); // read mode, empty
        }
        final int n = IoBuffers.fill(endpoint, in);
        if (n > 0) {
            bytesRead += n;
            activityNs = nowNs;
        } else if (n < 0) {
            eof = true;
        }
        return n;
    }

    /**
     * Writes pending output: the bytes written (which stamp {@link #activityNs}). The client side's buffer goes
     * back once all is sent.
     */
    int flush(final long nowNs) throws IOException {
        flushed = false;
        if (out == null) {
            return 0;
        }
        int n = 0;
        if (outSent < out.position()) {
            final int before = outSent;
            outSent = IoBuffers.flush(endpoint, out, outSent);
            n = outSent - before;
            bytesWritten += n;
            flushed = n > 0;
            if (flushed && (!independent || outSent < out.position())) {
                activityNs = nowNs;
            }
        }
        if (releaseSentOutput && outSent == out.position()) {
            releaseOutput();
        }
        return n;
    }

    boolean hasInput() {
        return in != null && in.hasRemaining();
    }

    boolean hasPendingOutput() {
        return out != null && outSent < out.position();
    }

    /** True when every byte put in the output was sent (or there is none). */
    boolean outputSent() {
        return out == null || outSent == out.position();
    }

    /** The output buffer, taken from the pool if needed, with room made by dropping sent bytes when full. */
    ByteBuffer output() {
        if (out == null) {
            out = buffers.acquire();
            outSent = 0;
        } else if (!out.hasRemaining()) {
            outSent = IoBuffers.compactSent(out, outSent);
        }
        return out;
    }

    /** The interest this side wants: reads while input may come and has room, writes while output waits. */
    int wantedOps() {
        int ops = 0;
        if (!eof && (in == null || IoBuffers.hasRoom(in))) {
            ops |= SelectionKey.OP_READ;
        }
        if (hasPendingOutput()) {
            ops |= SelectionKey.OP_WRITE;
        }
        return ops;
    }

    /** Sends FIN once. */
    void shutdownOutput() {
        if (!outputShut) {
            outputShut = true;
            endpoint.shutdownOutput();
        }
    }

    /** Drops unread input (a head begun on a dead connection, or what a closing client still sends). */
    void discardInput() {
        if (in != null) {
            in.position(in.limit());
        }
    }

    void releaseInputIfEmpty() {
        if (in != null && !in.hasRemaining()) {
            buffers.release(in);
            in = null;
        }
    }

    void releaseOutput() {
        if (out != null) {
            buffers.release(out);
            out = null;
            outSent = 0;
        }
    }

    /** Gives both buffers back; the side holds nothing afterwards. */
    void release() {
        if (in != null) {
            buffers.release(in);
            in = null;
        }
        releaseOutput();
    }
}
