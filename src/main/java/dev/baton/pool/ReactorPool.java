package dev.baton.pool;

import dev.baton.backend.Server;
import dev.baton.backend.ServerRuntime;
import dev.baton.config.HttpReuse;
import dev.baton.config.IdlePoolTuning;
import dev.baton.config.SocketBuffers;
import dev.baton.io.BufferPool;
import dev.baton.io.FdBudget;
import dev.baton.reactor.CoalescedCommand;
import dev.baton.reactor.Reactor;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One reactor's share of every server's idle pool (DESIGN.md §3): its {@code idleConnsLock}, the idle
 * and safe lists of each server for this reactor (in {@link ServerPool.Slice}), its purge timers and its
 * {@code toRemove} inbox. Taking a connection over from a sibling is its {@link Takeover}'s.
 *
 * <p><b>Locking.</b> Every access to this reactor's lists holds {@link #idleConnsLock}, the owner's own
 * accesses included; other reactors only ever {@code tryLock} it. The lock is held for list surgery
 * only: no I/O, no close, no logging under it.
 *
 * <p><b>Owner-side protocol</b> (rule 8): every owner entry point for an idle connection (read event,
 * purge, stop) takes the lock, checks the connection is still linked here, unlinks it, releases the lock,
 * works, and relinks only what it unlinked.
 *
 * <p><b>toRemove, the one exception to "commands only".</b> Every other request from another thread reaches a
 * reactor as a command through its {@code dev.baton.ReactorProxy} (DESIGN.md rule 1). A sibling that
 * must free a descriptor under FD pressure (DESIGN.md §4) instead hands one of this reactor's idle connections to
 * its {@code toRemove} inbox, a bounded MPSC queue offered to under this pool's {@code idleConnsLock}
 * ({@link #handOverLocked}): the hand-over must be decided under that lock (the connection is unlinked there, and
 * only if the inbox has room, which every producer sees the same under the lock), and a command could not be
 * queued there without either allocating per connection or being refused after the unlink. Only the wake-up to
 * drain the inbox is a command ({@code ReactorProxy#cleanupToRemove}, coalesced).
 *
 * <p>Methods run on the owner reactor's thread unless marked "any thread"; the public entry points assert it.
 */
public final class ReactorPool {
    private static final int TO_REMOVE_CAPACITY = 4096;

    private final Reactor reactor;
    final int id;
    private final FdBudget fds;
    private final IdlePoolTuning tuning;
    private final ServerPools serverPools;
    final ReentrantLock idleConnsLock = new ReentrantLock();
    private final ManyToOneConcurrentArrayQueue<ServerConnection> toRemove =
        new ManyToOneConcurrentArrayQueue<>(TO_REMOVE_CAPACITY);
    private final CoalescedCommand cleanup = new CoalescedCommand(r -> drainToRemove());
    private final CoalescedCommand closeStopped = new CoalescedCommand(r -> closeStoppedServers());
    private final ByteBuffer probe = ByteBuffer.allocateDirect(256);
    private final ArrayList<ServerConnection> batch = new ArrayList<>();
    private final PoolActivity stats = new PoolActivity();
    private final Dialer dialer;
    private final Takeover takeover;
    /** Every reactor's pool, indexed by reactor id (this one included); set once before reactors run. */
    ReactorPool[] siblings = new ReactorPool[0];

    /** The process's socket budget, which this pool's dials count in (and other sockets of its reactor). */
    public FdBudget fds() {
        return fds;
    }

    public ReactorPool(final Reactor reactor, final FdBudget fds, final IdlePoolTuning tuning,
                       final ServerPools serverPools) {
        this(reactor, fds, tuning, serverPools, SocketBuffers.KERNEL);
    }

    /**
     * {@code serverBuffers}: the global {@code tune.rcvbuf.server} and {@code tune.sndbuf.server}, forced on every
     * server socket this pool opens (fixed for the process: a reload that changes them says a restart applies them).
     */
    public ReactorPool(final Reactor reactor, final FdBudget fds, final IdlePoolTuning tuning,
                       final ServerPools serverPools, final SocketBuffers serverBuffers) {
        this.reactor = reactor;
        this.id = reactor.id();
        this.fds = fds;
        this.tuning = tuning;
        this.serverPools = serverPools;
        this.dialer = new Dialer(fds, serverBuffers);
        this.takeover = new Takeover(this, fds, tuning, stats);
    }

    public Reactor reactor() {
        return reactor;
    }

    /** Introduces the pools to each other (takeover, FD-pressure kills); at start-up only. */
    public static void link(final ReactorPool[] all) {
        for (final ReactorPool p : all) {
            p.siblings = all.clone();
        }
    }

    /** Which servers pool, and their pools (shared by every reactor's pool). */
    public ServerPools serverPools() {
        return serverPools;
    }

    public PoolActivity stats() {
        return stats;
    }

    /** This reactor's record buffers for TLS server connections ({@link Dialer#tlsBuffers}). Owner thread. */
    BufferPool tlsBuffers(final int recordSize) {
        return dialer.tlsBuffers(recordSize);
    }

    /** The TLS record buffers, or null before any TLS server connection (tests check them for leaks). */
    public BufferPool tlsBuffersIfAny() {
        return dialer.tlsBuffersIfAny();
    }

    // ------------------------------------------------------------------ the streams' API

    /**
     * A connection to {@code server} for a request, in use and registered on this reactor, with no handler yet
     * (the caller sets one): an idle one as {@code http-reuse} allows for a session's first or later request
     * (DESIGN.md §3 table; {@code reuse} null: never pooled, as in {@code mode tcp}), else a new one, dialled
     * once FD pressure is relieved ({@link ServerConnection#isConnected()} tells whether its connect is done).
     * {@code http-reuse never} makes the new connection private to its session. Null when no socket could be
     * opened (a resource failure). IOException: the new connection's connect failed at once.
     */
    public ServerConnection acquire(final Server server, final boolean firstRequest, final HttpReuse reuse)
        throws IOException {
        return acquire(server, firstRequest, reuse, 0);
    }

    /**
     * As {@link #acquire(Server, boolean, HttpReuse)} for a client that connected to local port {@code clientPort}:
     * a server that maps ports is reached on that port (plus its offset), so its connections are never shared
     * (each is private to its session, as with {@code http-reuse never}).
     */
    public ServerConnection acquire(final Server server, final boolean firstRequest, final HttpReuse initialReuse,
                                    final int clientPort) throws IOException {
        return acquire(server, firstRequest, initialReuse, clientPort, null);
    }

    /**
     * As {@link #acquire(Server, boolean, HttpReuse, int)} for a request that sends {@code sni} as its TLS server
     * name (null: none): only an idle connection that sent the same name is reused, and a new one sends it (HAProxy
     * 2.4's hash-based reuse, where the SNI is part of a connection's identity).
     */
    public ServerConnection acquire(final Server server, final boolean firstRequest, final HttpReuse initialReuse,
                                    final int clientPort, final String sni) throws IOException {
        assert reactor.inReactorThread();
        final HttpReuse reuse = initialReuse != null && server.config().mapPorts() ? HttpReuse.NEVER : initialReuse;
        if (reuse != null && reuse != HttpReuse.NEVER) {
            ServerConnection c = null;
            if (!firstRequest) {
                c = takeIdle(server, false, sni);
            } else if (reuse == HttpReuse.AGGRESSIVE || reuse == HttpReuse.ALWAYS) {
                c = takeIdle(server, true, sni);
                if (c == null && reuse == HttpReuse.ALWAYS) {
                    c = takeIdle(server, false, sni);
                }
            }
            if (c != null) {
                return c;
            }
        }
        relieveFdPressure(server);
        final ServerConnection c = dialer.dial(this, server, clientPort, sni);
        if (c != null) {
            if (reuse == HttpReuse.NEVER) {
                c.makePrivate();
            } else {
                countNew(c);
            }
        }
        return c;
    }

    /**
     * Gives back a connection in use by this reactor whose exchange is over: parked in the idle or safe list
     * when {@code reusable} (the server kept it alive and nothing is left unread) and the keep rules agree
     * (HAProxy's srv_add_to_idle_list), else closed with FIN. A private connection is the session's business
     * and is closed here.
     */
    public void release(final ServerConnection c, final boolean reusable) {
        assert reactor.inReactorThread();
        if (!reusable || c.carriesProxyLine() || !offerIdle(c, false)) { // a PROXY header names one client
            closeUsed(c, false);
        }
    }

    /** Closes a connection in use that failed or is abandoned mid-exchange, with RST. */
    public void discard(final ServerConnection c) {
        assert reactor.inReactorThread();
        closeUsed(c, true);
    }

    // ------------------------------------------------------------------ reuse

    /**
     * HAProxy's conn_backend_get: the most recently parked connection to {@code server} from this
     * reactor's idle list (unless {@code safeOnly}), else from its safe list; failing that, unless
     * {@code tune.idle-pool.shared off}, one taken over from a sibling ({@link Takeover#steal}). Returns it
     * unlinked, counted as used, registered on this reactor, with no handler (the caller sets one), or null.
     */
    ServerConnection takeIdle(final Server server, final boolean safeOnly) {
        return takeIdle(server, safeOnly, null);
    }

    /** As {@link #takeIdle(Server, boolean)}, among the connections that sent {@code sni} (null: none). */
    ServerConnection takeIdle(final Server server, final boolean safeOnly, final String sni) {
        final ServerPool p = serverPools.of(server);
        if (p == null || p.currIdleConns.get() == 0) {
            return null;
        }
        ServerConnection c = takeOwn(p, safeOnly, sni);
        if (c == null && tuning.shared() && siblings.length > 1) {
            c = takeover.steal(p, safeOnly, sni);
        }
        if (c != null) {
            c.countUsed();
        }
        return c;
    }

    private ServerConnection takeOwn(final ServerPool p, final boolean safeOnly, final String sni) {
        final ServerPool.Slice s = p.slice(id);
        ServerConnection c = null;
        idleConnsLock.lock();
        try {
            if (!safeOnly) {
                c = s.idle.latestWith(sni);
            }
            if (c == null) {
                c = s.safe.latestWith(sni);
            }
            if (c != null) {
                unlinkLocked(p, c, id);
            }
        } finally {
            idleConnsLock.unlock();
        }
        if (c != null) {
            stats.reused.increment();
        }
        return c;
    }

    /**
     * Before dialling a new connection to {@code server} while used FDs are above the high band: close
     * this reactor's oldest idle connection to it, or else ask the first sibling whose lock is free and
     * which has one to close its oldest (a reactor never closes a sibling's channel itself).
     */
    void relieveFdPressure(final Server server) {
        final ServerPool p = serverPools.of(server);
        if (p == null || fds.open() <= fds.band(tuning.highFdRatio()) || p.currIdleConns.get() == 0) {
            return;
        }
        ServerConnection own = null;
        idleConnsLock.lock();
        try {
            own = p.slice(id).oldest();
            if (own != null) {
                unlinkLocked(p, own, id);
            }
        } finally {
            idleConnsLock.unlock();
        }
        if (own != null) {
            reactor.stats().killsDone.increment();
            own.abort();
            return;
        }
        final int n = siblings.length;
        for (int k = 1; k < n; k++) {
            final ReactorPool victim = siblings[(id + k) % n];
            if (p.currIdleThr.get(victim.id) == 0 || !victim.idleConnsLock.tryLock()) {
                continue;
            }
            try {
                final ServerConnection c = p.slice(victim.id).oldest();
                if (c != null && victim.handOverLocked(p, c)) {
                    reactor.stats().killsRequested.increment();
                    return;
                }
            } finally {
                victim.idleConnsLock.unlock();
            }
        }
    }

    /** A new connection was opened: unless it is private, count it as used (srv_use_conn). */
    void countNew(final ServerConnection c) {
        if (!c.isPrivate()) {
            c.countUsed();
        }
    }

    /**
     * HAProxy's srv_add_to_idle_list: parks {@code c} (in use, its last response complete) in this
     * reactor's safe list if it has served two requests or more, else in its idle list — or returns false
     * when the rules say close it (private, no pooling, server in maintenance, FDs short, pool-max-conn
     * reached, max-reuse reached, more than the estimated need, or a server its health checks found DOWN).
     * The caller then calls {@link #closeUsed}.
     */
    boolean offerIdle(final ServerConnection c, final boolean reuseNever) {
        final Server server = c.server();
        final ServerPool p = serverPools.of(server);
        if (p == null || c.pool() != p || c.isPrivate() || reuseNever || p.purgeDelayNs == 0 || p.maxIdleConns == 0
            || server.isDisabled() || !server.isRunning() || c.isClosed() || server.runtime().retired()) {
            // c.pool() != p: the server's address or TLS changed since c was opened (set server ... addr|ssl)
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
        c.uncountUsed();
        c.handler(null);
        c.io().interest(SelectionKey.OP_READ);
        c.idleSinceNs = reactor.nowNs();
        idleConnsLock.lock();
        try {
            linkLocked(p, c, safe);
        } finally {
            idleConnsLock.unlock();
        }
        c.releaseOwnerHold(); // stealable from now on, even while this event handler finishes
        stats.kept.increment();
        armPurge(p, s);
        return true;
    }

    /** Closes a connection that was in use (not parked): one fewer used connection. */
    void closeUsed(final ServerConnection c, final boolean abort) {
        c.uncountUsed();
        if (abort) {
            c.abort();
        } else {
            c.close();
        }
    }

    /**
     * Links {@code c} at the tail of this reactor's safe or idle list for its server and counts it there
     * (all but {@code currIdleConns}, which the caller raised first). Caller holds this pool's idleConnsLock:
     * counting under the lock keeps {@code currIdleThr[id]} equal to the lists' sizes for whoever takes the
     * lock, so a thief unlinking {@code c} at once never drives it below zero.
     */
    private void linkLocked(final ServerPool p, final ServerConnection c, final boolean safe) {
        final ServerPool.Slice s = p.slice(id);
        (safe ? s.safe : s.idle).addLast(c);
        c.accounted = safe ? ServerConnection.ACCOUNTED_SAFE : ServerConnection.ACCOUNTED_IDLE;
        (safe ? p.currSafeNb : p.currIdleNb).incrementAndGet();
        p.currIdleThr.incrementAndGet(id);
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
        final ServerPool p = c.pool();
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
            n = c.io().read(probe); // through TLS: records such as session tickets are no input
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
        p.currIdleConns.incrementAndGet();
        idleConnsLock.lock();
        try {
            linkLocked(p, c, safe);
        } finally {
            idleConnsLock.unlock();
        }
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
     * reactor's share of half the excess over the need estimate, oldest first ({@link ServerPool#purgeShare},
     * which also lets the estimate decay once per period).
     */
    void purge(final ServerPool p, final ServerPool.Slice s) {
        s.purgeTimerId = -1;
        final int share = p.purgeShare(id, reactor.nowNs());
        if (share > 0) {
            closeOldest(p, s, share);
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
     * Any thread, holding this pool's idleConnsLock: unlinks {@code c}, one of this reactor's idle
     * connections to the server of {@code p}, and hands it to this reactor to close (a reactor never closes
     * a sibling's channel); wake-ups are coalesced and never lost. Returns false and leaves {@code c} linked when
     * the toRemove inbox is full: an unlinked connection in no inbox would never be closed. Every producer holds
     * this lock, so the room seen is the room the offer finds.
     */
    private boolean handOverLocked(final ServerPool p, final ServerConnection c) {
        if (toRemove.remainingCapacity() == 0) {
            return false;
        }
        unlinkLocked(p, c, id);
        toRemove.offer(c);
        reactor.executeCoalesced(cleanupCommand()); // coalesced: never refused, never lost
        return true;
    }

    /** The command {@code ReactorProxy#cleanupToRemove} sends: drains {@code toRemove}. */
    public CoalescedCommand cleanupCommand() {
        return cleanup;
    }

    private void drainToRemove() {
        ServerConnection c;
        while ((c = toRemove.poll()) != null) {
            reactor.stats().killsDone.increment();
            c.abort();
        }
    }

    // ------------------------------------------------------------------ servers going DOWN

    /**
     * The command sent to every reactor when a server goes DOWN or into maintenance: each owner closes its own
     * idle and safe connections to every server that is DOWN or in maintenance now. Coalesced: never refused, never lost, and one
     * run serves any number of servers going down at once. A connection released after the run finds the server
     * DOWN and is not parked ({@link #offerIdle}).
     */
    public CoalescedCommand closeStoppedCommand() {
        return closeStopped;
    }

    private void closeStoppedServers() {
        closeIdleOf(true);
    }

    /** Closes this reactor's idle connections to every pooled server, or only to those DOWN or in maintenance now. */
    private void closeIdleOf(final boolean onlyStopped) {
        for (final ServerRuntime server : serverPools.runtimes()) {
            final ServerPool p = serverPools.of(server.server());
            if (p != null && !(onlyStopped && server.state().running() && !server.state().maint())) {
                closeOldest(p, p.slice(id), Integer.MAX_VALUE);
            }
        }
    }

    /**
     * A reload retired these pools' servers, or the runtime API replaced or removed these pools: closes this
     * reactor's idle connections in them. Owner thread.
     */
    public void closeRetired(final Collection<ServerPool> retired) {
        retired.forEach(p -> closeOldest(p, p.slice(id), Integer.MAX_VALUE)); // a used one comes back to offerIdle
    }

    // ------------------------------------------------------------------ stop

    /** Closes every idle connection of this reactor (process stop). */
    public void closeAll() {
        assert reactor.inReactorThread();
        closeIdleOf(false);
        drainToRemove();
    }
}
