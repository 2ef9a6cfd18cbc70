package dev.baton.tls;

import dev.baton.io.Endpoint;

import java.net.InetSocketAddress;

/**
 * An {@link Endpoint} layered over a socket endpoint ({@link TlsConnection}, which moves the bytes): what the layer
 * does not change is the socket's, as is: the addresses (kept here once a failed handshake closed the socket, which
 * no longer tells them), the Unix listener a client came through, the PROXY protocol header's facts, the session variables, the stick counters of the
 * connection, when it was accepted, and its socket options ({@code set-tos}, {@code set-mark}). Owner reactor's
 * thread only, like the socket it wraps; allocates nothing.
 */
abstract class LayeredEndpoint implements Endpoint {
    /** The socket endpoint (or what wraps it, after a PROXY protocol header). */
    final Endpoint socket;
    /** The addresses, kept when the handshake fails (the closed socket no longer tells them). */
    InetSocketAddress remote;
    InetSocketAddress local;

    LayeredEndpoint(final Endpoint socket) {
        this.socket = socket;
    }

    @Override
    public boolean setTos(final int tos) {
        return socket.setTos(tos);
    }

    @Override
    public boolean setMark(final int mark) {
        return socket.setMark(mark);
    }

    @Override
    public void addresses(final InetSocketAddress remote, final InetSocketAddress local) {
        if (remote != null) {
            this.remote = remote;
        }
        if (local != null) {
            this.local = local;
        }
    }

    @Override
    public dev.baton.sample.vars.VarStore sessionVars() {
        return socket.sessionVars();
    }

    @Override
    public void sessionVars(final dev.baton.sample.vars.VarStore vars) {
        socket.sessionVars(vars);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote != null ? remote : socket.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return local != null ? local : socket.localAddress();
    }

    @Override
    public int unixListenerId() {
        return socket.unixListenerId();
    }

    @Override
    public byte[] proxyAuthority() {
        return socket.proxyAuthority();
    }

    @Override
    public byte[] proxyUniqueId() {
        return socket.proxyUniqueId();
    }

    @Override
    public boolean receivedProxyHeader() {
        return socket.receivedProxyHeader();
    }

    @Override
    public long acceptNs() {
        return socket.acceptNs();
    }

    @Override
    public dev.baton.stick.StickCounters connectionCounters() {
        return socket.connectionCounters();
    }

    @Override
    public dev.baton.counters.ListenerCounters listenerCounters() {
        return socket.listenerCounters();
    }
}
