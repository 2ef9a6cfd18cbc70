package dev.baton.health;

import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.log.ServerEventLog;

/**
 * HAProxy 2.6's lines for a server that follows the one it tracks (srv_append_status with no check and no
 * reason): {@code Server be/s2 is DOWN via be/s1. 1 active and 0 backup servers left. 0 sessions active, 0
 * requeued, 0 remaining in queue.} (the queue figures of the change just made), and the UP and stopping lines with "online" counts, as {@code haproxy -db}
 * printed them on the same configuration. Pure functions of the current figures.
 */
final class TrackMessages {
    private TrackMessages() {
    }

    static String down(final Server server) {
        return head(server, "DOWN").append(" left. ").append(server.currConns()).append(" sessions active, ")
            .append(server.lastQueueMoves()).append(" requeued, ").append(server.queue().size())
            .append(" remaining in queue.").toString();
    }

    static String up(final Server server) {
        return online(head(server, "UP"), server);
    }

    static String stopping(final Server server) {
        return online(head(server, "stopping"), server);
    }

    private static String online(final StringBuilder sb, final Server server) {
        return sb.append(" online. ").append(server.lastQueueMoves()).append(" sessions requeued, ")
            .append(server.backend().queues().queue().size()).append(" total in queue.").toString();
    }

    /**
     * {@code server} entered ({@code entering}) or left maintenance, and its trackers inherited it: each tracker
     * whose maintenance is only the inherited one logs HAProxy's line, {@code Server be/s2 is going DOWN for
     * maintenance via be/s1. ...} (or {@code was DOWN and now enters maintenance via be/s1.}) and {@code Server
     * be/s2 is UP/READY (leaving maintenance).}, or {@code remains in forced maintenance.} for one still in its
     * own; then its own trackers, depth first as srv_set_admin_flag goes. Any thread.
     */
    static void maintFollowed(final Server server, final boolean entering) {
        for (final Server t : server.trackers()) {
            final ServerState st = t.state();
            if (entering && (st.adminFlags() & ServerState.MAINT) != 0) {
                continue; // in maintenance by itself: nothing it shows changed
            }
            final StringBuilder sb = new StringBuilder(160).append(t.isBackup() ? "Backup Server " : "Server ")
                .append(t);
            if (!entering && st.maint()) {
                ServerEventLog.server(t, ServerEventLog.Severity.NOTICE,
                    sb.append(" remains in forced maintenance.").toString());
                continue; // still in its own maintenance: its trackers inherit nothing new
            }
            final String line;
            if (!entering) {
                line = sb.append(" is ").append(st.running() ? "UP" : "DOWN").append('/')
                    .append(st.drain() ? "DRAIN" : "READY").append(" (leaving maintenance).").toString();
            } else if (st.running()) {
                line = CheckMessages.leftBeforeTrackers(sb.append(" is going DOWN for maintenance via ").append(t.tracked()), t)
                    .toString();
            } else {
                line = sb.append(" was DOWN and now enters maintenance via ").append(t.tracked()).append('.')
                    .toString();
            }
            // HAProxy: alert for a running tracker going DOWN, unless it was draining or soft-stopped
            final boolean alert = entering && st.running() && !st.drain() && !st.stopping();
            ServerEventLog.server(t, alert ? ServerEventLog.Severity.ALERT : ServerEventLog.Severity.NOTICE, line);
            maintFollowed(t, entering);
        }
    }

    private static StringBuilder head(final Server server, final String state) {
        final StringBuilder sb = new StringBuilder(160);
        sb.append(server.isBackup() ? "Backup Server " : "Server ").append(server).append(" is ").append(state)
            .append(" via ").append(server.tracked()).append(". ")
            .append(CheckMessages.usable(server.backend(), false)).append(" active and ")
            .append(CheckMessages.usable(server.backend(), true)).append(" backup servers");
        return sb;
    }
}
