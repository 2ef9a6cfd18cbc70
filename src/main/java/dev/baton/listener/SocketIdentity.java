package dev.baton.listener;

import dev.baton.config.BindConfig;
import dev.baton.config.BindOptions;

/**
 * What shapes a {@code bind} address's listening socket (docs/reload.md "Listeners"): its family and address,
 * port, backlog, thread set and socket options; not what only routes its clients (frontend, {@code maxconn},
 * {@code accept-proxy}, TLS, name). Two binds with the same identity can share the socket, so a reload keeps it
 * open: not one connection refused, SO_REUSEPORT sockets not re-created.
 */
public record SocketIdentity(BindConfig.Family family, String host, int port, String path, int fd, int backlog,
                             BindOptions options) {
    /** The identity of {@code bind}'s socket ({@code maxconn} left out: it is the route's). */
    public static SocketIdentity of(final BindConfig bind) {
        final BindOptions o = bind.options();
        return new SocketIdentity(bind.family(), bind.host(), bind.port(), bind.path(), bind.fd(), bind.backlog(),
            new BindOptions(0, o.threads(), o.deferAccept(), o.tfo(), o.iface(), o.mss(), o.transparent(),
                o.v6only(), o.tcpUtMs(), o.mode(), o.uid(), o.gid()));
    }
}
