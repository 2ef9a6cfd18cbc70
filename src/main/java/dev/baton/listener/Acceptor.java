package dev.baton.listener;

import dev.baton.io.Endpoint;


/**
 * What a listener does with a freshly accepted client: start a stream (TCP or HTTP) on its reactor. There is
 * one acceptor per reactor and mode, holding that reactor's share of what streams need (its pool, balancers,
 * request workspaces): per-reactor state hangs off it, not off arrays indexed by reactor id. The client comes as an endpoint registered for reads, whose handler the stream sets: the socket itself, or a TLS endpoint over it whose handshake is done. The
 * connection slot in {@link ConnectionLimits} and the socket in the FD budget are already counted; the
 * acceptor owns both from now on and must release them when the client goes.
 */
@FunctionalInterface
public interface Acceptor {
    void onAccept(Frontend frontend, Endpoint client);
}
