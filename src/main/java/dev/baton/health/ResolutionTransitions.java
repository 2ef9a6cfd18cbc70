package dev.baton.health;

import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.log.ServerEventLog;

/**
 * HAProxy 2.6's lines when run-time name resolution puts a server in maintenance or takes it out (server.c's
 * snr_update_srv_status and srv_update_status): {@code Server be/s1 is going DOWN for maintenance (DNS NX status).
 * 0 active and 0 backup servers left. ...} (or {@code was DOWN and now enters maintenance (CAUSE).}), and
 * {@code Server be/s1 ('name') is UP/READY (resolves again).} (or {@code ... resolves again but remains in
 * maintenance}) followed by {@code Server be/s1 administratively READY thanks to valid DNS answer.} (not after a DNS
 * SRV record, whose cause is {@code entry removed from SRV record}). Nothing is logged when
 * the server was in another maintenance already. Any thread (the servers' thread in practice).
 */
public final class ResolutionTransitions {
    private ResolutionTransitions() {
    }

    /** {@code states} (before, after) of {@code server} entering RMAINT for {@code cause}. */
    public static void entered(final Server server, final ServerState[] states, final String cause) {
        final ServerState before = states[0];
        if (before.maint() || !states[1].resolutionMaint()) {
            return;
        }
        if (before.running()) {
            final StringBuilder sb = head(server).append(" is going DOWN for maintenance (").append(cause).append(')');
            final boolean alert = !before.drain() && !before.stopping();
            ServerEventLog.server(server, alert ? ServerEventLog.Severity.ALERT : ServerEventLog.Severity.NOTICE,
                CheckMessages.leftBeforeTrackers(sb, server).toString());
            if (alert && server.weight() > 0) {
                CheckTransitions.alertIfNoServerLeft(server.backend());
            }
        } else {
            ServerEventLog.server(server, ServerEventLog.Severity.NOTICE,
                head(server).append(" was DOWN and now enters maintenance (").append(cause).append(").").toString());
        }
    }

    /** {@code states} (before, after) of {@code server}, known as {@code host}, leaving RMAINT on a valid answer. */
    public static void left(final Server server, final String host, final ServerState[] states) {
        if (leftQuietly(server, host, states)) {
            // HAProxy logs the state change as the flag clears, then this line
            ServerEventLog.server(server, ServerEventLog.Severity.NOTICE, "Server " + server
                + " administratively READY thanks to valid DNS answer.");
        }
    }

    /**
     * {@code states} (before, after) of {@code server}, known as {@code host}, leaving RMAINT because a DNS SRV record
     * names it: the state line only (HAProxy's srvrq_update_srv_status). Returns whether it left.
     */
    public static boolean leftQuietly(final Server server, final String host, final ServerState[] states) {
        if (!states[0].resolutionMaint() || states[1].resolutionMaint()) {
            return false;
        }
        final ServerState after = states[1];
        final StringBuilder sb = head(server).append(" ('").append(host).append("')");
        if (after.maint()) {
            sb.append(" resolves again but remains in maintenance");
            if (server.tracked() != null && after.inheritedMaintOnly()) {
                sb.append(" via ").append(server.tracked());
            }
            sb.append('.');
        } else {
            sb.append(" is ").append(after.running() ? "UP" : "DOWN").append('/')
                .append(after.drain() ? "DRAIN" : "READY").append(" (resolves again).");
        }
        ServerEventLog.server(server, ServerEventLog.Severity.NOTICE, sb.toString());
        return true;
    }

    private static StringBuilder head(final Server server) {
        return new StringBuilder(160).append(server.isBackup() ? "Backup Server " : "Server ").append(server);
    }
}
