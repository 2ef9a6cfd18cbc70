package dev.baton.health;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.ReactorCommand;
import org.tinylog.Logger;

import java.util.function.Predicate;

/**
 * HAProxy's srv_shutdown_streams for a server's state change: {@code on-marked-down shutdown-sessions} kills
 * the streams attached to a server that goes DOWN (termination cause 'D'), {@code on-marked-up
 * shutdown-backup-sessions} kills those attached to the backend's backup servers when a non-backup server with a
 * weight comes UP (cause 'U'). Streams live on every reactor: each reactor is sent a command and kills its own
 * ({@link dev.baton.reactor.LiveSet#killAttached}), so no stream is touched by a thread that does not own it.
 * Called on whichever thread changed the state; never blocks (a reactor whose inbox is full is reported, its
 * streams carry on).
 */
public final class StreamShutdowns {
    private final Reactor[] reactors;

    /** @param reactors every reactor, each owning some streams */
    public StreamShutdowns(final Reactor[] reactors) {
        this.reactors = reactors.clone();
    }

    /** {@code server} went DOWN: its streams are killed if it has {@code on-marked-down shutdown-sessions}. */
    public void serverDown(final Server server) {
        if (server.config().reactions().shutdownOnDown()) {
            killAttached(s -> s instanceof Server x && x.runtime() == server.runtime(), 'D', server); // any generation's
        }
    }

    /**
     * {@code server} came UP: with {@code on-marked-up shutdown-backup-sessions}, unless it is a backup or has no
     * weight, the streams of its backend's backup servers are killed.
     */
    public void serverUp(final Server server) {
        if (server.config().reactions().shutdownBackupsOnUp() && !server.isBackup() && server.weight() > 0) {
            final Backend backend = server.backend();
            killAttached(s -> s instanceof Server b && b.isBackup() && b.backend().runtime() == backend.runtime(), 'U',
                server);
        }
    }

    private void killAttached(final Predicate<Object> which, final char cause, final Server why) {
        final ReactorCommand kill = r -> r.live().killAttached(which, cause);
        for (final Reactor r : reactors) {
            if (!r.execute(kill)) {
                Logger.warn("reactor {} is too busy to shut down the sessions {} asked for; they carry on",
                    r.id() + 1, why);
            }
        }
    }
}
