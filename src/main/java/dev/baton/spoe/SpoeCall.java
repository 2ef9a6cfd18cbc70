package dev.baton.spoe;

import dev.baton.sample.vars.Vars;

import java.nio.ByteBuffer;

/**
 * One stream's exchange with an agent, reused from event to event: the NOTIFY frame it encoded (in its own buffer,
 * so that it can wait for a connection), where it stands ({@link #state}), and what came of it ({@link #status}: 0,
 * or the {@code set-on-error} code). The stream makes one when its first SPOE event comes and keeps it; the agent
 * client and connection of the stream's reactor move it along and tell the {@link Waiter}. Reactor thread only.
 */
public final class SpoeCall {
    /** Told on the stream's reactor thread when the exchange ended (ACK applied, error, or cancelled). */
    public interface Waiter {
        void spoeDone();
    }

    public static final int IDLE = 0;
    /** Waiting for a connection ready to take it. */
    public static final int QUEUED = 1;
    /** Sent; waiting for its ACK. */
    public static final int SENT = 2;
    /** Ended: {@link #status} says how. */
    public static final int DONE = 3;

    final Waiter waiter;
    final ByteBuffer frame;
    int state = IDLE;
    long streamId;
    long frameId;
    /** 0, or what {@code option set-on-error} reports (below 256: the engine's; 256 + N: SPOP status N). */
    public int status;
    /** Where the ACK's actions go. */
    SpoeVarTable table;
    Vars vars;
    /** The connection it was sent on, while {@link #SENT}. */
    SpoeConnection connection;
    /** The client whose queue holds it, while {@link #QUEUED}. */
    SpoeAgentClient client;

    /** A call for frames up to {@code frameSize} bytes (the largest an engine of the stream may send). */
    public SpoeCall(final Waiter waiter, final int frameSize) {
        this.waiter = waiter;
        this.frame = ByteBuffer.allocate(frameSize + 4);
    }

    public int state() {
        return state;
    }

    /** The largest frame (without its length) the call can hold. */
    public int capacity() {
        return frame.capacity() - 4;
    }

    /** The buffer to encode the next NOTIFY into (cleared). */
    public ByteBuffer frameBuffer() {
        frame.clear();
        return frame;
    }

    /**
     * Starts an exchange of the frame encoded in {@link #frameBuffer}: its ACK will act on {@code vars} through
     * {@code table}. Returns 0 (sent or queued; the waiter will be told), or the error code when {@code client} has no
     * connection to offer (nothing will be told).
     */
    public int begin(final SpoeVarTable table, final Vars vars, final long streamId, final long frameId,
                     final SpoeAgentClient client) {
        this.table = table;
        this.vars = vars;
        this.streamId = streamId;
        this.frameId = frameId;
        this.status = 0;
        return client.submit(this);
    }

    /** Ends the exchange with {@code code} (0: the ACK was applied) and tells the stream, unless it already ended. */
    void finish(final int code) {
        if (state == DONE || state == IDLE) {
            return;
        }
        state = DONE;
        status = code;
        connection = null;
        client = null;
        waiter.spoeDone();
    }

    /**
     * The stream gives up ({@code timeout processing}, the stream ended): a queued call leaves its queue, a sent one
     * is forgotten by its connection (a late ACK is dropped); the waiter is not told. Sets {@link #status}.
     */
    public void cancel(final int code) {
        if (state == QUEUED && client != null) {
            client.dequeue(this);
        } else if (state == SENT && connection != null) {
            connection.forget(this);
        }
        connection = null;
        client = null;
        status = code;
        state = DONE;
    }

    /** Back to idle once the stream took the outcome. */
    public void reset() {
        state = IDLE;
        status = 0;
        vars = null;
    }
}
