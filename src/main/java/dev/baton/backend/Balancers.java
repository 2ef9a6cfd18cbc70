package dev.baton.backend;

import dev.baton.counters.Counter;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One reactor's load balancers, one per backend: part of the state a reactor owns (DESIGN.md §5), so a pick
 * takes no lock. Shared server state (weights, admin state, connection counts) is read through
 * {@link Server}'s volatile and atomic fields. Built at start-up, then used by that reactor's thread only.
 */
public final class Balancers {
    /** How many picks may lose their slot to other reactors before giving up. */
    private static final int PICK_ATTEMPTS = 4;

    private final int reactorId;
    private final Map<Backend, LoadBalancer> byBackend;

    /** {@code byBackend}: this reactor's balancer of each backend (read-only from now on). */
    public Balancers(final int reactorId, final Map<Backend, LoadBalancer> byBackend) {
        this.reactorId = reactorId;
        this.byBackend = new IdentityHashMap<>(byBackend);
    }

    /** This reactor's balancer of {@code backend}. */
    public LoadBalancer of(final Backend backend) {
        return byBackend.get(backend);
    }

    /**
     * Picks a server of {@code backend} and claims a slot on it (server {@code maxconn}); counts the pick.
     * Returns null when no server is usable or every pick lost its slot to another reactor.
     */
    public Server pickAndAcquire(final Backend backend, final int clientHash, final Server avoid) {
        final LoadBalancer balancer = byBackend.get(backend);
        Server skip = avoid;
        for (int i = 0; i < PICK_ATTEMPTS; i++) {
            final Server s = balancer.pick(clientHash, skip);
            if (s == null) {
                return null;
            }
            if (s.tryAcquire()) {
                s.counters().increment(reactorId, Counter.SELECTED);
                backend.counters().increment(reactorId, Counter.SELECTED);
                return s;
            }
            skip = s;
        }
        return null;
    }
}
