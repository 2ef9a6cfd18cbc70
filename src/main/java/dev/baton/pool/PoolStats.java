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
    /** Connections closed from the toRemove inbox (kills requested by siblings). */
    public final SingleWriterCounter killsDone = new SingleWriterCounter();
}
