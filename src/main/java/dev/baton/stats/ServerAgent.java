package dev.baton.stats;

import dev.baton.backend.CheckReport;

/**
 * A server's agent-check figures for the statistics, HAProxy's {@code agent_*} columns.
 *
 * @param enabled    the server has {@code agent-check} and the agent is not disabled ({@code disable agent});
 *                   HAProxy leaves every agent column empty otherwise
 * @param health     the agent's health ({@code agent_health}, 0 or 1)
 * @param rise       {@code agent_rise}
 * @param fall       {@code agent_fall}
 * @param last       the last agent check's outcome ({@code agent_status}, {@code agent_code},
 *                   {@code agent_duration}, {@code agent_desc}, {@code last_agt})
 * @param inProgress an agent check is under way ({@code agent_status} then starts with {@code "* "})
 * @param configured the server has {@code agent-check} ({@code enabled} may still be false)
 * @param addr       the agent's address as a literal ({@code agent-addr}, {@code addr} or the runtime's), null when
 *                   the agent runs on the server's address
 * @param port       the agent's port; 0 without agent
 */
public record ServerAgent(boolean enabled, int health, int rise, int fall, CheckReport last, boolean inProgress,
                          boolean configured, String addr, int port) {
    /** A server without an agent check. */
    public static final ServerAgent NONE = new ServerAgent(false, 0, 0, 0, CheckReport.INITIAL, false, false, null,
        0);

    /**
     * HAProxy's {@code agent.state} bits as {@code show servers state} prints them: in progress (0x01), configured
     * (0x02), enabled (0x04), agent (0x10); 0 without agent.
     */
    public int stateBits() {
        return configured ? 0x02 | 0x10 | (enabled ? 0x04 : 0) | (inProgress ? 0x01 : 0) : 0;
    }
}
