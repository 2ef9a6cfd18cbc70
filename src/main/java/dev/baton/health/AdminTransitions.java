package dev.baton.health;

import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.log.ServerEventLog;

import java.util.ArrayList;
import java.util.List;

/**
 * HAProxy 2.6's lines for the state changes an operator makes (runtime API {@code disable/enable server},
 * {@code set server ... state|health}, the stats page's actions), as {@code srv_update_status} words them:
 * {@code Server be/s1 is going DOWN for maintenance. 1 active and 0 backup servers left. 0 sessions active, 0
 * requeued, 0 remaining in queue.}, {@code Server be/s1 is UP/READY (leaving forced maintenance).}, {@code Server
 * be/s1 is DOWN, changed from CLI. ...}, and the drain lines. Logged as {@link CheckTransitions} logs the checks'
 * lines ({@link ServerEventLog}: a process warning, and on the log targets with {@code log global}, at HAProxy's
 * severity).
 *
 * <p>HAProxy applies {@code set server ... state} as a sequence of flag steps (drain: set FDRAIN then clear FMAINT;
 * maint: set FMAINT then clear FDRAIN; ready: clear FDRAIN then FMAINT) and logs each step; baton changes the
 * flags in one atomic step, so the lines are derived from the same sequence between the states before and after.
 * Pure text functions plus the logging call; any thread (the runtime API's reactor, the stats page's).
 */
public final class AdminTransitions {
    private AdminTransitions() {
    }

    /** Logs the lines of an administrative change ({@code states} from {@code Server#adminState} and friends). */
    public static void adminChanged(final Server server, final ServerState[] states) {
        logLines(server, states[0], states[1]);
        alertIfNoServer(server, states[0]);
    }

    /**
     * Logs the lines of the change of administrative flags from {@code before} to {@code after}, without the
     * backend's no-server alert (an agent's change: the agent check raises that alert itself).
     */
    static void logLines(final Server server, final ServerState before, final ServerState after) {
        for (final String line : adminLines(server, before, after)) {
            // HAProxy: alert for a running server going DOWN for maintenance unless it was draining or soft-stopped
            final boolean alert = line.contains(" is going DOWN for maintenance") && !before.drain()
                && !before.stopping();
            ServerEventLog.server(server, alert ? ServerEventLog.Severity.ALERT : ServerEventLog.Severity.NOTICE,
                line);
        }
    }

    /** Logs the line of a {@code set server ... health} change, if HAProxy would log one. */
    public static void healthForced(final Server server, final ServerState[] states) {
        healthForced(server, states, "changed from CLI");
    }

    /**
     * Logs the line of a forced health change, if HAProxy would log one; {@code reason} ends its first part
     * ("changed from CLI", "changed from server-state after a reload").
     */
    public static void healthForced(final Server server, final ServerState[] states, final String reason) {
        final String line = forcedLine(server, states[0], states[1], reason);
        if (line != null) {
            // HAProxy: alert for DOWN unless the server was soft-stopped or draining; notice for UP and stopping
            final boolean alert = !states[1].running() && !states[0].drain() && !states[0].stopping();
            ServerEventLog.server(server, alert ? ServerEventLog.Severity.ALERT : ServerEventLog.Severity.NOTICE,
                line);
            alertIfNoServer(server, states[0]);
        }
    }

    /** The lines HAProxy logs for the change of administrative flags from {@code before} to {@code after}. */
    static List<String> adminLines(final Server server, final ServerState before, final ServerState after) {
        final List<String> lines = new ArrayList<>(3);
        final int from = before.adminFlags();
        final int to = after.adminFlags();
        final int set = to & ~from;
        int flags = from;
        if (set != 0) {
            step(server, before, after, flags, flags | set, lines);
            flags |= set;
        }
        for (final int bit : new int[] {ServerState.DRAIN, ServerState.MAINT}) {
            if ((flags & bit) != 0 && (to & bit) == 0) {
                step(server, before, after, flags, flags & ~bit, lines);
                flags &= ~bit;
            }
        }
        return lines;
    }

    /** One of HAProxy's steps: the flags go from {@code x} to {@code y}. */
    private static void step(final Server server, final ServerState before, final ServerState after, final int x,
                             final int y, final List<String> lines) {
        // in maintenance of any kind: forced, or inherited from the tracked server
        final int anyMaint = ServerState.MAINT | ServerState.IMAINT | ServerState.RMAINT;
        final boolean maintX = (x & anyMaint) != 0;
        final boolean maintY = (y & anyMaint) != 0;
        final boolean drainX = (x & ServerState.DRAIN) != 0;
        final boolean drainY = (y & ServerState.DRAIN) != 0;
        if (!maintX && maintY) {
            lines.add(before.running()
                ? CheckMessages.leftBeforeTrackers(head(server).append(" is going DOWN for maintenance"), server).toString()
                : head(server).append(" was DOWN and now enters maintenance.").toString());
        } else if (maintX && !maintY) {
            lines.add(head(server).append(" is ").append(after.running() ? "UP" : "DOWN").append('/')
                .append(drainY ? "DRAIN" : "READY").append(" (leaving forced maintenance).").toString());
            if (drainY) {
                lines.add(head(server).append(" remains in forced drain mode.").toString());
            }
        } else if (maintY && (x & ServerState.MAINT) != 0 && (y & ServerState.MAINT) == 0) {
            lines.add(head(server).append(" is leaving forced maintenance but remains in maintenance via ")
                .append(server.tracked()).append('.').toString());
        } else if (!maintX && !drainX && drainY) {
            final StringBuilder sb = head(server).append(" enters drain state");
            lines.add((after.running() ? CheckMessages.online(sb, server) : CheckMessages.left(sb, server)).toString());
        } else if (!maintX && drainX && !drainY) {
            lines.add(head(server).append(" is ").append(after.running() ? "UP" : "DOWN")
                .append(" (leaving forced drain).").toString());
        }
    }

    /**
     * The line of {@code set server ... health up|stopping|down} (HAProxy's srv_set_running/stopping/stopped with
     * "changed from CLI"): none in maintenance or when the operational state does not change.
     */
    static String forcedLine(final Server server, final ServerState before, final ServerState after) {
        return forcedLine(server, before, after, "changed from CLI");
    }

    static String forcedLine(final Server server, final ServerState before, final ServerState after,
                             final String reason) {
        if (after.maint() || (before.running() == after.running() && before.stopping() == after.stopping())) {
            return null;
        }
        if (!after.running()) {
            return CheckMessages.left(head(server).append(" is DOWN, ").append(reason), server).toString();
        }
        return CheckMessages.online(head(server).append(after.stopping() ? " is stopping" : " is UP")
            .append(", ").append(reason), server).toString();
    }

    private static StringBuilder head(final Server server) {
        return new StringBuilder(160).append(server.isBackup() ? "Backup Server " : "Server ").append(server);
    }


    /** HAProxy's alert when {@code server}, usable {@code before}, leaves its backend without a usable server. */
    private static void alertIfNoServer(final Server server, final ServerState before) {
        if (!before.maint() && !before.drain() && before.running() && !before.stopping() && server.weight() > 0) {
            CheckTransitions.alertIfNoServerLeft(server.backend());
        }
    }
}
