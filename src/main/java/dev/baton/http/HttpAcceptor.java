package dev.baton.http;

import dev.baton.backend.Balancers;
import dev.baton.io.SocketEndpoint;
import dev.baton.listener.Acceptor;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.pool.ReactorPool;
import dev.baton.reactor.Reactor;
import dev.baton.stats.StatsSnapshot;
import dev.baton.stats.StatsSource;

import java.util.function.Supplier;

/** Starts an {@link HttpSession} for each client of a {@code mode http} frontend. */
public final class HttpAcceptor implements Acceptor {
    private final ConnectionLimits limits;
    private final ReactorPool[] pools;
    private final Balancers[] balancers;
    private final StatsService stats;
    /** The free request workspaces of each reactor, indexed by reactor id; each touched by its reactor only. */
    private final RequestWorkspaces[] workspaces;

    /**
     * {@code pools} is indexed by reactor id; {@code snapshots} gives the figures of the stats page and the
     * Prometheus exporter, read once per request for them (any thread); {@code source} is where the stats
     * page's admin forms ({@code stats admin}) change server states.
     */
    public HttpAcceptor(final ConnectionLimits limits, final ReactorPool[] pools, final Balancers[] balancers,
                        final Supplier<StatsSnapshot> snapshots, final StatsSource source) {
        this.limits = limits;
        this.stats = new StatsService(snapshots, source);
        this.pools = pools.clone();
        this.balancers = balancers.clone();
        this.workspaces = new RequestWorkspaces[pools.length];
        for (int i = 0; i < pools.length; i++) {
            workspaces[i] = new RequestWorkspaces(pools[i].reactor().buffers().bufferSize());
        }
        ErrorReplies.buildAll();
    }

    @Override
    public void onAccept(final Reactor reactor, final Frontend frontend, final SocketEndpoint client) {
        new HttpSession(reactor, pools[reactor.id()], balancers[reactor.id()], frontend, limits, client, stats, workspaces[reactor.id()])
            .start();
    }

    /** The free request workspaces of reactor {@code reactorId}; read them on that reactor's thread. */
    RequestWorkspaces workspaces(final int reactorId) {
        return workspaces[reactorId];
    }
}
