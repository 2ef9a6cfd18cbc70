package dev.baton.http;

import dev.baton.config.TuneSettings;

import dev.baton.backend.Balancers;
import dev.baton.io.Endpoint;
import dev.baton.listener.Acceptor;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.pool.ReactorPool;
import dev.baton.reactor.Reactor;
import dev.baton.stats.StatsSnapshot;
import dev.baton.stats.StatsSource;

import java.util.function.Supplier;

/**
 * Starts an {@link HttpSession} for each client of a {@code mode http} frontend, on one reactor: it holds that
 * reactor's idle pool, balancers and free request workspaces, which its sessions share.
 */
public final class HttpAcceptor implements Acceptor {
    private final Reactor reactor;
    private final ReactorPool pool;
    private final Balancers balancers;
    private final ConnectionLimits limits;
    private final StatsService stats;
    /** The reactor's free request workspaces; touched by its thread only. */
    private final RequestWorkspaces workspaces;

    /**
     * {@code snapshots} gives the figures of the stats page and the Prometheus exporter, read once per request
     * for them (any thread); {@code source} is where the stats page's admin forms ({@code stats admin}) change
     * server states. {@code headLimit}: the largest request or response head ({@code GlobalConfig#headLimit()}).
     */
    public HttpAcceptor(final Reactor reactor, final ReactorPool pool, final Balancers balancers,
                        final ConnectionLimits limits, final Supplier<StatsSnapshot> snapshots,
                        final StatsSource source, final int headLimit) {
        this(reactor, pool, balancers, limits, snapshots, source, headLimit, TuneSettings.DEFAULTS);
    }

    /**
     * As above under the global {@code tune} settings: heads of at most {@code tune.http.maxhdr} lines, log lines
     * keeping {@code tune.http.logurilen} bytes of the request line.
     */
    public HttpAcceptor(final Reactor reactor, final ReactorPool pool, final Balancers balancers,
                        final ConnectionLimits limits, final Supplier<StatsSnapshot> snapshots,
                        final StatsSource source, final int headLimit, final TuneSettings tune) {
        this.reactor = reactor;
        this.pool = pool;
        this.balancers = balancers;
        this.limits = limits;
        this.stats = new StatsService(snapshots, source);
        this.workspaces = new RequestWorkspaces(headLimit, tune);
        ErrorReplies.buildAll();
    }

    @Override
    public void onAccept(final Frontend frontend, final Endpoint client) {
        if (client.tls() != null && "h2".equals(client.tls().alpn())) {
            H2Front.accept(reactor, pool, balancers, frontend, limits, client, stats, workspaces);
            return;
        }
        final HttpSession session = new HttpSession(reactor, pool, balancers, frontend, limits, client, stats,
            workspaces);
        session.start();
        reactor.afterEvents(session.firstRead); // the request is usually there already: read it before any selection
    }

    /** The reactor's free request workspaces; read them on its thread. */
    RequestWorkspaces workspaces() {
        return workspaces;
    }
}
