package dev.baton.listener;

import dev.baton.io.SocketEndpoint;
import dev.baton.reactor.Reactor;


/**
 * What a frontend does with a freshly accepted client: start a stream (TCP or HTTP) on the reactor that
 * accepted it. The client comes as an endpoint registered for reads, whose handler the stream sets. The
 * connection slot in {@link ConnectionLimits} and the socket in the FD budget are already counted; the
 * acceptor owns both from now on and must release them when the client goes.
 */
@FunctionalInterface
public interface Acceptor {
    void onAccept(Reactor reactor, Frontend frontend, SocketEndpoint client);
}
