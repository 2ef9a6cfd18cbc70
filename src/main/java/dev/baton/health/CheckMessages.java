package dev.baton.health;

import dev.baton.backend.Backend;
import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;

/**
 * HAProxy 2.6's lines for a server the checks take DOWN, UP or stopping (NOLB), and for a backend left without a server,
 * word for word (checked against {@code haproxy -db} on the same configuration). Pure functions of the
 * current figures; the requeued count is the one the state change just made ({@code Server#lastQueueMoves}).
 */
public final class CheckMessages {
    private CheckMessages() {
    }

    /**
     * {@code Server be/s1 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration:
     * 0ms. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.}
     * ("Backup Server" for a backup); the counts are of the servers usable once {@code server} is DOWN.
     */
    public static String down(final Server server, final CheckReport report) {
        return left(head(server, "DOWN", report), server).toString();
    }

    /**
     * {@code Server be/s1 is UP, reason: Layer4 check passed, check duration: 0ms. 3 active and 0 backup servers
     * online. 0 sessions requeued, 0 total in queue.}
     */
    public static String up(final Server server, final CheckReport report) {
        return online(head(server, "UP", report), server).toString();
    }

    /**
     * {@code Server be/s1 is stopping, reason: Layer7 check conditionally passed, code: 404, check duration: 1ms.
     * 0 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.} ({@code disable-on-404}).
     */
    public static String stopping(final Server server, final CheckReport report) {
        return online(head(server, "stopping", report), server).toString();
    }

    /**
     * Whether {@code option log-health-checks} logs the check that took {@code server} from {@code before} to
     * {@code after}, HAProxy 2.6's rule (check.c, set_server_check_status) on the health before the check: a
     * failure while health is above 0; a pass (plain or conditional) below full health, or at full health with
     * weight 0 and not soft-stopped, or with a weight and soft-stopped; a conditional pass unless the server ends
     * DOWN.
     */
    public static boolean logsCheck(final Server server, final CheckReport report, final ServerState before,
                                    final ServerState after) {
        final int top = server.config().check().rise() + server.config().check().fall() - 1;
        if (!report.status().passed()) {
            return before.health() != 0;
        }
        final int weight = server.weight();
        if (before.health() != top || (weight == 0 && !before.stopping()) || (weight > 0 && before.stopping())) {
            return true;
        }
        return report.status() == CheckStatus.L7OKC && after.running();
    }

    /**
     * {@code Health check for server be/s1 failed, reason: Layer4 connection problem, info: "Connection refused",
     * check duration: 0ms, status: 0/2 DOWN.} ({@code succeeded}, {@code conditionally succeeded}; "backup
     * server" for a backup); the status is {@code n/fall UP} (or {@code DRAIN} at weight 0) from {@code rise}
     * up, {@code health/rise DOWN} below, of the health {@code after} the check.
     */
    public static String check(final Server server, final CheckReport report, final ServerState after) {
        final int rise = server.config().check().rise();
        final int fall = server.config().check().fall();
        final String verdict = report.status() == CheckStatus.L7OKC ? "conditionally succeeded"
            : report.status().passed() ? "succeeded" : "failed";
        final StringBuilder sb = new StringBuilder(192).append("Health check for ")
            .append(server.isBackup() ? "backup server " : "server ").append(server).append(' ').append(verdict);
        reason(sb, report).append(", status: ");
        final int h = after.health();
        if (h >= rise) {
            sb.append(h - rise + 1).append('/').append(fall).append(server.weight() > 0 ? " UP." : " DRAIN.");
        } else {
            sb.append(h).append('/').append(rise).append(" DOWN.");
        }
        return sb.toString();
    }

    /** The log target's line; stderr's quotes the name ({@link #noServerAlert}). */
    public static String noServer(final Backend backend) {
        return "backend " + backend.name() + " has no server available!";
    }

    /** HAProxy's stderr alert: {@code backend 'be' has no server available!}. */
    public static String noServerAlert(final Backend backend) {
        return "backend '" + backend.name() + "' has no server available!";
    }

    /** Usable servers (HAProxy's srv_act and srv_bck): those the balancers may choose. */
    static int usable(final Backend backend, final boolean backup) {
        int n = 0;
        for (final Server s : backend.servers()) {
            if (s.isBackup() == backup && s.isEligible()) {
                n++;
            }
        }
        return n;
    }

    private static StringBuilder head(final Server server, final String state, final CheckReport report) {
        final StringBuilder sb = new StringBuilder(192);
        sb.append(server.isBackup() ? "Backup Server " : "Server ").append(server).append(" is ").append(state);
        if (server.backend().config().logHealthChecks()) {
            return sb; // the check's own line gave the reason, as HAProxy's
        }
        return reason(sb, report);
    }

    /**
     * {@code , reason: R[, code: C][, info: "I"][, check duration: Nms]}; the code is shown when there is one, and
     * for the statuses HAProxy always shows it with (an agent's "up" or "down": {@code code: 0}); no duration for
     * a passive analysis (negative duration).
     */
    static StringBuilder reason(final StringBuilder sb, final CheckReport report) {
        sb.append(", reason: ").append(report.status().description());
        if (report.status().showsCode()) {
            sb.append(", code: ").append(report.code());
        }
        if (report.info() != null) {
            sb.append(", info: \"").append(report.info()).append('"');
        }
        // no duration for the passive analysis (HANA), as HAProxy, which keeps it at -1
        return report.durationMs() < 0 ? sb : sb.append(", check duration: ").append(report.durationMs()).append("ms");
    }

    /**
     * {@code . 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.}: the tail
     * of a line that stops {@code server}, with HAProxy's {@code Running on backup.} when only backups are left.
     */
    static StringBuilder left(final StringBuilder sb, final Server server) {
        return counts(sb.append(". "), server.backend()).append(" left.").append(onBackup(server.backend()))
            .append(' ').append(server.currConns()).append(" sessions active, ").append(server.lastQueueMoves())
            .append(" requeued, ").append(server.queue().size()).append(" remaining in queue.");
    }

    /**
     * {@link #left} for {@code server} entering maintenance, its trackers in with it: they are counted as still
     * usable if they were, as HAProxy logs {@code server}'s line before they follow (srv_propagate_admin_state).
     */
    static StringBuilder leftBeforeTrackers(final StringBuilder sb, final Server server) {
        final Backend backend = server.backend();
        final int[] extra = new int[2];
        followersInMaint(server, backend, extra);
        final int active = usable(backend, false) + extra[0];
        final int backup = usable(backend, true) + extra[1];
        return sb.append(". ").append(active).append(" active and ").append(backup).append(" backup servers left.")
            .append(active == 0 && backup > 0 ? " Running on backup." : "").append(' ').append(server.currConns())
            .append(" sessions active, ").append(server.lastQueueMoves()).append(" requeued, ")
            .append(server.queue().size()).append(" remaining in queue.");
    }

    /**
     * Counts into {@code extra} (active, backup) the trackers of {@code server}, theirs after them, in
     * {@code backend}, that are in maintenance only by inheritance and would be usable without it.
     */
    private static void followersInMaint(final Server server, final Backend backend, final int[] extra) {
        for (final Server t : server.trackers()) {
            final ServerState st = t.state();
            if (st.adminFlags() != ServerState.IMAINT) {
                continue; // its own maintenance or drain: not one that followed, or not usable before
            }
            if (t.backend() == backend && st.running() && !st.stopping() && t.weight() > 0) {
                extra[t.isBackup() ? 1 : 0]++;
            }
            followersInMaint(t, backend, extra);
        }
    }

    /** {@code . 3 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.}: a line's tail. */
    static StringBuilder online(final StringBuilder sb, final Server server) {
        return counts(sb.append(". "), server.backend()).append(" online.").append(onBackup(server.backend()))
            .append(' ').append(server.lastQueueMoves()).append(" sessions requeued, ")
            .append(server.backend().queues().queue().size()).append(" total in queue.");
    }

    private static String onBackup(final Backend backend) {
        return usable(backend, false) == 0 && usable(backend, true) > 0 ? " Running on backup." : "";
    }

    /** {@code N active and M backup servers}: the servers usable now. */
    static StringBuilder counts(final StringBuilder sb, final Backend backend) {
        return sb.append(usable(backend, false)).append(" active and ").append(usable(backend, true))
            .append(" backup servers");
    }
}
