package dev.baton.http.cache;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One {@code cache NAME} section at run time: HAProxy's shared memory of 1 kB blocks, {@code total-max-size} of them,
 * holding objects of at most {@code max-object-size} bytes (entry header, head and body), each alive for the
 * lifetime {@link Cacheability#maxAgeS} gave it. When a new object needs blocks that are not free, the least
 * recently used objects are evicted first; objects still being stored are never evicted.
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
    private final ReentrantLock lock = new ReentrantLock();
    /** Objects by key, least recently used first; guarded by {@link #lock}. */
    private final LinkedHashMap<CacheKey, CacheEntry> entries = new LinkedHashMap<>(16, 0.75f, true);
    /** Blocks held by objects (complete or being stored); guarded by {@link #lock}. */
    private int usedBlocks;
    /** Blocks held by objects being stored (HAProxy's hot rows, which it does not count as available). */
    private int hotBlocks;

    public HttpCache(final String name, final int maxBlocks, final int maxObjectSize, final int maxAgeS) {
        this.name = name;
        this.nameBytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.maxBlocks = maxBlocks;
        this.maxObjectSize = maxObjectSize;
        this.maxAgeS = maxAgeS;
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

    /**
     * The complete object stored under {@code key} and fresh at {@code nowS}, made the most recently used; null when
     * there is none (an expired one is removed, as HAProxy's lookup removes it). Any reactor.
     */
    public CacheEntry lookup(final CacheKey key, final long nowS) {
        lock.lock();
        try {
            final CacheEntry e = entries.get(key);
            if (e == null) {
                return null;
            }
            if (e.expireS <= nowS) {
                remove(e);
                return null;
            }
            return e.complete ? e : null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts storing {@code entry}: it replaces a complete object of its key and holds the blocks of its header and
     * head. Null (nothing stored) when an object of that key is being stored already, or when the head alone is over
     * {@code max-object-size} or finds no room. The caller then {@link #append}s the body and {@link #complete}s or
     * {@link #abandon}s it. Any reactor; that reactor alone touches the entry until it is complete.
     */
    public CacheEntry begin(final CacheEntry entry) {
        lock.lock();
        try {
            final CacheEntry old = entries.get(entry.key);
            if (old != null) {
                if (!old.complete) {
                    return null; // being stored by another stream: storing it twice would waste room
                }
                remove(old);
            }
            if (!reserve(entry, entry.size())) {
                return null;
            }
            entries.put(entry.key, entry);
            return entry;
        } finally {
            lock.unlock();
        }
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
            if (entries.get(entry.key) == entry) {
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
     * An unsafe method succeeded on the object of {@code key} (RFC 7234 §4.4): a complete object is removed, as
     * HAProxy does. Any reactor.
     */
    public void invalidate(final CacheKey key, final long nowS) {
        lock.lock();
        try {
            final CacheEntry e = entries.get(key);
            if (e != null && e.complete) {
                remove(e);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code show cache}'s section of this cache at {@code nowS}: the cache line, then one line per fresh object in
     * the order of HAProxy's tree (its hash), expired objects removed on the way as HAProxy's dump removes them.
     * {@code self} and {@code shctx} stand for HAProxy's pointers to the cache and its shared memory. Runtime API
     * thread.
     */
    public void show(final long nowS, final String self, final String shctx, final StringBuilder out) {
        final List<CacheEntry> fresh = new ArrayList<>();
        final int available;
        lock.lock();
        try {
            final Iterator<CacheEntry> it = entries.values().iterator();
            while (it.hasNext()) {
                final CacheEntry e = it.next();
                if (e.expireS <= nowS) {
                    it.remove();
                    release(e);
                } else {
                    fresh.add(e);
                }
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
                .append(" hash:").append(e.key.treeKey()).append(" vary:0x0000000000000000 size:").append(e.size())
                .append(" (").append(e.blocks).append(" blocks), refcount:0, expire:").append(e.expireS - nowS)
                .append('\n');
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
        final Iterator<CacheEntry> it = entries.values().iterator();
        while (maxBlocks - usedBlocks < need && it.hasNext()) {
            final CacheEntry victim = it.next();
            if (victim.complete) {
                it.remove();
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

    /** Removes {@code entry}, complete or not, if it is still the object of its key. Under {@link #lock}. */
    private void drop(final CacheEntry entry) {
        if (entries.get(entry.key) == entry) {
            remove(entry);
        } else if (!entry.complete && entry.blocks > 0) {
            release(entry); // already replaced in the map (cannot happen while it is incomplete), kept exact anyway
        }
    }

    private void remove(final CacheEntry e) {
        entries.remove(e.key);
        release(e);
    }

    private void release(final CacheEntry e) {
        usedBlocks -= e.blocks;
        if (!e.complete) {
            hotBlocks -= e.blocks;
        }
        e.blocks = 0;
    }
}
