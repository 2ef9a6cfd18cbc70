package dev.baton.stick;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A proxy's stick table at run time, shared by every reactor: a concurrent map from {@link StickKey} to
 * {@link StickEntry}, each entry's data under its own lock. As HAProxy's {@code stick_table.c}: an entry is created
 * on first use ({@link #acquire}, {@link #getOrCreate}); each use sets it to expire {@code expire} later; unused
 * expired entries are purged (lazily: a lookup does not see them, and a sweep of the whole table runs at most once
 * per second, claimed by whichever thread touches the table first, and before every dump); a full table drops its
 * oldest unused entries to make room for a new key, or with {@code nopurge} refuses it. Finding an existing entry
 * allocates nothing (the key is a reused probe); creating one does.
 */
public final class StickTable {
    private static final long SWEEP_EVERY_MS = 1000;

    private final StickTableConfig config;
    private final ConcurrentHashMap<StickKey, StickEntry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicLong nextSweepMs;
    private final AtomicLong serials = new AtomicLong(0x10000);
    private final LongSupplier clockMs;
    /** Where each data type starts in an entry's data, -1 when not stored. */
    private final int[] offset = new int[StickDataType.all().length];
    private final int dataLength;
    /** The local changes the peers push; null when the table is not shared through a peers section. */
    private final StickChanges changes;

    public StickTable(final StickTableConfig config) {
        this(config, () -> System.nanoTime() / 1_000_000L);
    }

    /** A table whose clock is {@code clockMs} (tests move time by hand). */
    public StickTable(final StickTableConfig config, final LongSupplier clockMs) {
        this.config = config;
        this.clockMs = clockMs;
        int at = 0;
        for (final StickDataType t : StickDataType.all()) {
            if (config.stores(t)) {
                offset[t.ordinal()] = at;
                at += t.rate() ? FreqCounter.SLOTS : 1;
            } else {
                offset[t.ordinal()] = -1;
            }
        }
        this.dataLength = at;
        this.changes = config.peers() == null ? null : new StickChanges(config.size());
        this.nextSweepMs = new AtomicLong(clockMs.getAsLong() + SWEEP_EVERY_MS);
    }

    public StickTableConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    /** The local changes peers push, or null when the table is not shared. */
    public StickChanges changes() {
        return changes;
    }

    /** The map's entries, dead or expired ones included (peers thread scans). */
    java.util.Collection<StickEntry> rawEntries() {
        return entries.values();
    }

    public long nowMs() {
        return clockMs.getAsLong();
    }

    /** Entries in the table now ({@code table_cnt}), expired ones purged first. */
    public int used() {
        sweep(nowMs());
        return current.get();
    }

    /** Whether entries store {@code type}. */
    public boolean stores(final StickDataType type) {
        return offset[type.ordinal()] >= 0;
    }

    // ------------------------------------------------------------------ entries

    /** The live entry of {@code probe}, or null; never creates. Allocation-free. */
    public StickEntry lookup(final StickKey probe) {
        final long now = nowMs();
        maybeSweep(now);
        final StickEntry e = entries.get(probe);
        if (e == null) {
            return null;
        }
        synchronized (e) {
            if (e.dead || expired(e, now)) {
                return null;
            }
        }
        return e;
    }

    /** The entry of {@code probe}, created when absent, touched; null when the table is full and cannot purge. */
    public StickEntry getOrCreate(final StickKey probe) {
        return take(probe, false);
    }

    /** As {@link #getOrCreate} and held by one more tracker until {@link #release}. */
    public StickEntry acquire(final StickKey probe) {
        return take(probe, true);
    }

    private StickEntry take(final StickKey probe, final boolean hold) {
        return take(probe, hold, true);
    }

    /** {@code local}: a change of this process (peers are told), not one a peer sent. */
    private StickEntry take(final StickKey probe, final boolean hold, final boolean local) {
        final long now = nowMs();
        maybeSweep(now);
        for (int attempt = 0; attempt < 4; attempt++) {
            StickEntry e = entries.get(probe);
            if (e == null) {
                e = create(probe, now);
                if (e == null) {
                    return null;
                }
            }
            synchronized (e) {
                if (e.dead) {
                    continue; // purged meanwhile: take a fresh one
                }
                if (expired(e, now)) {
                    clear(e, now); // an expired entry is a new one, as after HAProxy's purge
                }
                if (hold) {
                    e.refs++;
                }
                if (local) {
                    touch(e, now);
                }
                return e;
            }
        }
        return null;
    }

    private StickEntry create(final StickKey probe, final long now) {
        if (current.incrementAndGet() > config.size()) {
            current.decrementAndGet();
            if (config.nopurge()) {
                return null;
            }
            purgeOldest(now);
            if (current.incrementAndGet() > config.size()) {
                current.decrementAndGet();
                return null;
            }
        }
        final StickEntry fresh = new StickEntry(probe.copy(), dataLength, serials.getAndAdd(0x40));
        clear(fresh, now);
        final StickEntry raced = entries.putIfAbsent(fresh.key, fresh);
        if (raced != null) {
            current.decrementAndGet();
            return raced;
        }
        return fresh;
    }

    /** One tracker lets {@code e} go; it expires {@code expire} from now. */
    public void release(final StickEntry e) {
        synchronized (e) {
            if (e.refs > 0) {
                e.refs--;
            }
            touch(e, nowMs());
        }
    }

    /** Removes the entry of {@code probe} if nobody uses it; true when removed ({@code clear table ... key}). */
    public boolean remove(final StickKey probe) {
        final StickEntry e = entries.get(probe);
        return e != null && kill(e, false, 0);
    }

    /** Removes {@code e} if nobody uses it; false when in use. */
    public boolean removeEntry(final StickEntry e) {
        if (kill(e, false, 0)) {
            return true;
        }
        synchronized (e) {
            return e.dead;
        }
    }

    /** Removes every unused entry ({@code clear table NAME}). */
    public void clearUnused() {
        for (final StickEntry e : entries.values()) {
            kill(e, false, 0);
        }
    }

    /** The live entries, expired ones purged first (for dumps; allocates). */
    public List<StickEntry> snapshot() {
        sweep(nowMs());
        final List<StickEntry> list = new ArrayList<>(entries.values());
        list.sort(Comparator.comparingLong(e -> e.serial));
        return list;
    }

    // ------------------------------------------------------------------ data

    /** The value of {@code type} in {@code e} now (a rate read over its period), or -1 when not stored. */
    public long read(final StickEntry e, final StickDataType type) {
        final int at = offset[type.ordinal()];
        if (at < 0) {
            return -1;
        }
        synchronized (e) {
            return type.rate() ? FreqCounter.read(e.data, at, config.periodMs(type), nowMs()) : e.data[at];
        }
    }

    /**
     * Adds {@code n} to counter {@code counter} and to rate {@code rate} of {@code e} (either may be null or not
     * stored) and touches it; false when neither is stored.
     */
    public boolean add(final StickEntry e, final StickDataType counter, final StickDataType rate, final long n) {
        final int c = counter == null ? -1 : offset[counter.ordinal()];
        final int r = rate == null ? -1 : offset[rate.ordinal()];
        if (c < 0 && r < 0) {
            return false;
        }
        synchronized (e) {
            final long now = nowMs();
            if (c >= 0) {
                e.data[c] += n;
            }
            if (r >= 0) {
                FreqCounter.add(e.data, r, config.periodMs(rate), now, n);
            }
            touch(e, now);
        }
        return true;
    }

    /** {@code conn_cur} one down (never below 0): a tracker's stream ended. */
    public void connectionEnded(final StickEntry e) {
        final int at = offset[StickDataType.CONN_CUR.ordinal()];
        if (at >= 0) {
            synchronized (e) {
                if (e.data[at] > 0) {
                    e.data[at]--;
                }
                if (changes != null) {
                    changes.mark(e);
                }
            }
        }
    }

    /** Sets {@code type} of {@code e} to {@code value} (a rate reports it for a period); false when not stored. */
    public boolean set(final StickEntry e, final StickDataType type, final long value) {
        final int at = offset[type.ordinal()];
        if (at < 0) {
            return false;
        }
        synchronized (e) {
            final long now = nowMs();
            if (type.rate()) {
                FreqCounter.set(e.data, at, config.periodMs(type), now, value);
            } else {
                e.data[at] = value;
            }
            touch(e, now);
        }
        return true;
    }

    /** Sets counter {@code type} of {@code e} to {@code value}; its value before, or -1 when not stored. */
    public long getAndSet(final StickEntry e, final StickDataType type, final long value) {
        final int at = offset[type.ordinal()];
        if (at < 0) {
            return -1;
        }
        synchronized (e) {
            final long old = e.data[at];
            e.data[at] = value;
            touch(e, nowMs());
            return old;
        }
    }

    /**
     * A {@code stick store-*} rule stores server {@code puid} called {@code name} in the entry of {@code probe}
     * (created when absent, touched): {@code server_id}, and {@code server_key} when stored. False when the table is
     * full and cannot purge, even when it holds the key, as HAProxy.
     */
    public boolean storeServer(final StickKey probe, final int puid, final String name) {
        // HAProxy makes a new entry first and only then finds the key's: a full table must make room even for a key
        // it holds (nopurge: it cannot, and nothing is stored: the first server stays)
        if (current.get() >= config.size() && (config.nopurge() || purgeOldest(nowMs()) == 0)) {
            return false;
        }
        final StickEntry e = getOrCreate(probe);
        if (e == null) {
            return false;
        }
        synchronized (e) {
            final int at = offset[StickDataType.SERVER_ID.ordinal()];
            if (at >= 0) {
                e.data[at] = puid;
            }
            if (offset[StickDataType.SERVER_KEY.ordinal()] >= 0) {
                e.serverKey = name;
            }
            if (changes != null) {
                changes.mark(e);
            }
        }
        return true;
    }

    /** The {@code server_key} of {@code e} (a server name), or null when none was stored. */
    public String serverKey(final StickEntry e) {
        synchronized (e) {
            return e.serverKey;
        }
    }

    /** A {@code stick match} found {@code e}: it expires {@code expire} from now, as HAProxy's touch. */
    public void touched(final StickEntry e) {
        synchronized (e) {
            touch(e, nowMs());
        }
    }

    /** Milliseconds until {@code e} expires (HAProxy's {@code exp=}), 0 when it never does. */
    public long remainingMs(final StickEntry e) {
        if (config.expireMs() == 0) {
            return 0;
        }
        synchronized (e) {
            return Math.max(0, e.expireMs - nowMs());
        }
    }

    // ------------------------------------------------------------------ expiry

    /** A local use or change of {@code e} (its lock held): it lives {@code expire} more, and peers are told. */
    private void touch(final StickEntry e, final long now) {
        if (config.expireMs() > 0) {
            e.expireMs = now + config.expireMs();
        }
        if (changes != null) {
            changes.mark(e);
        }
    }

    // ------------------------------------------------------------------ peers

    /**
     * Fills {@code out} with {@code e}'s data as peers carry it (every stored type) and the time it has left.
     * Peers thread (or a reload's transfer).
     */
    public void readForPeers(final StickEntry e, final StickUpdate out) {
        out.clear();
        final long now = nowMs();
        synchronized (e) {
            for (final StickDataType t : StickDataType.all()) {
                final int at = offset[t.ordinal()];
                if (at < 0 || t == StickDataType.SERVER_KEY) {
                    continue;
                }
                out.present[t.ordinal()] = true;
                if (t.rate()) {
                    out.elapsedMs[t.ordinal()] = Math.max(0, now - e.data[at]);
                    out.value[t.ordinal()] = e.data[at + 1];
                    out.previous[t.ordinal()] = e.data[at + 2];
                } else {
                    out.value[t.ordinal()] = e.data[at];
                }
            }
            if (offset[StickDataType.SERVER_KEY.ordinal()] >= 0) {
                out.present[StickDataType.SERVER_KEY.ordinal()] = true;
                out.serverKey = e.serverKey;
            }
            out.expireMs = config.expireMs() == 0 ? 0
                : e.refs > 0 ? config.expireMs() : Math.max(0, e.expireMs - now);
        }
    }

    /**
     * A peer's update of the entry of {@code probe}: created when absent (a full table makes room as for a local
     * key, or drops the update), its stored types among {@code u}'s set ({@code conn_cur} stays local, as HAProxy's),
     * then it expires {@code u.expireMs} from now (the table's {@code expire} when -1). Not a local change: peers are
     * not told again. Returns false when the table had no room. Peers thread.
     */
    public boolean applyRemote(final StickKey probe, final StickUpdate u) {
        final StickEntry e = take(probe, false, false);
        if (e == null) {
            return false;
        }
        final long now = nowMs();
        synchronized (e) {
            for (final StickDataType t : StickDataType.all()) {
                final int at = offset[t.ordinal()];
                if (at < 0 || !u.present[t.ordinal()] || t == StickDataType.CONN_CUR) {
                    continue;
                }
                if (t == StickDataType.SERVER_KEY) {
                    if (u.serverKey != null) {
                        e.serverKey = u.serverKey;
                    }
                } else if (t.rate()) {
                    e.data[at] = now - u.elapsedMs[t.ordinal()];
                    e.data[at + 1] = u.value[t.ordinal()];
                    e.data[at + 2] = u.previous[t.ordinal()];
                } else {
                    e.data[at] = u.value[t.ordinal()];
                }
            }
            if (config.expireMs() > 0) {
                e.expireMs = now + (u.expireMs >= 0 ? u.expireMs : config.expireMs());
            }
        }
        return true;
    }

    private boolean expired(final StickEntry e, final long now) {
        return config.expireMs() > 0 && e.refs == 0 && now - e.expireMs >= 0;
    }

    private void clear(final StickEntry e, final long now) {
        java.util.Arrays.fill(e.data, 0);
        e.serverKey = null;
        for (final StickDataType t : StickDataType.all()) {
            final int at = offset[t.ordinal()];
            if (at >= 0 && t.rate()) {
                FreqCounter.init(e.data, at, config.periodMs(t), now);
            }
        }
        if (config.expireMs() > 0) {
            e.expireMs = now + config.expireMs(); // the caller's touch tells the peers when the change is local
        }
    }

    /** Removes {@code e} if unused (and, when {@code onlyExpired}, expired at {@code now}). */
    private boolean kill(final StickEntry e, final boolean onlyExpired, final long now) {
        synchronized (e) {
            if (e.dead || e.refs > 0 || onlyExpired && !expired(e, now)) {
                return false;
            }
            e.dead = true;
        }
        if (entries.remove(e.key, e)) {
            current.decrementAndGet();
        }
        return true;
    }

    private void maybeSweep(final long now) {
        final long next = nextSweepMs.get();
        if (config.expireMs() > 0 && now - next >= 0 && nextSweepMs.compareAndSet(next, now + SWEEP_EVERY_MS)) {
            sweep(now);
        }
    }

    /** Purges every unused expired entry. */
    public void sweep(final long now) {
        if (config.expireMs() == 0) {
            return;
        }
        for (final StickEntry e : entries.values()) {
            kill(e, true, now);
        }
    }

    /**
     * Makes room in a full table as HAProxy's {@code stktable_trash_oldest}: drops up to {@code size / 256 + 1}
     * unused entries, those expiring first. Returns how many went.
     */
    private int purgeOldest(final long now) {
        sweep(now);
        if (current.get() < config.size()) {
            return 1;
        }
        final List<Candidate> unused = new ArrayList<>();
        for (final StickEntry e : entries.values()) {
            synchronized (e) {
                if (e.refs == 0 && !e.dead) {
                    unused.add(new Candidate(e, e.expireMs));
                }
            }
        }
        unused.sort(Comparator.comparingLong(Candidate::expireMs));
        final long batch = config.size() / 256 + 1;
        int removed = 0;
        for (int i = 0; i < unused.size() && removed < batch; i++) {
            if (kill(unused.get(i).entry(), false, now)) {
                removed++;
            }
        }
        return removed;
    }

    /** An unused entry and when it expires, read under its lock. */
    private record Candidate(StickEntry entry, long expireMs) {
    }
}
