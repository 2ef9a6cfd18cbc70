package dev.baton.pool;

import dev.baton.reactor.SingleWriterCounter;

/** A reactor's pool activity, written by that reactor only, read by the runtime API. */
public final class PoolStats {
    /** Connections taken from this reactor's own lists. */
    public final SingleWriterCounter reused = new SingleWriterCounter();
    /** Connections parked after a response. */
    public final SingleWriterCounter kept = new SingleWriterCounter();
    /** Idle connections closed because the server closed them or sent unexpected bytes. */
    public final SingleWriterCounter closedByServer = new SingleWriterCounter();
    /** Idle connections closed by the purge. */
    public final SingleWriterCounter purged = new SingleWriterCounter();
    /** Connections this reactor took over from siblings. */
    public final SingleWriterCounter takeovers = new SingleWriterCounter();
    /** Takeover candidates skipped because their owner was inside an event for them, or lost on the way. */
    public final SingleWriterCounter takeoverFailures = new SingleWriterCounter();
    /** Siblings skipped because their idle lock was busy. */
    public final SingleWriterCounter takeoverLockBusy = new SingleWriterCounter();
    /** Idle connections of siblings this reactor asked them to close (FD pressure). */
    public final SingleWriterCounter killsRequested = new SingleWriterCounter();
    /** Connections closed from the toRemove inbox, or own idle ones closed for FD pressure. */
    public final SingleWriterCounter killsDone = new SingleWriterCounter();
}
