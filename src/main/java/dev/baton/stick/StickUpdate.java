package dev.baton.stick;

/**
 * One entry's data as the peers protocol carries it, indexed by {@link StickDataType} ordinal (HAProxy's data type
 * numbers): a counter's value, or for a rate the milliseconds since its current period began, the events of that
 * period and of the one before; the {@code server_key}; and how long the entry has left to live. Filled from a table
 * by {@link StickTable#readForPeers} or from a message, applied by {@link StickTable#applyRemote}. A mutable
 * holder, reused by the peers thread that owns it.
 */
public final class StickUpdate {
    private static final int TYPES = StickDataType.all().length;

    public final boolean[] present = new boolean[TYPES];
    public final long[] value = new long[TYPES];
    public final long[] elapsedMs = new long[TYPES];
    public final long[] previous = new long[TYPES];
    public String serverKey;
    /** Milliseconds the entry has left; -1: the receiving table's {@code expire}. */
    public long expireMs = -1;

    /** Forgets every value. */
    public void clear() {
        java.util.Arrays.fill(present, false);
        serverKey = null;
        expireMs = -1;
    }
}
