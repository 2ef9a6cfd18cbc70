package dev.baton.h2;

/**
 * The dynamic table of one HPACK decoder (RFC 7541 section 2.3.2 and 4): the newest entry has index 1 (62 in the
 * address space shared with the static table). Entries live in one ring of bytes, name then value, oldest first,
 * so adding and evicting allocate nothing; the ring holds {@code capacity} bytes, the most the table may ever be
 * allowed (each entry counts 32 bytes of overhead on top of its name and value, so their bytes always fit).
 * Owner reactor's thread only.
 */
final class HpackDynamicTable {
    static final int ENTRY_OVERHEAD = 32;

    private final byte[] ring;
    /** Per entry slot: where its bytes start in the ring, its name and value lengths. */
    private final int[] start;
    private final int[] nameLen;
    private final int[] valueLen;
    /** Slot of the oldest entry; count of entries. */
    private int oldest;
    private int count;
    /** Where the next entry's bytes go. */
    private int writePos;
    /** The table's size as RFC 7541 counts it (bytes plus 32 per entry), and its current limit. */
    private int size;
    private int maxSize;

    /** A table that may grow to {@code capacity} (the size our SETTINGS allow); its limit starts there too. */
    HpackDynamicTable(final int capacity) {
        ring = new byte[Math.max(1, capacity)];
        final int slots = capacity / ENTRY_OVERHEAD + 1;
        start = new int[slots];
        nameLen = new int[slots];
        valueLen = new int[slots];
        maxSize = capacity;
    }

    int capacity() {
        return ring.length;
    }

    int size() {
        return size;
    }

    int maxSize() {
        return maxSize;
    }

    int count() {
        return count;
    }

    /** A dynamic table size update: the new limit, at most {@link #capacity}; evicts what no longer fits. */
    void maxSize(final int limit) {
        maxSize = limit;
        while (size > maxSize) {
            evictOldest();
        }
    }

    /** Evicts every entry (an entry too large for the table was added). */
    void clear() {
        while (count > 0) {
            evictOldest();
        }
    }

    /**
     * Adds an entry (section 4.4): evicts the oldest ones until it fits; an entry larger than the limit empties the
     * table and is not added.
     */
    void add(final byte[] src, final int nameOff, final int nLen, final int valueOff, final int vLen) {
        final int entrySize = nLen + vLen + ENTRY_OVERHEAD;
        if (entrySize > maxSize) {
            clear();
            return;
        }
        while (size + entrySize > maxSize) {
            evictOldest();
        }
        final int slot = (oldest + count) % start.length;
        start[slot] = writePos;
        nameLen[slot] = nLen;
        valueLen[slot] = vLen;
        put(src, nameOff, nLen);
        put(src, valueOff, vLen);
        count++;
        size += entrySize;
    }

    /** Copies the name of entry {@code index} (1 = newest) to {@code dst[off..]}; returns its length. */
    int copyName(final int index, final byte[] dst, final int off) {
        final int slot = slot(index);
        copy(start[slot], nameLen[slot], dst, off);
        return nameLen[slot];
    }

    /** Copies the value of entry {@code index} (1 = newest) to {@code dst[off..]}; returns its length. */
    int copyValue(final int index, final byte[] dst, final int off) {
        final int slot = slot(index);
        copy((start[slot] + nameLen[slot]) % ring.length, valueLen[slot], dst, off);
        return valueLen[slot];
    }

    int nameLength(final int index) {
        return nameLen[slot(index)];
    }

    int valueLength(final int index) {
        return valueLen[slot(index)];
    }

    private int slot(final int index) {
        if (index < 1 || index > count) {
            throw new IndexOutOfBoundsException("dynamic table index " + index + " of " + count);
        }
        return (oldest + count - index) % start.length;
    }

    private void evictOldest() {
        size -= nameLen[oldest] + valueLen[oldest] + ENTRY_OVERHEAD;
        oldest = (oldest + 1) % start.length;
        count--;
        if (count == 0) {
            writePos = 0;
        }
    }

    private void put(final byte[] src, final int off, final int len) {
        final int first = Math.min(len, ring.length - writePos);
        System.arraycopy(src, off, ring, writePos, first);
        System.arraycopy(src, off + first, ring, 0, len - first);
        writePos = (writePos + len) % ring.length;
    }

    private void copy(final int from, final int len, final byte[] dst, final int off) {
        final int first = Math.min(len, ring.length - from);
        System.arraycopy(ring, from, dst, off, first);
        System.arraycopy(ring, 0, dst, off + first, len - first);
    }
}
