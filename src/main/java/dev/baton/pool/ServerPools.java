package dev.baton.pool;

import dev.baton.backend.Server;
import dev.baton.backend.ServerRuntime;
import dev.baton.config.PoolOptions;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which servers have an idle-connection pool, and each one's {@link ServerPool}: the servers of HTTP backends
 * (a tcp stream's server connection dies with it). Keyed by {@link ServerRuntime}, the identity a server keeps
 * across reloads, so a kept server finds its warm pool. The map is immutable and replaced whole by a reload
 * ({@link #replace}, a volatile write), so every reactor reads it without a lock. The pool package owns this
 * mapping; a {@link Server} knows nothing of pools.
 */
public final class ServerPools {
    private volatile Map<ServerRuntime, ServerPool> pools;

    /** The pools of {@code pools}' servers, as given (tests build their own). */
    public ServerPools(final Map<Server, ServerPool> pools) {
        final Map<ServerRuntime, ServerPool> byRuntime = new IdentityHashMap<>();
        pools.forEach((s, p) -> byRuntime.put(s.runtime(), p));
        this.pools = Collections.unmodifiableMap(byRuntime);
    }

    /** A pool for each of {@code servers}, set up from its {@code pool-*} and {@code max-reuse} options. */
    public static ServerPools build(final int reactors, final List<Server> servers) {
        final ServerPools out = new ServerPools(Map.of());
        out.replace(out.next(reactors, servers));
        return out;
    }

    /**
     * The map a new configuration's {@code servers} need: the pool in use for a server whose runtime was kept,
     * a new one for the others. Reload thread; nothing changes until {@link #replace}.
     */
    public Map<ServerRuntime, ServerPool> next(final int reactors, final List<Server> servers) {
        final Map<ServerRuntime, ServerPool> map = new IdentityHashMap<>();
        final Map<ServerRuntime, ServerPool> now = pools;
        for (final Server s : servers) {
            final ServerPool kept = now.get(s.runtime());
            final PoolOptions o = s.config().pool();
            map.put(s.runtime(), kept != null ? kept
                : new ServerPool(reactors, o.poolMaxConn(), o.poolLowConn(), o.poolPurgeDelayMs(), o.maxReuse()));
        }
        return map;
    }

    /** Publishes {@code next} (from {@link #next}); returns the map it replaced. Reload thread. */
    public synchronized Map<ServerRuntime, ServerPool> replace(final Map<ServerRuntime, ServerPool> next) {
        final Map<ServerRuntime, ServerPool> before = pools;
        pools = Collections.unmodifiableMap(new IdentityHashMap<>(next));
        return before;
    }

    /**
     * The runtime API gave {@code server} a pool (an {@code add server} in an HTTP backend) or a fresh one in place
     * of its current (its address or TLS changed: connections of the old pool are not reused, see
     * {@link ReactorPool#offerIdle}). Returns the pool replaced, or null. The reload thread (which also runs the
     * reloads, so writers never overlap).
     */
    public synchronized ServerPool renew(final int reactors, final Server server) {
        final Map<ServerRuntime, ServerPool> next = new IdentityHashMap<>(pools);
        final PoolOptions o = server.config().pool();
        final ServerPool before = next.put(server.runtime(),
            new ServerPool(reactors, o.poolMaxConn(), o.poolLowConn(), o.poolPurgeDelayMs(), o.maxReuse()));
        pools = Collections.unmodifiableMap(next);
        return before;
    }

    /** {@code del server}: {@code server} has no pool any more. Returns the one it had, or null. Reload thread. */
    public synchronized ServerPool remove(final Server server) {
        final Map<ServerRuntime, ServerPool> next = new IdentityHashMap<>(pools);
        final ServerPool before = next.remove(server.runtime());
        pools = Collections.unmodifiableMap(next);
        return before;
    }

    /** The pool of {@code server}, or null when it has none. Any thread. */
    public ServerPool of(final Server server) {
        return pools.get(server.runtime());
    }

    /** The servers that have a pool, by runtime. */
    public Collection<ServerRuntime> runtimes() {
        return pools.keySet();
    }
}
