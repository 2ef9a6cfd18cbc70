package dev.baton.stats;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.BatonConfig;
import dev.baton.health.CheckTransitions;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.listener.Listener;
import dev.baton.pool.ServerPool;
import dev.baton.io.FdBudget;
import dev.baton.reactor.ReactorGroup;

import java.util.List;

/**
 * What the runtime API and the exporters read and change in a running baton. Implemented by
 * {@link dev.baton.Daemon}; a test may provide its own. Every method may be called from any thread once
 * the daemon started: the objects it returns keep their shared state in volatile and atomic fields.
 */
public interface StatsSource {
    BatonConfig config();

    /**
     * Where the runtime API and the stats page report the server changes they make, so that they have the
     * consequences a check's transition has (HAProxy's srv_update_status serves both).
     */
    CheckTransitions transitions();

    /** The frontend (or listen section) named {@code name}, or null. */
    Frontend frontend(String name);

    /** The backend (or listen section) named {@code name}, or null. */
    Backend backend(String name);

    ConnectionLimits limits();

    /** The idle-connection pool of {@code server}, or null when it has none (a server of a tcp backend). */
    ServerPool serverPool(Server server);

    FdBudget fds();

    ReactorGroup reactors();

    List<Listener> listeners();

    /** Streams alive on every reactor. */
    int liveStreams();

    /** Wall-clock time of the start, in milliseconds since the epoch. */
    long startEpochMs();

    /** The file-descriptor limit the process runs with. */
    long fileLimit();

    /** What runs a {@code reload} (docs/reload.md), or null where there is none (a test's source). */
    default Reloader reloader() {
        return null;
    }

    /** What adds, deletes and re-addresses servers at run time, or null where there is none (a test's source). */
    default ServerEditor serverEditor() {
        return null;
    }

    /** What {@code show peers} prints of the running peers sections, or null when none runs. */
    default dev.baton.peers.PeersSnapshot peersSnapshot() {
        return null;
    }

    /** The stick tables of the running configuration (shared by its frontends), or none. */
    default dev.baton.stick.StickTables stickTables() {
        for (final dev.baton.config.ProxyConfig p : config().frontends()) {
            final Frontend f = frontend(p.name());
            if (f != null) {
                return f.stickTables();
            }
        }
        return dev.baton.stick.StickTables.NONE;
    }
}
