package dev.baton.stick;

import java.util.Arrays;

/**
 * One {@code stick-table} line of a proxy: its name (the proxy's), key type and length in bytes, {@code size} (the
 * most entries it holds), {@code expire} (ms an unused entry lives; 0: never expires), {@code nopurge} (a full table
 * refuses new keys instead of dropping its oldest unused entries), and for each {@link StickDataType} its period in
 * ms when it is a rate, 0 for a stored counter, -1 when not stored ({@link #periodMs}). Immutable.
 */
public final class StickTableConfig {
    private final String name;
    private final StickKeyType keyType;
    private final int keyLength;
    private final long size;
    private final long expireMs;
    private final boolean nopurge;
    private final long[] periodMs;
    /** The {@code peers} section the table is shared through, or null. */
    private final String peers;
    /** The name peers know the table by: the proxy's, or a peers section's {@code table NAME} without its prefix. */
    private final String wireName;

    public StickTableConfig(final String name, final StickKeyType keyType, final int keyLength, final long size,
                            final long expireMs, final boolean nopurge, final long[] periodMs) {
        this(name, keyType, keyLength, size, expireMs, nopurge, periodMs, null, name);
    }

    /** A table shared through peers section {@code peers} (null: none), known to peers as {@code wireName}. */
    public StickTableConfig(final String name, final StickKeyType keyType, final int keyLength, final long size,
                            final long expireMs, final boolean nopurge, final long[] periodMs, final String peers,
                            final String wireName) {
        this.peers = peers;
        this.wireName = wireName;
        this.name = name;
        this.keyType = keyType;
        this.keyLength = keyLength;
        this.size = size;
        this.expireMs = expireMs;
        this.nopurge = nopurge;
        this.periodMs = periodMs.clone();
    }

    public String name() {
        return name;
    }

    public StickKeyType keyType() {
        return keyType;
    }

    /**
     * HAProxy's key size in bytes: 4 or 16 for addresses, 4 for integers, {@code len} for binaries, and for strings
     * {@code len + 1} when written (a key holds {@code len} characters), 32 when not (31 characters).
     */
    public int keyLength() {
        return keyLength;
    }

    public long size() {
        return size;
    }

    public long expireMs() {
        return expireMs;
    }

    public boolean nopurge() {
        return nopurge;
    }

    /** The {@code peers} section this table is shared through ({@code peers NAME}), or null. */
    public String peers() {
        return peers;
    }

    /** The table's name in the peers protocol (HAProxy's {@code nid}). */
    public String wireName() {
        return wireName;
    }

    /** This table no longer shared (its peers section is disabled or has no local peer). */
    public StickTableConfig withoutPeers() {
        return peers == null ? this
            : new StickTableConfig(name, keyType, keyLength, size, expireMs, nopurge, periodMs, null, wireName);
    }

    /**
     * Whether entries of a table of {@code other}'s definition carry over into this one as they are: same key type
     * and length, same data types and periods (a reload keeps such a table's entries, see {@code docs/reload.md}).
     */
    public boolean sameEntries(final StickTableConfig other) {
        return other.keyType == keyType && other.keyLength == keyLength && Arrays.equals(other.periodMs, periodMs);
    }

    /** Whether entries store {@code type}. */
    public boolean stores(final StickDataType type) {
        return periodMs[type.ordinal()] >= 0;
    }

    /** The period of rate {@code type} in ms (0 for a counter, -1 when not stored). */
    public long periodMs(final StickDataType type) {
        return periodMs[type.ordinal()];
    }

    /**
     * This table as a {@code stick on|match|store-*} rule uses it: storing {@code server_id} and {@code server_key}
     * too, as HAProxy enables them for the tables its stick rules name.
     */
    public StickTableConfig withServerKeys() {
        if (stores(StickDataType.SERVER_ID) && stores(StickDataType.SERVER_KEY)) {
            return this;
        }
        final long[] p = periodMs.clone();
        p[StickDataType.SERVER_ID.ordinal()] = 0;
        p[StickDataType.SERVER_KEY.ordinal()] = 0;
        return new StickTableConfig(name, keyType, keyLength, size, expireMs, nopurge, p, peers, wireName);
    }

    /** Equal when every setting is. */
    @Override
    public boolean equals(final Object o) {
        return o instanceof StickTableConfig c && c.name.equals(name) && c.keyType == keyType
            && c.keyLength == keyLength && c.size == size && c.expireMs == expireMs && c.nopurge == nopurge
            && Arrays.equals(c.periodMs, periodMs) && java.util.Objects.equals(c.peers, peers)
            && c.wireName.equals(wireName);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(periodMs);
    }

    @Override
    public String toString() {
        return "stick-table " + name + " type " + keyType.keyword() + " size " + size;
    }
}
