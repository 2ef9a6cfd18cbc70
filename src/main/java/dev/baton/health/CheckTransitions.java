package dev.baton.health;

import dev.baton.backend.Backend;
import dev.baton.backend.CheckReport;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.log.TrafficLog;
import dev.baton.pool.ReactorPool;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The daemon's {@link CheckEvents}: logs HAProxy's lines, as HAProxy 2.6 does, both as a process warning on
 * stderr and, when the backend has {@code log global}, on the log targets (tag {@link TrafficLog#TAG}); a backend
 * left with no usable server gets HAProxy's alert. A server going DOWN has its idle connections closed on every
 * reactor, each by its owner ({@link ReactorPool#closeStoppedCommand}, coalesced: the check's reactor never waits).
 * Logging goes through tinylog's writing thread, so nothing here blocks. Any reactor.
 */
public final class CheckTransitions implements CheckEvents {
    private static final TaggedLogger LOG = Logger.tag(TrafficLog.TAG);

    private final ReactorPool[] pools;

    /** @param pools every reactor's pool, indexed by reactor id */
    public CheckTransitions(final ReactorPool[] pools) {
        this.pools = pools.clone();
    }

    @Override
    public void serverDown(final Server server, final CheckReport report) {
        warn(server, CheckMessages.down(server, report));
        for (final ReactorPool pool : pools) {
            pool.reactor().executeCoalesced(pool.closeStoppedCommand());
        }
        alertIfNoServer(server);
    }

    @Override
    public void serverStopping(final Server server, final CheckReport report) {
        warn(server, CheckMessages.stopping(server, report));
        alertIfNoServer(server);
    }

    @Override
    public void checkLogged(final Server server, final CheckReport report, final ServerState after) {
        warn(server, CheckMessages.check(server, report, after));
    }

    @Override
    public void agentLogged(final Server server, final CheckReport report, final ServerState after) {
        warn(server, AgentMessages.check(server, report, after));
    }

    @Override
    public void serverUp(final Server server, final CheckReport report) {
        warn(server, CheckMessages.up(server, report));
    }

    /** A transition's line: a process warning, and on the log targets with {@code log global}. */
    private static void warn(final Server server, final String line) {
        Logger.warn(line);
        if (server.backend().config().logGlobal()) {
            LOG.warn(line);
        }
    }

    @Override
    public void adminChanged(final Server server, final ServerState before, final ServerState after) {
        for (final String line : AdminMessages.lines(server, before, after)) {
            warn(server, line);
        }
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
        Logger.error(CheckMessages.noServerAlert(backend));
        if (backend.config().logGlobal()) {
            LOG.error(CheckMessages.noServer(backend));
        }
    }
}
