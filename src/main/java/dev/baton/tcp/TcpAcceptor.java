package dev.baton.tcp;

import dev.baton.backend.Balancers;
import dev.baton.io.SocketEndpoint;
import dev.baton.listener.Acceptor;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.pool.ReactorPool;
import dev.baton.reactor.Reactor;

/** Starts a {@link TcpStream} for each client of a {@code mode tcp} frontend. */
public final class TcpAcceptor implements Acceptor {
    private final ConnectionLimits limits;
    private final ReactorPool[] pools;
    private final Balancers[] balancers;

    /** {@code pools} is indexed by reactor id: each stream dials through its reactor's pool. */
    public TcpAcceptor(final ConnectionLimits limits, final ReactorPool[] pools, final Balancers[] balancers) {
        this.limits = limits;
        this.pools = pools.clone();
        this.balancers = balancers.clone();
    }

    @Override
    public void onAccept(final Reactor reactor, final Frontend frontend, final SocketEndpoint client) {
        new TcpStream(reactor, pools[reactor.id()], balancers[reactor.id()], frontend, limits, client).start();
    }
}
