package dev.baton.http;

import dev.baton.listener.Acceptor;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.pool.ReactorPool;
import dev.baton.reactor.FdBudget;
import dev.baton.reactor.Reactor;

import java.nio.channels.SocketChannel;

/** Starts an {@link HttpSession} for each client of a {@code mode http} frontend. */
public final class HttpAcceptor implements Acceptor {
    private final ConnectionLimits limits;
    private final FdBudget fds;
    private final ReactorPool[] pools;

    /** {@code pools} is indexed by reactor id. */
    public HttpAcceptor(final ConnectionLimits limits, final FdBudget fds, final ReactorPool[] pools) {
        this.limits = limits;
        this.fds = fds;
        this.pools = pools.clone();
        ErrorReplies.buildAll();
    }

    @Override
    public void onAccept(final Reactor reactor, final Frontend frontend, final SocketChannel client) {
        new HttpSession(reactor, pools[reactor.id()], frontend, limits, fds, client).start();
    }
}
