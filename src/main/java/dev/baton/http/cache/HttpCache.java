package dev.baton.http.cache;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One {@code cache NAME} section at run time: HAProxy's shared memory of 1 kB blocks, {@code total-max-size} of them,
 * holding objects of at most {@code max-object-size} bytes (entry header, head and body), each alive for the
 * lifetime {@link Cacheability#maxAgeS} gave it. When a new object needs blocks that are not free, the least
 * recently used objects are evicted first; objects still being stored are never evicted. With {@code process-vary on}
 * a key may hold several objects (its variants, at most {@code max-secondary-entries}), told apart by their
 * {@link SecondaryKey}; as in HAProxy's tree, the first object of a key decides whether the key is there at all.
 *
 * <p><b>Threads.</b> Every reactor uses the same instance: lookups, insertions, growth and eviction run under
 * {@link #lock}, this class's own and the only lock of the cache path (DESIGN.md §2, rule 1's exception); no I/O
 * and no loop longer than the entries evicted happens under it. A request that does not use a cache never reaches
 * this class. Memory is bounded by {@code total-max-size}: an object's bytes are counted in blocks before they are
 * copied, and a growth that does not fit ends the object.
 */
public final class HttpCache {
    /** HAProxy's {@code CACHE_BLOCKSIZE}. */
    public static final int BLOCK_SIZE = 1024;

    private final String name;
    private final byte[] nameBytes;
    private final int maxBlocks;
    private final int maxObjectSize;
    private final int maxAgeS;
    private final boolean processVary;
    private final int maxSecondaryEntries;
    private final ReentrantLock lock = new ReentrantLock();
    /** Every object, least recently used first (identity keys); guarded by {@link #lock}. */
    private final LinkedHashMap<CacheEntry, CacheEntry> lru = new LinkedHashMap<>(16, 0.75f, true);
    /** The objects of each key, oldest first; guarded by {@link #lock}. */
    private final Map<CacheKey, List<CacheEntry>> byKey = new HashMap<>();
    /** Blocks held by objects (complete or being stored); guarded by {@link #lock}. */
    private int usedBlocks;
    /** Blocks held by objects being stored (HAProxy's hot rows, which it does not count as available). */
    private int hotBlocks;

    public HttpCache(final String name, final int maxBlocks, final int maxObjectSize, final int maxAgeS) {
        this(name, maxBlocks, maxObjectSize, maxAgeS, false, 1);
    }

    public HttpCache(final String name, final int maxBlocks, final int maxObjectSize, final int maxAgeS,
                     final boolean processVary, final int maxSecondaryEntries) {
        this.name = name;
        this.nameBytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.maxBlocks = maxBlocks;
        this.maxObjectSize = maxObjectSize;
        this.maxAgeS = maxAgeS;
        this.processVary = processVary;
        this.maxSecondaryEntries = maxSecondaryEntries;
    }

    public String name() {
        return name;
    }

    /** The name as bytes, for {@code res.cache_name}. */
    public byte[] nameBytes() {
        return nameBytes;
    }

    public int maxBlocks() {
        return maxBlocks;
    }

    public int maxObjectSize() {
        return maxObjectSize;
    }

    /** {@code max-age}: the longest life of an object, seconds. */
    public int maxAgeS() {
        return maxAgeS;
    }

    /** {@code process-vary on}: responses that vary on Accept-Encoding or Referer are stored per variant. */
    public boolean processVary() {
        return processVary;
    }

    public int maxSecondaryEntries() {
        return maxSecondaryEntries;
    }

    /**
     * The first object stored under {@code key} when it is fresh at {@code nowS} (complete or still being stored: see
     * {@link CacheEntry#isComplete()}), made the most recently used; null when there is none (an expired one is
     * removed, as HAProxy's lookup removes it). Any reactor.
     */
    public CacheEntry lookup(final CacheKey key, final long nowS) {
        lock.lock();
        try {
            final CacheEntry e = firstFresh(key, nowS);
            if (e != null) {
                lru.get(e);
            }
            return e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The first complete, fresh object of {@code first}'s key, from {@code first} on, whose secondary key a request of
     * secondary key {@code request} matches; null when none does. Expired objects met on the way are removed.
     */
    public CacheEntry variant(final CacheEntry first, final byte[] request, final long nowS) {
        lock.lock();
        try {
            final CacheEntry e = findVariant(first, request, nowS);
            if (e == null || !e.complete) {
                return null;
            }
            lru.get(e);
            return e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts storing {@code entry}: it replaces the complete object of its key (of its variant, matched by
     * {@code request}, the storing request's secondary key, when it varies) and holds the blocks of its header and
     * head. Null (nothing stored) when that object is being stored already, when the key has
     * {@code max-secondary-entries} variants, or when the head alone is over {@code max-object-size} or finds no
     * room. The caller then {@link #append}s the body and {@link #complete}s or {@link #abandon}s it. Any reactor;
     * that reactor alone touches the entry until it is complete.
     */
    public CacheEntry begin(final CacheEntry entry, final byte[] request) {
        lock.lock();
        try {
            CacheEntry old = firstFresh(entry.key, entry.validatedS);
            if (old != null && entry.signature != 0) {
                old = findVariant(old, request, entry.validatedS);
            }
            if (old != null) {
                if (!old.complete) {
                    return null; // being stored by another stream: storing it twice would waste room
                }
                remove(old);
            }
            final List<CacheEntry> list = byKey.get(entry.key);
            if (entry.signature != 0 && list != null && list.size() >= maxSecondaryEntries) {
                list.removeIf(e -> e.expireS <= entry.validatedS && release(e) && lru.remove(e) != null);
                if (list.isEmpty()) {
                    byKey.remove(entry.key);
                } else if (list.size() >= maxSecondaryEntries) {
                    return null; // as many variants as allowed: this one is not stored
                }
            }
            if (!reserve(entry, entry.size())) {
                return null;
            }
            byKey.computeIfAbsent(entry.key, k -> new ArrayList<>(1)).add(entry);
            lru.put(entry, entry);
            return entry;
        } finally {
            lock.unlock();
        }
    }

    /** {@link #begin(CacheEntry, byte[])} for an object that does not vary. */
    public CacheEntry begin(final CacheEntry entry) {
        return begin(entry, null);
    }

    /**
     * Appends {@code src}'s bytes from {@code from} to {@code to} (absolute indexes) to the body of {@code entry},
     * being stored by the calling reactor. False, with the entry removed, when the object grows past
     * {@code max-object-size} or finds no room: the caller stops storing it (the client still gets every byte).
     */
    public boolean append(final CacheEntry entry, final ByteBuffer src, final int from, final int to) {
        final int n = to - from;
        if (n <= 0) {
            return true;
        }
        lock.lock();
        try {
            if (!reserve(entry, (long) entry.size() + n)) {
                drop(entry);
                return false;
            }
        } finally {
            lock.unlock();
        }
        if (entry.bodyLength + n > entry.body.length) {
            entry.body = Arrays.copyOf(entry.body, Math.min(Math.max(entry.body.length * 2, entry.bodyLength + n),
                maxObjectSize));
        }
        src.get(from, entry.body, entry.bodyLength, n);
        entry.bodyLength += n;
        return true;
    }

    /** The whole body of {@code entry} was appended: hits may use it from now on. */
    public void complete(final CacheEntry entry) {
        if (entry.body.length != entry.bodyLength) {
            entry.body = Arrays.copyOf(entry.body, entry.bodyLength); // no spare capacity kept: blocks count bytes
        }
        lock.lock();
        try {
            if (lru.containsKey(entry)) {
                entry.complete = true;
                hotBlocks -= entry.blocks;
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@code entry} will not be completed (the response was cut, or the stream ended): its blocks come back. */
    public void abandon(final CacheEntry entry) {
        lock.lock();
        try {
            drop(entry);
        } finally {
            lock.unlock();
        }
    }

    /**
     * An unsafe method succeeded on the object of {@code key} (RFC 7234 §4.4): the first object of the key is removed,
     * as HAProxy does. Any reactor.
     */
    public void invalidate(final CacheKey key, final long nowS) {
        lock.lock();
        try {
            final CacheEntry e = firstFresh(key, nowS);
            if (e != null) {
                remove(e);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code show cache}'s section of this cache at {@code nowS}: the cache line, then one line per key (its first
     * object: HAProxy's dump does not show a key's other variants) in the order of HAProxy's tree, expired objects
     * removed on the
     * way as HAProxy's dump removes them. {@code self} and {@code shctx} stand for HAProxy's pointers to the cache and
     * its shared memory. Runtime API thread.
     */
    public void show(final long nowS, final String self, final String shctx, final StringBuilder out) {
        final List<CacheEntry> fresh = new ArrayList<>();
        final int available;
        lock.lock();
        try {
            for (final CacheEntry e : new ArrayList<>(lru.keySet())) {
                if (e.expireS <= nowS) {
                    remove(e);
                }
            }
            for (final List<CacheEntry> list : byKey.values()) {
                fresh.add(list.get(0)); // HAProxy's dump walks the tree key by key: a key's first object only
            }
            available = maxBlocks - hotBlocks;
        } finally {
            lock.unlock();
        }
        fresh.sort((a, b) -> Long.compare(a.key.treeKey(), b.key.treeKey()));
        out.append(self).append(": ").append(name).append(" (shctx:").append(shctx)
            .append(", available blocks:").append(available).append(")\n");
        for (final CacheEntry e : fresh) {
            out.append(String.format("0x%012x", 0x7f0000000000L | (System.identityHashCode(e) & 0xffffffffL)))
                .append(" hash:").append(e.key.treeKey()).append(" vary:0x").append(SecondaryKey.hex(e.secondary))
                .append(" size:").append(e.size()).append(" (").append(e.blocks).append(" blocks), refcount:0, expire:")
                .append(e.expireS - nowS).append('\n');
        }
    }

    /** The blocks held by objects now (tests, {@code show cache}). */
    public int usedBlocks() {
        lock.lock();
        try {
            return usedBlocks;
        } finally {
            lock.unlock();
        }
    }

    /** The first object of {@code key}, removed (and null) when expired at {@code nowS}. Under {@link #lock}. */
    private CacheEntry firstFresh(final CacheKey key, final long nowS) {
        final List<CacheEntry> list = byKey.get(key);
        if (list == null) {
            return null;
        }
        final CacheEntry e = list.get(0);
        if (e.expireS <= nowS) {
            remove(e);
            return null;
        }
        return e;
    }

    /**
     * The first object from {@code first} on (complete or not) whose secondary key {@code request} matches, as HAProxy's
     * {@code secondary_entry_exist}: none for an object that does not vary; expired ones met are removed. Under
     * {@link #lock}.
     */
    private CacheEntry findVariant(final CacheEntry first, final byte[] request, final long nowS) {
        if (first.signature == 0 || request == null) {
            return null;
        }
        final List<CacheEntry> list = byKey.get(first.key);
        if (list == null) {
            return null;
        }
        for (final CacheEntry e : new ArrayList<>(list.subList(Math.max(0, list.indexOf(first)), list.size()))) {
            final boolean match = SecondaryKey.matches(e.secondary, request);
            if (e.expireS <= nowS) {
                remove(e);
                if (match) {
                    return null;
                }
            } else if (match) {
                return e;
            }
        }
        return null;
    }

    /**
     * Makes {@code entry} hold the blocks for {@code size} bytes, evicting the least recently used complete objects
     * when the free blocks do not suffice. False when {@code size} is over {@code max-object-size} or room cannot be
     * made. Under {@link #lock}.
     */
    private boolean reserve(final CacheEntry entry, final long size) {
        if (size > maxObjectSize) {
            return false;
        }
        final int need = CacheEntry.blocksFor(size) - entry.blocks;
        if (need <= 0) {
            return true;
        }
        final Iterator<CacheEntry> it = lru.keySet().iterator();
        while (maxBlocks - usedBlocks < need && it.hasNext()) {
            final CacheEntry victim = it.next();
            if (victim.complete) {
                it.remove();
                unlist(victim);
                release(victim);
            }
        }
        if (maxBlocks - usedBlocks < need) {
            return false;
        }
        usedBlocks += need;
        hotBlocks += need;
        entry.blocks += need;
        return true;
    }

    /** Removes {@code entry}, complete or not, if it is still stored. Under {@link #lock}. */
    private void drop(final CacheEntry entry) {
        if (lru.containsKey(entry)) {
            remove(entry);
        }
    }

    private void remove(final CacheEntry e) {
        lru.remove(e);
        unlist(e);
        release(e);
    }

    private void unlist(final CacheEntry e) {
        final List<CacheEntry> list = byKey.get(e.key);
        if (list != null && list.remove(e) && list.isEmpty()) {
            byKey.remove(e.key);
        }
    }

    /** Gives {@code e}'s blocks back; always true (for use in a removal predicate). */
    private boolean release(final CacheEntry e) {
        usedBlocks -= e.blocks;
        if (!e.complete) {
            hotBlocks -= e.blocks;
        }
        e.blocks = 0;
        return true;
    }
}
