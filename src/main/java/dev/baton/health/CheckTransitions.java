package dev.baton.health;

import dev.baton.backend.Backend;
import dev.baton.backend.CheckReport;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.log.ServerEventLog;
import dev.baton.pool.ReactorPool;
import dev.baton.reactor.Reactor;

/**
 * The daemon's {@link CheckEvents}: logs HAProxy's lines, as HAProxy 2.6 does, both as a process warning on
 * stderr and, when the backend has {@code log global}, on the log targets at HAProxy's severities ({@link ServerEventLog}); a backend
 * left with no usable server gets HAProxy's alert. A server going DOWN has its idle connections closed on every
 * reactor, each by its owner ({@link ReactorPool#closeStoppedCommand}, coalesced: the check's reactor never waits),
 * and the {@code on-marked-down}/{@code on-marked-up} actions kill streams ({@link StreamShutdowns}). The servers
 * that {@code track} it follow each transition, with HAProxy's "via" lines ({@link TrackMessages}), and their own
 * trackers after them.
 * Logging goes through tinylog's writing thread, so nothing here blocks. Any reactor.
 */
public final class CheckTransitions implements CheckEvents {
    private final ReactorPool[] pools;
    private final StreamShutdowns shutdowns;

    /** @param pools every reactor's pool, indexed by reactor id */
    public CheckTransitions(final ReactorPool[] pools) {
        this.pools = pools.clone();
        final Reactor[] reactors = new Reactor[pools.length];
        for (int i = 0; i < pools.length; i++) {
            reactors[i] = pools[i].reactor();
        }
        this.shutdowns = new StreamShutdowns(reactors);
    }

    /**
     * {@code on-marked-down shutdown-sessions} also applies when {@code server}, still running, enters
     * maintenance (forced or inherited), as HAProxy's srv_update_status. Start-up only.
     */
    public void watchMaintenance(final Server server) {
        if (server.config().reactions().shutdownOnDown()) {
            server.onMaintChange(() -> {
                if (server.isDisabled() && server.isRunning()) {
                    shutdowns.serverDown(server);
                }
            });
        }
    }

    @Override
    public void serverDown(final Server server, final CheckReport report) {
        // HAProxy: alert, unless the server was draining (or soft-stopped: not told here, so alert then too)
        down(server, CheckMessages.down(server, report));
    }

    /** {@code server} is DOWN, told by {@code line}: its idle connections, its streams, its trackers follow. */
    private void down(final Server server, final String line) {
        ServerEventLog.server(server, server.isDraining() ? ServerEventLog.Severity.NOTICE
            : ServerEventLog.Severity.ALERT, line);
        for (final ReactorPool pool : pools) {
            pool.reactor().executeCoalesced(pool.closeStoppedCommand());
        }
        shutdowns.serverDown(server);
        alertIfNoServer(server);
        for (final Server t : server.trackers()) {
            if (t.isRunning()) {
                t.forceHealth(false, false);
                down(t, TrackMessages.down(t));
            }
        }
    }

    @Override
    public void serverStopping(final Server server, final CheckReport report) {
        stopping(server, CheckMessages.stopping(server, report));
    }

    private void stopping(final Server server, final String line) {
        ServerEventLog.server(server, ServerEventLog.Severity.NOTICE, line);
        alertIfNoServer(server);
        for (final Server t : server.trackers()) {
            if (t.isRunning() && !t.state().stopping()) {
                t.forceHealth(true, true);
                stopping(t, TrackMessages.stopping(t));
            }
        }
    }

    @Override
    public void checkLogged(final Server server, final CheckReport report, final ServerState after) {
        ServerEventLog.server(server, ServerEventLog.Severity.NOTICE, CheckMessages.check(server, report, after));
    }

    @Override
    public void agentLogged(final Server server, final CheckReport report, final ServerState after) {
        ServerEventLog.server(server, ServerEventLog.Severity.NOTICE, AgentMessages.check(server, report, after));
    }

    @Override
    public void serverUp(final Server server, final CheckReport report) {
        up(server, CheckMessages.up(server, report));
    }

    private void up(final Server server, final String line) {
        ServerEventLog.server(server, ServerEventLog.Severity.NOTICE, line);
        shutdowns.serverUp(server);
        for (final Server t : server.trackers()) {
            if (!t.isRunning() || t.state().stopping()) {
                t.forceHealth(true, false);
                up(t, TrackMessages.up(t));
            }
        }
    }

    @Override
    public void adminChanged(final Server server, final ServerState before, final ServerState after) {
        AdminTransitions.logLines(server, before, after);
    }

    @Override
    public void serverUnusable(final Server server) {
        if (CheckMessages.usable(server.backend(), false) + CheckMessages.usable(server.backend(), true) == 0) {
            noServer(server.backend());
        }
    }

    /** HAProxy's alert when {@code server}, usable until now, leaves its backend without a usable server. */
    private static void alertIfNoServer(final Server server) {
        final Backend backend = server.backend();
        if (!server.isDisabled() && !server.isDraining() && server.weight() > 0
            && CheckMessages.usable(backend, false) + CheckMessages.usable(backend, true) == 0) {
            noServer(backend);
        }
    }

    /** {@code backend 'be' has no server available!} on stderr, and on the log targets with {@code log global}. */
    private static void noServer(final Backend backend) {
        ServerEventLog.noServer(CheckMessages.noServerAlert(backend), CheckMessages.noServer(backend),
            backend.config().logGlobal());
    }
}
