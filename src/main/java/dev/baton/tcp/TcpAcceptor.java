package dev.baton.tcp;

import dev.baton.backend.Backend;
import dev.baton.backend.Balancers;
import dev.baton.config.Mode;
import dev.baton.io.Endpoint;
import dev.baton.listener.Acceptor;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.pool.ReactorPool;
import dev.baton.reactor.Reactor;

/**
 * Starts a {@link TcpStream} for each client of a {@code mode tcp} frontend, on one reactor. A frontend whose
 * {@code default_backend} is in {@code mode http} has its streams upgraded to HTTP, as HAProxy 2.1+ does in
 * {@code stream_set_backend} (the client connection then speaks HTTP/1.1 with the backend's rules, keep-alive and
 * errors): baton chooses that backend before reading any byte (the frontend's {@code tcp-request content} rules do
 * not run for such a stream), so the client connection is handed whole to the HTTP acceptor of the same reactor.
 */
public final class TcpAcceptor implements Acceptor {
    private final Reactor reactor;
    private final ReactorPool pool;
    private final Balancers balancers;
    private final ConnectionLimits limits;
    /** Where the streams of a tcp frontend chained to an http backend go (null: never upgraded). */
    private final Acceptor upgrade;

    /** The reactor's pool dials, its balancers pick; no stream is upgraded to HTTP. */
    public TcpAcceptor(final Reactor reactor, final ReactorPool pool, final Balancers balancers,
                       final ConnectionLimits limits) {
        this(reactor, pool, balancers, limits, null);
    }

    /** As above, with {@code upgrade} (the reactor's HTTP acceptor) serving clients bound for an http backend. */
    public TcpAcceptor(final Reactor reactor, final ReactorPool pool, final Balancers balancers,
                       final ConnectionLimits limits, final Acceptor upgrade) {
        this.reactor = reactor;
        this.pool = pool;
        this.balancers = balancers;
        this.limits = limits;
        this.upgrade = upgrade;
    }

    @Override
    public void onAccept(final Frontend frontend, final Endpoint client) {
        final Backend target = frontend.defaultBackend();
        if (upgrade != null && target != null && target.config().mode() == Mode.HTTP) {
            upgrade.onAccept(frontend, client);
            return;
        }
        new TcpStream(reactor, pool, balancers, frontend, limits, client).start();
    }
}
