package dev.baton.health;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.config.AgentCheckOptions;

/**
 * HAProxy 2.6's {@code option log-health-checks} line for an agent check, word for word: {@code Agent check for
 * server be/s1 failed, reason: Layer7 wrong status, code: 0, info: "via agent : down", check duration: 0ms,
 * status: 0/1 DOWN.} The server's own DOWN and UP lines after an agent's verdict are {@link CheckMessages}'s.
 * Pure functions.
 */
public final class AgentMessages {
    private AgentMessages() {
    }

    /**
     * Whether HAProxy logs an agent check that ended with {@code status} after one that ended with
     * {@code previous}: when the status changed, except for a reply without a health word (no status change to
     * report). The agent's health never moves by a counted step (its rise and fall are 1 and a health word sets
     * it outright), so a change of status is the only trigger.
     */
    public static boolean logsCheck(final CheckStatus previous, final CheckStatus status) {
        return status != previous && status != CheckStatus.CHECKED;
    }

    /**
     * The line: {@code succeeded} or {@code failed} ("backup server" for a backup), the reason as
     * {@link CheckMessages#reason}, then the agent's health {@code after}: {@code 1/1 UP} ({@code DRAIN} at weight
     * 0) or {@code 0/1 DOWN}.
     */
    public static String check(final Server server, final CheckReport report, final ServerState after) {
        final int rise = AgentCheckOptions.RISE;
        final StringBuilder sb = new StringBuilder(192).append("Agent check for ")
            .append(server.isBackup() ? "backup server " : "server ").append(server)
            .append(report.status().passed() ? " succeeded" : " failed");
        CheckMessages.reason(sb, report).append(", status: ");
        final int h = after.agentHealth();
        if (h >= rise) {
            sb.append(h - rise + 1).append('/').append(AgentCheckOptions.FALL)
                .append(server.weight() > 0 ? " UP." : " DRAIN.");
        } else {
            sb.append(h).append('/').append(rise).append(" DOWN.");
        }
        return sb.toString();
    }
}
