package dev.baton.health;

import dev.baton.backend.Backend;
import dev.baton.backend.CheckReport;
import dev.baton.backend.Server;
import dev.baton.backend.ServerRuntime;
import dev.baton.backend.ServerState;
import dev.baton.log.ServerEventLog;
import dev.baton.pool.ReactorPool;
import dev.baton.reactor.Reactor;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The daemon's one implementation of "a server went DOWN, UP, stopping, into or out of maintenance", whoever
 * moved it: its health check or agent (as their {@link CheckEvents}), or the runtime API and the stats page
 * ({@link #healthForced}, {@link #adminSet}, reached through {@code StatsSource#transitions}), as HAProxy 2.6's
 * srv_update_status serves both. It logs HAProxy's lines, as HAProxy 2.6 does, both as a process warning on
 * stderr and, when the backend has {@code log global}, on the log targets at HAProxy's severities ({@link ServerEventLog}); a backend
 * left with no usable server gets HAProxy's alert. A server going DOWN has its idle connections closed on every
 * reactor, each by its owner ({@link ReactorPool#closeStoppedCommand}, coalesced: the check's reactor never waits),
 * and the {@code on-marked-down}/{@code on-marked-up} actions kill streams ({@link StreamShutdowns}). The servers
 * that {@code track} it follow each transition, with HAProxy's "via" lines ({@link TrackMessages}), and their own
 * trackers after them. A server with {@code slowstart}, checked or not, tracker or not, warms up each time it comes
 * UP or out of maintenance ({@link SlowStart}, one per such server, owned by a reactor chosen in turn). Entering
 * maintenance while UP is going DOWN (idle connections closed, {@code shutdown-sessions}); leaving it UP is coming
 * UP ({@code shutdown-backup-sessions}), whether the maintenance was forced, inherited or an agent's.
 * Logging goes through tinylog's writing thread, so nothing here blocks. Any reactor.
 */
public final class CheckTransitions implements CheckEvents {
    private final ReactorPool[] pools;
    private final StreamShutdowns shutdowns;
    /**
     * Each {@code slowstart} server's warm-up, by runtime (a reload keeps a kept server's); filled by {@link #watch}
     * at start-up and by reloads, read by any reactor.
     */
    private final Map<ServerRuntime, SlowStart> slowStarts = new ConcurrentHashMap<>();
    /** The runtimes already watched: a reload that keeps a server does not watch it twice. */
    private final Set<ServerRuntime> watched = ConcurrentHashMap.newKeySet();

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
     * Start-up, before the reactors run, for every server: its maintenance changes have their consequences
     * ({@link #maintChanged}) and, with {@code slowstart}, it gets its warm-up.
     */
    public void watch(final Server server) {
        final ServerRuntime runtime = server.runtime();
        if (!watched.add(runtime)) {
            return; // kept by a reload: its listeners are in place
        }
        if (server.config().reactions().slowstartSec() > 0 && pools.length > 0) {
            final SlowStart s = new SlowStart(server, pools[slowStarts.size() % pools.length].reactor());
            s.listen();
            slowStarts.put(runtime, s);
        }
        server.onMaintChange(() -> maintChanged(runtime.server()));
    }

    /**
     * {@code server} entered or left maintenance (any kind), told on the thread of the change: entering it while
     * UP closes its idle connections and applies {@code shutdown-sessions}; leaving it UP applies
     * {@code shutdown-backup-sessions}, as srv_update_status does.
     */
    private void maintChanged(final Server server) {
        if (!server.isRunning()) {
            return;
        }
        if (server.isDisabled()) {
            closeIdle();
            shutdowns.serverDown(server);
        } else {
            shutdowns.serverUp(server);
        }
    }

    /** Every reactor closes its own idle connections to the servers now DOWN or in maintenance. */
    private void closeIdle() {
        for (final ReactorPool pool : pools) {
            pool.reactor().executeCoalesced(pool.closeStoppedCommand());
        }
    }

    /**
     * {@code set server B/S health up|stopping|down} made the change {@code states} (from
     * {@link Server#forceHealth}): HAProxy's "changed from CLI" line, then the same consequences as a check's
     * transition (idle connections, {@code on-marked-down}/{@code on-marked-up}, trackers, slowstart). Any thread.
     */
    public void healthForced(final Server server, final ServerState[] states) {
        healthForced(server, states, "changed from CLI");
    }

    /** As {@link #healthForced(Server, ServerState[])}, the log line giving {@code reason} for the change. */
    public void healthForced(final Server server, final ServerState[] states, final String reason) {
        AdminTransitions.healthForced(server, states, reason);
        final ServerState before = states[0];
        final ServerState after = states[1];
        if (after.maint()) {
            return; // in maintenance only the health changes
        }
        if (before.running() && !after.running()) {
            downFollows(server);
        } else if (after.running() && !after.stopping() && (!before.running() || before.stopping())) {
            upFollows(server);
        } else if (before.running() && !before.stopping() && after.stopping()) {
            stoppingFollows(server);
        }
    }

    /**
     * {@code disable/enable server}, {@code set server B/S state ready|drain|maint} or the stats page made the
     * change {@code states} (from {@link Server#adminState}): HAProxy's lines for the server and for each of its
     * trackers that entered or left maintenance with it; the consequences follow from the maintenance change
     * itself ({@link #watch}). Any thread.
     */
    public void adminSet(final Server server, final ServerState[] states) {
        AdminTransitions.adminChanged(server, states);
        if (states[0].maint() != states[1].maint()) {
            TrackMessages.maintFollowed(server, states[1].maint());
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
        alertIfNoServer(server);
        downFollows(server);
    }

    /** What follows {@code server}'s going DOWN, its line logged: idle connections, streams, warm-up, trackers. */
    private void downFollows(final Server server) {
        closeIdle();
        shutdowns.serverDown(server);
        final SlowStart warm = slowStarts.get(server.runtime());
        if (warm != null) {
            warm.changed();
        }
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
        stoppingFollows(server);
    }

    /** {@code server}'s trackers follow it into the soft-stop. */
    private void stoppingFollows(final Server server) {
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
        upFollows(server);
    }

    /** What follows {@code server}'s coming UP, its line logged: backup streams, warm-up, trackers. */
    private void upFollows(final Server server) {
        shutdowns.serverUp(server);
        final SlowStart warm = slowStarts.get(server.runtime());
        if (warm != null) {
            warm.cameUp();
        }
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
        alertIfNoServerLeft(server.backend());
    }

    /** HAProxy's alert when {@code server}, usable until now, leaves its backend without a usable server. */
    private static void alertIfNoServer(final Server server) {
        if (!server.isDisabled() && !server.isDraining() && server.weight() > 0) {
            alertIfNoServerLeft(server.backend());
        }
    }

    /**
     * {@code backend 'be' has no server available!} on stderr, and on the log targets with {@code log global},
     * when no active nor backup server of {@code backend} is usable now. The caller knows that a server it just
     * changed was usable before. Any thread.
     */
    static void alertIfNoServerLeft(final Backend backend) {
        if (CheckMessages.usable(backend, false) + CheckMessages.usable(backend, true) == 0) {
            ServerEventLog.noServer(CheckMessages.noServerAlert(backend), CheckMessages.noServer(backend),
                backend.config());
        }
    }
}
