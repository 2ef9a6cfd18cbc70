package dev.baton.listener;

import dev.baton.reactor.Reactor;

import java.nio.channels.SocketChannel;

/**
 * What a frontend does with a freshly accepted client: start a stream (TCP or HTTP) on the reactor that
 * accepted it. The connection slot in {@link ConnectionLimits} and the socket in the FD budget are
 * already counted; the acceptor owns both from now on and must release them when the client goes.
 */
@FunctionalInterface
public interface Acceptor {
    void onAccept(Reactor reactor, Frontend frontend, SocketChannel client);
}
