package dev.baton.pool;

import dev.baton.reactor.Peaks;
import dev.baton.reactor.TimerHandler;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One server's idle-connection pool: its settings, HAProxy's server counters (atomics, no lock) and one
 * {@link Slice} per reactor holding that reactor's idle and safe lists (guarded by that reactor's
 * {@code idleConnsLock}). See ../shared/reference/haproxy-idle-connections.md §1.4 for each counter.
 */
public final class ServerPool {
    /** {@code pool-max-conn}: -1 unlimited, 0 no pooling. */
    final int maxIdleConns;
    /** {@code pool-low-conn}: slack in the keep rule; below it, no stealing (issue 4). */
    final int lowIdleConns;
    /** {@code pool-purge-delay} in ns; 0 means nothing is kept idle. */
    final long purgeDelayNs;
    /** {@code max-reuse}: requests after which a connection is not reused; -1 unlimited. */
    final int maxReuse;

    /** Idle + safe over every reactor (curr_idle_conns). */
    final AtomicInteger currIdleConns = new AtomicInteger();
    /** Idle (not yet proven) over every reactor (curr_idle_nb). */
    final AtomicInteger currIdleNb = new AtomicInteger();
    /** Safe over every reactor (curr_safe_nb). */
    final AtomicInteger currSafeNb = new AtomicInteger();
    /** Idle + safe per reactor (curr_idle_thr). */
    final AtomicIntegerArray currIdleThr;
    /** Non-private connections in use (curr_used_conns). */
    final AtomicInteger currUsedConns = new AtomicInteger();
    /** Peak of currUsedConns since the last purge (max_used_conns). */
    final AtomicInteger maxUsedConns = new AtomicInteger();
    /** Estimate of the connections needed (est_need_conns), decayed by the purge. */
    final AtomicInteger estNeedConns = new AtomicInteger();
    /**
     * When a purge last updated {@link #estNeedConns} and {@link #maxUsedConns} ({@code Long.MIN_VALUE}: never).
     * Each reactor purges its own lists, but the estimate is the server's: it decays once per
     * {@code pool-purge-delay}, by whichever reactor's purge comes first, as HAProxy 2.2–3.4's single purge task
     * did. Decaying it once per reactor would halve it nbthread times a period and close connections the
     * traffic still needs.
     */
    final AtomicLong estimateUpdatedNs = new AtomicLong(Long.MIN_VALUE);
    /** Where the next takeover walk starts (next_takeover); a racy read is fine. */
    final AtomicInteger nextTakeover = new AtomicInteger();

    private final Slice[] slices;

    /** Per-reactor lists of one server. Every field is guarded by that reactor's idleConnsLock. */
    static final class Slice {
        final IdleList idle = new IdleList();
        final IdleList safe = new IdleList();
        /** The reactor's purge timer for this server; owner thread only; -1 when none. */
        long purgeTimerId = -1;
        /** Created once by the owner, reused for every purge of this server on this reactor. */
        TimerHandler purgeHandler;

        /** The oldest connection of both lists, or null. */
        ServerConnection oldest() {
            final ServerConnection i = idle.head();
            final ServerConnection s = safe.head();
            if (i == null) {
                return s;
            }
            if (s == null) {
                return i;
            }
            return i.idleSinceNs - s.idleSinceNs <= 0 ? i : s;
        }

        boolean isEmpty() {
            return idle.isEmpty() && safe.isEmpty();
        }
    }

    public ServerPool(final int reactors, final int maxIdleConns, final int lowIdleConns, final long purgeDelayMs,
                      final int maxReuse) {
        this.maxIdleConns = maxIdleConns;
        this.lowIdleConns = lowIdleConns;
        this.purgeDelayNs = purgeDelayMs * 1_000_000L;
        this.maxReuse = maxReuse;
        this.currIdleThr = new AtomicIntegerArray(reactors);
        this.slices = new Slice[reactors];
        for (int i = 0; i < reactors; i++) {
            slices[i] = new Slice();
        }
    }

    Slice slice(final int reactorId) {
        return slices[reactorId];
    }

    int reactors() {
        return slices.length;
    }

    /** HAProxy's srv_use_conn: one more connection in use; raises the peak and the need estimate. */
    void useConnection() {
        final int used = currUsedConns.incrementAndGet();
        Peaks.raise(maxUsedConns, used);
        Peaks.raise(estNeedConns, used);
    }

    /**
     * HAProxy's srv_cleanup_idle_conns for the purge of reactor {@code reactorId}: how many of its idle
     * connections to close, its share of half the excess of used and idle connections over the need (the
     * larger of the last peak and the estimate). The first purge of a period (see {@link #estimateUpdatedNs})
     * also lets the estimate decay toward the last peak and starts a new peak. Any reactor's thread.
     */
    int purgeShare(final int reactorId, final long nowNs) {
        final int currIdle = currIdleConns.get();
        if (currIdle <= 0) {
            return 0;
        }
        final int used = currUsedConns.get();
        final int maxUsed = maxUsedConns.get();
        final int est = estNeedConns.get();
        int exceed = used + currIdle - Math.max(maxUsed, est);
        exceed = exceed / 2 + (exceed & 1);
        if (claimEstimateUpdate(nowNs)) {
            estNeedConns.set(Math.max((est + maxUsed) / 2, maxUsed));
            maxUsedConns.set(used);
        }
        return exceed > 0 ? exceed * currIdleThr.get(reactorId) / currIdle + 1 : 0;
    }

    /**
     * True for the first purge in this period (no update in the last half period: the reactors' purge timers of
     * one period fire within a wheel tick or so of each other, the next period's a full delay later).
     */
    private boolean claimEstimateUpdate(final long nowNs) {
        final long last = estimateUpdatedNs.get();
        return (last == Long.MIN_VALUE || nowNs - last >= purgeDelayNs / 2)
            && estimateUpdatedNs.compareAndSet(last, nowNs);
    }

    /** A connection in use goes idle or is closed. */
    void unuseConnection() {
        currUsedConns.decrementAndGet();
    }

    public int currIdleConns() {
        return currIdleConns.get();
    }

    public int currIdleNb() {
        return currIdleNb.get();
    }

    public int currSafeNb() {
        return currSafeNb.get();
    }

    public int currIdleOn(final int reactorId) {
        return currIdleThr.get(reactorId);
    }

    public int currUsedConns() {
        return currUsedConns.get();
    }

    public int maxUsedConns() {
        return maxUsedConns.get();
    }

    public int estNeedConns() {
        return estNeedConns.get();
    }

    public int maxIdleConns() {
        return maxIdleConns;
    }

    public long purgeDelayMs() {
        return purgeDelayNs / 1_000_000L;
    }

    public int maxReuse() {
        return maxReuse;
    }

    public int lowIdleConns() {
        return lowIdleConns;
    }
}
