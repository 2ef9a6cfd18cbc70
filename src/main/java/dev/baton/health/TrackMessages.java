package dev.baton.health;

import dev.baton.backend.Server;

/**
 * HAProxy 2.6's lines for a server that follows the one it tracks (srv_append_status with no check and no
 * reason): {@code Server be/s2 is DOWN via be/s1. 1 active and 0 backup servers left. 0 sessions active, 0
 * requeued, 0 remaining in queue.}, and the UP and stopping lines with "online" counts, as {@code haproxy -db}
 * printed them on the same configuration. Pure functions of the current figures.
 */
final class TrackMessages {
    private TrackMessages() {
    }

    static String down(final Server server) {
        return head(server, "DOWN").append(" left. ").append(server.currConns())
            .append(" sessions active, 0 requeued, 0 remaining in queue.").toString();
    }

    static String up(final Server server) {
        return head(server, "UP").append(" online. 0 sessions requeued, 0 total in queue.").toString();
    }

    static String stopping(final Server server) {
        return head(server, "stopping").append(" online. 0 sessions requeued, 0 total in queue.").toString();
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
