package dev.baton.tcp;

import dev.baton.listener.Acceptor;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.reactor.FdBudget;
import dev.baton.reactor.Reactor;

import java.nio.channels.SocketChannel;

/** Starts a {@link TcpStream} for each client of a {@code mode tcp} frontend. */
public final class TcpAcceptor implements Acceptor {
    private final ConnectionLimits limits;
    private final FdBudget fds;

    public TcpAcceptor(final ConnectionLimits limits, final FdBudget fds) {
        this.limits = limits;
        this.fds = fds;
    }

    @Override
    public void onAccept(final Reactor reactor, final Frontend frontend, final SocketChannel client) {
        new TcpStream(reactor, frontend, limits, fds, client).start();
    }
}
