package dev.baton.tcp;

import dev.baton.backend.Balancers;
import dev.baton.io.Endpoint;
import dev.baton.listener.Acceptor;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.pool.ReactorPool;
import dev.baton.reactor.Reactor;

/** Starts a {@link TcpStream} for each client of a {@code mode tcp} frontend, on one reactor. */
public final class TcpAcceptor implements Acceptor {
    private final Reactor reactor;
    private final ReactorPool pool;
    private final Balancers balancers;
    private final ConnectionLimits limits;

    /** The reactor's pool dials, its balancers pick. */
    public TcpAcceptor(final Reactor reactor, final ReactorPool pool, final Balancers balancers,
                       final ConnectionLimits limits) {
        this.reactor = reactor;
        this.pool = pool;
        this.balancers = balancers;
        this.limits = limits;
    }

    @Override
    public void onAccept(final Frontend frontend, final Endpoint client) {
        new TcpStream(reactor, pool, balancers, frontend, limits, client).start();
    }
}
