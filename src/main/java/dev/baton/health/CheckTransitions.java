package dev.baton.health;

import dev.baton.backend.Backend;
import dev.baton.backend.CheckReport;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.log.ServerEventLog;
import dev.baton.pool.ReactorPool;

/**
 * The daemon's {@link CheckEvents}: logs HAProxy's lines, as HAProxy 2.6 does, both as a process warning on
 * stderr and, when the backend has {@code log global}, on the log targets at HAProxy's severities ({@link ServerEventLog}); a backend
 * left with no usable server gets HAProxy's alert. A server going DOWN has its idle connections closed on every
 * reactor, each by its owner ({@link ReactorPool#closeStoppedCommand}, coalesced: the check's reactor never waits).
 * Logging goes through tinylog's writing thread, so nothing here blocks. Any reactor.
 */
public final class CheckTransitions implements CheckEvents {
    private final ReactorPool[] pools;

    /** @param pools every reactor's pool, indexed by reactor id */
    public CheckTransitions(final ReactorPool[] pools) {
        this.pools = pools.clone();
    }

    @Override
    public void serverDown(final Server server, final CheckReport report) {
        // HAProxy: alert, unless the server was draining (or soft-stopped: not told here, so alert then too)
        ServerEventLog.server(server, server.isDraining() ? ServerEventLog.Severity.NOTICE
            : ServerEventLog.Severity.ALERT, CheckMessages.down(server, report));
        for (final ReactorPool pool : pools) {
            pool.reactor().executeCoalesced(pool.closeStoppedCommand());
        }
        alertIfNoServer(server);
    }

    @Override
    public void serverStopping(final Server server, final CheckReport report) {
        ServerEventLog.server(server, ServerEventLog.Severity.NOTICE, CheckMessages.stopping(server, report));
        alertIfNoServer(server);
    }

    @Override
    public void checkLogged(final Server server, final CheckReport report, final ServerState after) {
        ServerEventLog.server(server, ServerEventLog.Severity.NOTICE, CheckMessages.check(server, report, after));
    }

    @Override
    public void serverUp(final Server server, final CheckReport report) {
        ServerEventLog.server(server, ServerEventLog.Severity.NOTICE, CheckMessages.up(server, report));
    }

    /** HAProxy's alert when {@code server}, usable until now, leaves its backend without a usable server. */
    private static void alertIfNoServer(final Server server) {
        final Backend backend = server.backend();
        if (!server.isDisabled() && !server.isDraining() && server.weight() > 0
            && CheckMessages.usable(backend, false) + CheckMessages.usable(backend, true) == 0) {
            ServerEventLog.noServer(CheckMessages.noServerAlert(backend), CheckMessages.noServer(backend),
                backend.config().logGlobal());
        }
    }
}
