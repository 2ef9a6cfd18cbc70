package dev.baton.stick;

/**
 * One key of a stick table and its stored data. Every field but {@link #key} is guarded by the entry's monitor
 * ({@code synchronized (entry)}, HAProxy's per-entry lock): the data (counters, and three longs per rate, see
 * {@link FreqCounter}, at the offsets {@link StickTable} gives), how many trackers hold it ({@code refs}; an entry in
 * use is never purged), when it expires (table clock, ms) and whether it left its table ({@code dead}: a
 * tracker that finds it so takes a fresh one). Shared by every reactor; held briefly.
 */
public final class StickEntry {
    final StickKey key;
    final long[] data;
    int refs;
    long expireMs;
    boolean dead;
    /** {@code server_key}: the name of the server a {@code stick} rule stored, or null. */
    String serverKey;
    /** A number shown in place of HAProxy's entry address by {@code show table}. */
    final long serial;
    /** Marked changed for the peers and not yet collected ({@link StickChanges}); under the entry's lock. */
    boolean queued;
    /** The number of its latest local change in the peers' update log; peers thread only. */
    long updateId;

    StickEntry(final StickKey key, final int dataLength, final long serial) {
        this.key = key;
        this.data = new long[dataLength];
        this.serial = serial;
    }

    public StickKey key() {
        return key;
    }

    /** The number {@code show table} prints in place of HAProxy's entry address. */
    public long serial() {
        return serial;
    }

    /** How many trackers hold this entry now. */
    public synchronized int refs() {
        return refs;
    }
}
