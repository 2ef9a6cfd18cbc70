package dev.baton.pool;

import dev.baton.backend.Server;
import dev.baton.config.PoolOptions;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which servers have an idle-connection pool, and each one's {@link ServerPool}: the servers of HTTP backends
 * (a tcp stream's server connection dies with it). Built once at start-up and read-only afterwards, so every
 * reactor reads it without a lock. The pool package owns this mapping; a {@link Server} knows nothing of
 * pools.
 */
public final class ServerPools {
    private final Map<Server, ServerPool> pools;

    /** The pools of {@code pools}' servers, as given (tests build their own). */
    public ServerPools(final Map<Server, ServerPool> pools) {
        this.pools = Collections.unmodifiableMap(new IdentityHashMap<>(pools));
    }

    /** A pool for each of {@code servers}, set up from its {@code pool-*} and {@code max-reuse} options. */
    public static ServerPools build(final int reactors, final List<Server> servers) {
        final Map<Server, ServerPool> map = new IdentityHashMap<>();
        for (final Server s : servers) {
            final PoolOptions o = s.config().pool();
            map.put(s, new ServerPool(reactors, o.poolMaxConn(), o.poolLowConn(), o.poolPurgeDelayMs(), o.maxReuse()));
        }
        return new ServerPools(map);
    }

    /** The pool of {@code server}, or null when it has none. Any thread. */
    public ServerPool of(final Server server) {
        return pools.get(server);
    }

    /** The servers that have a pool. */
    public Collection<Server> servers() {
        return pools.keySet();
    }
}
