package dev.baton.backend;

/**
 * Chooses a server of one backend for a new connection.
 *
 * <p>Each reactor owns its own instance per backend (see {@code dev.baton.backend.balance.LoadBalancers}, where the algorithms live), so an instance is
 * used by one thread only and needs no lock; shared server state (weight, enabled, connection counts) is
 * read through {@link Server}'s volatile and atomic fields. Distribution is exact per instance and so
 * proportional overall.
 *
 * <p>Servers considered: the eligible ({@link Server#isEligible()}) active servers with a free slot
 * ({@link Server#hasFreeSlot()}); only when there is none, the first such backup server in configuration
 * order (HAProxy's default without {@code option allbackups}). No allocation per call.
 */
public interface LoadBalancer {
    /**
     * Picks a server, or returns null when no server is usable.
     *
     * @param clientHash a hash of the client's address (used by {@code source}; others ignore it)
     * @param avoid      a server to skip if any other is usable (a redispatch after a failure), or null
     */
    Server pick(int clientHash, Server avoid);
}
