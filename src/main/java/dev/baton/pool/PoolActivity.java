package dev.baton.pool;

import dev.baton.reactor.SingleWriterCounter;

/**
 * A reactor's pool activity beyond the takeover and kill counts (which live in
 * {@link dev.baton.reactor.ReactorStats} for {@code show activity}); written by that reactor only.
 */
public final class PoolActivity {
    /** Connections taken from this reactor's own lists. */
    public final SingleWriterCounter reused = new SingleWriterCounter();
    /** Connections parked after a response. */
    public final SingleWriterCounter kept = new SingleWriterCounter();
    /** Idle connections closed because the server closed them or sent unexpected bytes. */
    public final SingleWriterCounter closedByServer = new SingleWriterCounter();
    /** Idle connections closed by the purge. */
    public final SingleWriterCounter purged = new SingleWriterCounter();
    /** Siblings skipped because their idle lock was busy. */
    public final SingleWriterCounter takeoverLockBusy = new SingleWriterCounter();
}
