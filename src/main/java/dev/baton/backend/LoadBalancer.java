package dev.baton.backend;

/**
 * Chooses a server of one backend for a new connection.
 *
 * <p>Each reactor owns its own instance per backend (see {@code dev.baton.backend.balance.LoadBalancers}, where the algorithms live), so an instance is
 * used by one thread only and needs no lock; shared server state (weight, enabled, connection counts) is
 * read through {@link Server}'s volatile and atomic fields. Distribution is exact per instance and so
 * proportional overall.
 *
 * <p>Servers considered: the eligible ({@link Server#isEligible()}) active servers with room (by default a free
 * slot, {@link Server#hasFreeSlot()}); when every eligible active is full, none (the stream queues); only when no
 * active is eligible, the first eligible backup server in configuration order (HAProxy's default without
 * {@code option allbackups}). No allocation per call.
 */
public interface LoadBalancer {
    /** The key of a stream that has none for a hash algorithm (a missing parameter or header): round robin. */
    long NO_KEY = -1L;

    /**
     * Picks a server, or returns null when no server is usable.
     *
     * @param key   for the hash algorithms, the 32-bit hash of the stream's key as an unsigned value (0 to
     *              2^32-1: the client address for {@code source}, see {@code BalanceKeys}), or {@link #NO_KEY};
     *              the other algorithms ignore it
     * @param avoid a server to skip if any other is usable (a redispatch after a failure), or null
     */
    Server pick(long key, Server avoid);

    /**
     * Whether a picked server that turns out to be full binds the stream to it anyway, so that it waits in that
     * server's queue (HAProxy: a hash algorithm returns its server full or not; {@code leastconn} may pick a full
     * server that has room in its {@code maxqueue}). False: the stream picks again or waits in the backend's queue.
     */
    default boolean bindsWhenFull() {
        return false;
    }

    /**
     * The {@link Backend#serversVersion()} of the server list this balancer was built over: when the backend's
     * differs (the runtime API added or deleted a server), the reactor builds a new one ({@link Balancers#of}).
     */
    int serversVersion();
}
