package dev.baton.backend;

import dev.baton.counters.Counter;
import dev.baton.queue.QueueInbox;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One reactor's load balancers, one per backend: part of the state a reactor owns (DESIGN.md §5), so a pick
 * takes no lock. Shared server state (weights, admin state, connection counts) is read through
 * {@link Server}'s volatile and atomic fields. Built at start-up, then used by that reactor's thread only (a reload's
 * backends get theirs on first use, {@link #retainOnly} drops the old ones).
 */
public final class Balancers {
    /** How many picks may lose their slot to other reactors before giving up. */
    private static final int PICK_ATTEMPTS = 4;

    private final int reactorId;
    private final Map<Backend, LoadBalancer> byBackend;
    /** Makes this reactor's balancer of a backend met for the first time (a reloaded one); null: never. */
    private final Function<Backend, LoadBalancer> factory;
    private final QueueInbox queueInbox;
    private boolean lastPickFull;
    private Server boundTo;

    /**
     * {@code byBackend}: this reactor's balancer of each backend (read-only from now on); {@code queueInbox}: the
     * reactor's inbox of queue hand-overs.
     */
    public Balancers(final int reactorId, final Map<Backend, LoadBalancer> byBackend, final QueueInbox queueInbox) {
        this(reactorId, byBackend, queueInbox, null);
    }

    /**
     * As above, and {@code factory} makes the balancer of any other backend the first time this reactor balances
     * over it: the backends of each configuration a reload publishes (their balancer state starts afresh, as in
     * HAProxy after a reload). Making one allocates, once per backend and configuration.
     */
    public Balancers(final int reactorId, final Map<Backend, LoadBalancer> byBackend, final QueueInbox queueInbox,
                     final Function<Backend, LoadBalancer> factory) {
        this.reactorId = reactorId;
        this.byBackend = new IdentityHashMap<>(byBackend);
        this.queueInbox = queueInbox;
        this.factory = factory;
    }

    /** Balancers without a queue inbox, for tests whose backends never queue. */
    public Balancers(final int reactorId, final Map<Backend, LoadBalancer> byBackend) {
        this(reactorId, byBackend, null);
    }

    /**
     * This reactor's balancer of {@code backend}: made anew (by the factory) when it meets the backend for the first
     * time or when the backend's server list changed since its balancer was built (one volatile read per pick).
     */
    public LoadBalancer of(final Backend backend) {
        final LoadBalancer b = byBackend.get(backend);
        if (factory == null || b != null && b.serversVersion() == backend.serversVersion()) {
            return b;
        }
        final LoadBalancer made = factory.apply(backend);
        byBackend.put(backend, made);
        return made;
    }

    /**
     * A reload published a configuration whose backends are {@code current}: the balancers of the others are
     * dropped (a stream of an older configuration that balances again gets a new one from the factory), so old
     * configurations do not stay reachable. Owner reactor.
     */
    public void retainOnly(final Collection<Backend> current) {
        final Set<Backend> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        keep.addAll(current);
        byBackend.keySet().retainAll(keep);
    }

    /**
     * Picks a server of {@code backend} and claims a slot on it (server {@code maxconn}); counts the pick.
     * Returns null when no server is usable, or when every usable one is full: {@link #lastPickFull()} tells
     * which. While streams wait in the backend's queue, a newcomer does not even ask the balancer: it queues
     * behind them (HAProxy's shortcut for the round-robin kinds, applied to every algorithm so that no newcomer
     * overtakes a waiter). {@code key}: the stream's balancing key ({@link LoadBalancer#pick}).
     */
    public Server pickAndAcquire(final Backend backend, final long key, final Server avoid) {
        lastPickFull = false;
        boundTo = null;
        final LoadBalancer balancer = of(backend);
        if (backend.queues().queue().size() != 0 && !balancer.bindsWhenFull()) {
            lastPickFull = backend.hasEligibleServer();
            return null;
        }
        Server skip = avoid;
        for (int i = 0; i < PICK_ATTEMPTS; i++) {
            final Server s = balancer.pick(key, skip);
            if (s == null) {
                lastPickFull = backend.hasEligibleServer();
                return null;
            }
            if (s.tryAcquire()) {
                s.counters().increment(reactorId, Counter.SELECTED);
                backend.counters().increment(reactorId, Counter.SELECTED);
                return s;
            }
            if (balancer.bindsWhenFull() && s.maxconn() != 0) {
                lastPickFull = true;
                boundTo = s; // the stream waits in this server's queue (docs/queues.md Q2, Q4)
                s.counters().increment(reactorId, Counter.SELECTED);
                backend.counters().increment(reactorId, Counter.SELECTED);
                return null;
            }
            skip = s;
        }
        lastPickFull = true; // every pick lost its slot to another reactor: the servers are full
        return null;
    }

    /** Whether the last {@link #pickAndAcquire} that returned null did so because every usable server is full. */
    public boolean lastPickFull() {
        return lastPickFull;
    }

    /**
     * After a {@link #pickAndAcquire} that returned null with {@link #lastPickFull()}: the full server the
     * stream is bound to (it waits in that server's queue), or null (it waits in the backend's).
     */
    public Server lastBoundTo() {
        return boundTo;
    }

    /** The inbox where this reactor's streams hear that their queue wait ended; null in balancer-only tests. */
    public QueueInbox queueInbox() {
        return queueInbox;
    }
}
