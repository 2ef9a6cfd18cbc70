package dev.baton.pool;

import dev.baton.backend.Server;
import dev.baton.reactor.FdBudget;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.ReactorCommand;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One reactor's share of every server's idle pool (DESIGN.md §3): its {@code idleConnsLock}, the idle
 * and safe lists of each server for this reactor (in {@link ServerPool.Slice}), its purge timers and its
 * {@code toRemove} inbox.
 *
 * <p><b>Locking.</b> Every access to this reactor's lists holds {@link #idleConnsLock}, the owner's own
 * accesses included; other reactors only ever {@code tryLock} it. The lock is held for list surgery
 * only: no I/O, no close, no logging under it.
 *
 * <p><b>Owner-side protocol</b> (rule 8): every owner entry point for an idle connection (read event,
 * purge, stop) takes the lock, checks the connection is still linked here, unlinks it, releases the lock,
 * works, and relinks only what it unlinked.
 *
 * <p>Methods run on the owner reactor's thread unless marked "any thread".
 */
public final class ReactorPool {
    private static final int TO_REMOVE_CAPACITY = 4096;

    private final Reactor reactor;
    private final int id;
    private final FdBudget fds;
    private final PoolTuning tuning;
    private final List<Server> servers;
    final ReentrantLock idleConnsLock = new ReentrantLock();
    private final ManyToOneConcurrentArrayQueue<ServerConnection> toRemove =
        new ManyToOneConcurrentArrayQueue<>(TO_REMOVE_CAPACITY);
    private final AtomicBoolean cleanupPending = new AtomicBoolean();
    private final ReactorCommand cleanup = r -> drainToRemove();
    private final ByteBuffer probe = ByteBuffer.allocateDirect(256);
    private final ArrayList<ServerConnection> batch = new ArrayList<>();
    private final PoolStats stats = new PoolStats();

    public ReactorPool(final Reactor reactor, final FdBudget fds, final PoolTuning tuning, final List<Server> servers) {
        this.reactor = reactor;
        this.id = reactor.id();
        this.fds = fds;
        this.tuning = tuning;
        this.servers = List.copyOf(servers);
    }

    public Reactor reactor() {
        return reactor;
    }

    public PoolStats stats() {
        return stats;
    }

    // ------------------------------------------------------------------ reuse

    /**
     * The own-reactor half of HAProxy's conn_backend_get: the most recently parked connection to
     * {@code server} from this reactor's idle list (unless {@code safeOnly}), else from its safe list.
     * Returns it unlinked, counted as used, with no handler (the caller sets one), or null.
     */
    public ServerConnection takeIdle(final Server server, final boolean safeOnly) {
        final ServerPool p = server.pool();
        if (p == null || p.currIdleConns.get() == 0) {
            return null;
        }
        final ServerPool.Slice s = p.slice(id);
        ServerConnection c = null;
        idleConnsLock.lock();
        try {
            if (!safeOnly) {
                c = s.idle.tail();
            }
            if (c == null) {
                c = s.safe.tail();
            }
            if (c != null) {
                unlinkLocked(p, c, id);
            }
        } finally {
            idleConnsLock.unlock();
        }
        if (c != null) {
            p.useConnection();
            stats.reused.increment();
        }
        return c;
    }

    /** A new connection to {@code server} was opened: count it as used (srv_use_conn). */
    public void countNew(final Server server) {
        final ServerPool p = server.pool();
        if (p != null) {
            p.useConnection();
        }
    }

    /**
     * HAProxy's srv_add_to_idle_list: parks {@code c} (in use, its last response complete) in this
     * reactor's safe list if it has served two requests or more, else in its idle list — or returns false
     * when the rules say close it (private, no pooling, server in maintenance, FDs short, pool-max-conn
     * reached, max-reuse reached, or more than the estimated need). The caller then calls
     * {@link #closeUsed}.
     */
    public boolean offerIdle(final ServerConnection c, final boolean reuseNever) {
        final Server server = c.server();
        final ServerPool p = server.pool();
        if (p == null || c.isPrivate() || reuseNever || p.purgeDelayNs == 0 || p.maxIdleConns == 0
            || server.isDisabled() || c.isClosed()) {
            return false;
        }
        if (p.maxReuse >= 0 && c.requestsServed() >= p.maxReuse) {
            return false;
        }
        final int usedFds = fds.open();
        if (usedFds >= fds.band(tuning.highFdRatio())) {
            return false;
        }
        final boolean safe = c.requestsServed() >= 2;
        final ServerPool.Slice s = p.slice(id);
        final boolean keepOne;
        idleConnsLock.lock();
        try {
            keepOne = s.safe.isEmpty() && (safe || s.idle.isEmpty());
        } finally {
            idleConnsLock.unlock();
        }
        if (!keepOne) {
            final int used = p.currUsedConns.get();
            final int idle = p.currIdleConns.get();
            final boolean withinNeed = usedFds < fds.band(tuning.lowFdRatio())
                && used + idle <= Math.max(used, p.estNeedConns.get()) + p.lowIdleConns;
            if (!withinNeed) {
                return false;
            }
        }
        if (p.currIdleConns.incrementAndGet() > p.maxIdleConns && p.maxIdleConns >= 0) {
            p.currIdleConns.decrementAndGet();
            return false;
        }
        p.unuseConnection();
        c.handler(null);
        c.endpoint().interest(SelectionKey.OP_READ);
        c.idleSinceNs = reactor.nowNs();
        idleConnsLock.lock();
        try {
            (safe ? s.safe : s.idle).addLast(c);
            c.accounted = safe ? ServerConnection.ACCOUNTED_SAFE : ServerConnection.ACCOUNTED_IDLE;
            (safe ? p.currSafeNb : p.currIdleNb).incrementAndGet();
        } finally {
            idleConnsLock.unlock();
        }
        p.currIdleThr.incrementAndGet(id);
        stats.kept.increment();
        armPurge(p, s);
        return true;
    }

    /** Closes a connection that was in use (not parked): one fewer used connection. */
    public void closeUsed(final ServerConnection c, final boolean abort) {
        final ServerPool p = c.server().pool();
        if (p != null && !c.isPrivate()) {
            p.unuseConnection();
        }
        if (abort) {
            c.abort();
        } else {
            c.close();
        }
    }

    /**
     * Unlinks {@code c} from the list it is in and takes it out of the idle counters, charging reactor
     * {@code listOwner}'s per-reactor count. Caller holds {@code listOwner}'s idleConnsLock.
     */
    static void unlinkLocked(final ServerPool p, final ServerConnection c, final int listOwner) {
        c.list.remove(c);
        if (c.accounted == ServerConnection.ACCOUNTED_SAFE) {
            p.currSafeNb.decrementAndGet();
        } else {
            p.currIdleNb.decrementAndGet();
        }
        c.accounted = ServerConnection.NOT_ACCOUNTED;
        p.currIdleConns.decrementAndGet();
        p.currIdleThr.decrementAndGet(listOwner);
    }

    // ------------------------------------------------------------------ idle events

    /**
     * An idle connection became readable: its server closed it, or sent bytes nobody asked for. Either
     * way it is unusable and closed; a spurious wake-up (nothing to read) puts it back. Called from
     * {@link ServerConnection#onSelected} with the connection's running flag held.
     */
    void onIdleEvent(final ServerConnection c) {
        final ServerPool p = c.server().pool();
        final boolean wasLinked;
        final boolean wasSafe;
        idleConnsLock.lock();
        try {
            wasLinked = c.owner == this && c.isLinked();
            wasSafe = c.accounted == ServerConnection.ACCOUNTED_SAFE;
            if (wasLinked) {
                unlinkLocked(p, c, id);
            }
        } finally {
            idleConnsLock.unlock();
        }
        if (!wasLinked) {
            return; // already handed to the purge, a kill or a stop, which close it
        }
        int n;
        probe.clear();
        try {
            n = c.endpoint().read(probe);
        } catch (final IOException e) {
            n = -1;
        }
        if (n == 0) {
            relink(p, c, wasSafe);
            return;
        }
        stats.closedByServer.increment();
        c.abort();
    }

    private void relink(final ServerPool p, final ServerConnection c, final boolean safe) {
        final ServerPool.Slice s = p.slice(id);
        p.currIdleConns.incrementAndGet();
        idleConnsLock.lock();
        try {
            (safe ? s.safe : s.idle).addLast(c);
            c.accounted = safe ? ServerConnection.ACCOUNTED_SAFE : ServerConnection.ACCOUNTED_IDLE;
            (safe ? p.currSafeNb : p.currIdleNb).incrementAndGet();
        } finally {
            idleConnsLock.unlock();
        }
        p.currIdleThr.incrementAndGet(id);
    }

    // ------------------------------------------------------------------ purge

    private void armPurge(final ServerPool p, final ServerPool.Slice s) {
        if (s.purgeTimerId == -1) {
            if (s.purgeHandler == null) {
                s.purgeHandler = (nowNs, timerId) -> purge(p, s);
            }
            s.purgeTimerId = reactor.timers().schedule(reactor.nowNs() + p.purgeDelayNs, s.purgeHandler);
        }
    }

    /**
     * Every {@code pool-purge-delay} while this reactor has idle connections to the server: close this
     * reactor's share of half the excess over the need estimate, oldest first, and let the estimate decay
     * toward the last peak (HAProxy's srv_cleanup_idle_conns).
     */
    void purge(final ServerPool p, final ServerPool.Slice s) {
        s.purgeTimerId = -1;
        final int currIdle = p.currIdleConns.get();
        if (currIdle > 0) {
            final int used = p.currUsedConns.get();
            final int maxUsed = p.maxUsedConns.get();
            int est = p.estNeedConns.get();
            int exceed = used + currIdle - Math.max(maxUsed, est);
            exceed = exceed / 2 + (exceed & 1);
            est = (est + maxUsed) / 2;
            p.estNeedConns.set(Math.max(est, maxUsed));
            p.maxUsedConns.set(used);
            if (exceed > 0) {
                final int share = exceed * p.currIdleThr.get(id) / currIdle + 1;
                closeOldest(p, s, share);
            }
        }
        final boolean more;
        idleConnsLock.lock();
        try {
            more = !s.isEmpty();
        } finally {
            idleConnsLock.unlock();
        }
        if (more) {
            armPurge(p, s);
        }
    }

    private void closeOldest(final ServerPool p, final ServerPool.Slice s, final int count) {
        batch.clear();
        idleConnsLock.lock();
        try {
            for (int i = 0; i < count; i++) {
                final ServerConnection c = s.oldest();
                if (c == null) {
                    break;
                }
                unlinkLocked(p, c, id);
                batch.add(c);
            }
        } finally {
            idleConnsLock.unlock();
        }
        for (final ServerConnection c : batch) {
            stats.purged.increment();
            c.abort();
        }
        batch.clear();
    }

    // ------------------------------------------------------------------ toRemove

    /**
     * Any thread, holding this pool's idleConnsLock and having unlinked {@code c}: hands it to this
     * reactor to close (a reactor never closes a sibling's channel). Wake-ups are coalesced.
     */
    void handOver(final ServerConnection c) {
        if (!toRemove.offer(c)) {
            return; // full: it stays unlinked and is closed at stop; rare and bounded
        }
        if (cleanupPending.compareAndSet(false, true)) {
            reactor.execute(cleanup);
        }
    }

    private void drainToRemove() {
        cleanupPending.set(false);
        ServerConnection c;
        while ((c = toRemove.poll()) != null) {
            stats.killsDone.increment();
            c.abort();
        }
    }

    // ------------------------------------------------------------------ stop

    /** Closes every idle connection of this reactor (process stop). */
    public void closeAll() {
        for (final Server server : servers) {
            final ServerPool p = server.pool();
            if (p != null) {
                closeOldest(p, p.slice(id), Integer.MAX_VALUE);
            }
        }
        drainToRemove();
    }
}
