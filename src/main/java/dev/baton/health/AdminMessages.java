package dev.baton.health;

import dev.baton.backend.Server;
import dev.baton.backend.ServerState;

import java.util.ArrayList;
import java.util.List;

/**
 * HAProxy 2.6's lines for a change of a server's forced administrative state ({@code maint}, {@code drain},
 * {@code ready}), as srv_update_status words them and as HAProxy printed them for the same agent replies:
 * <pre>
 * Server be/s1 is going DOWN for maintenance. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.
 * Server be/s1 was DOWN and now enters maintenance.
 * Server be/s1 is UP/READY (leaving forced maintenance).
 * Server be/s1 enters drain state. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.
 * Server be/s1 is UP (leaving forced drain).
 * </pre>
 * A drain set or cleared while in maintenance, or on the way in or out of it, is not reported, as in HAProxy.
 * Pure functions of the states before and after the change and of the backend's current figures.
 */
public final class AdminMessages {
    private AdminMessages() {
    }

    /** The lines for {@code server} going from {@code before} to {@code after}; none when the flags stay. */
    public static List<String> lines(final Server server, final ServerState before, final ServerState after) {
        final List<String> out = new ArrayList<>(1);
        if (before.adminFlags() == after.adminFlags()) {
            return out;
        }
        final String name = (server.isBackup() ? "Backup Server " : "Server ") + server;
        if (!before.maint() && after.maint()) {
            if (!before.running()) {
                out.add(name + " was DOWN and now enters maintenance.");
            } else {
                final StringBuilder sb = new StringBuilder(name).append(" is going DOWN for maintenance. ");
                CheckMessages.counts(sb, server.backend()).append(" left. ").append(server.currConns())
                    .append(" sessions active, 0 requeued, 0 remaining in queue.");
                out.add(sb.toString());
            }
        } else if (before.maint() && !after.maint()) {
            out.add(name + " is " + (after.running() ? "UP" : "DOWN") + "/" + (after.drain() ? "DRAIN" : "READY")
                + " (leaving forced maintenance).");
        } else if (!after.maint() && !before.drain() && after.drain()) {
            final StringBuilder sb = new StringBuilder(name).append(" enters drain state. ");
            CheckMessages.counts(sb, server.backend());
            out.add(after.running() ? sb.append(" online. 0 sessions requeued, 0 total in queue.").toString()
                : sb.append(" left. ").append(server.currConns())
                    .append(" sessions active, 0 requeued, 0 remaining in queue.").toString());
        } else if (!after.maint() && before.drain() && !after.drain()) {
            out.add(name + " is " + (after.running() ? "UP" : "DOWN") + " (leaving forced drain).");
        }
        return out;
    }
}
