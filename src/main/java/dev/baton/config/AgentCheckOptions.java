package dev.baton.config;

/**
 * A server's agent-check settings, HAProxy's server keywords for the auxiliary agent check (the server's agent
 * reports weight, administrative and health states on a separate TCP port):
 * <ul>
 *   <li>{@code enabled}: {@code agent-check} (undone by {@code no-agent-check});</li>
 *   <li>{@code port}: {@code agent-port}; 0 when not set, in which case the health check's {@code port} applies
 *       (HAProxy's {@code port} also sets the agent's port unless {@code agent-port} was given); a server with
 *       {@code agent-check} and neither is a configuration error;</li>
 *   <li>{@code addr}: {@code agent-addr}; null when not set, in which case the health check's {@code addr} and then
 *       the server's own address apply;</li>
 *   <li>{@code interMs}: {@code agent-inter}, the interval between two agent checks (default 2 s, independent of
 *       {@code inter}), also their timeout;</li>
 *   <li>{@code send}: {@code agent-send}, the string written to the agent once connected (escapes already
 *       expanded by the tokenizer), null for none.</li>
 * </ul>
 * HAProxy 2.6 fixes the agent's rise and fall at 1 ({@link #RISE}, {@link #FALL}): no keyword sets them.
 */
public record AgentCheckOptions(boolean enabled, int port, String addr, long interMs, String send) {
    public static final AgentCheckOptions DEFAULT = new AgentCheckOptions(false, 0, null, 2000, null);
    /** The agent's rise (HAProxy's DEF_AGENT_RISETIME). */
    public static final int RISE = 1;
    /** The agent's fall (HAProxy's DEF_AGENT_FALLTIME). */
    public static final int FALL = 1;

    public AgentCheckOptions withEnabled(final boolean v) {
        return new AgentCheckOptions(v, port, addr, interMs, send);
    }

    public AgentCheckOptions withPort(final int v) {
        return new AgentCheckOptions(enabled, v, addr, interMs, send);
    }

    public AgentCheckOptions withAddr(final String v) {
        return new AgentCheckOptions(enabled, port, v, interMs, send);
    }

    public AgentCheckOptions withInterMs(final long v) {
        return new AgentCheckOptions(enabled, port, addr, v, send);
    }

    public AgentCheckOptions withSend(final String v) {
        return new AgentCheckOptions(enabled, port, addr, interMs, v);
    }

    /** The port the agent listens on: {@code agent-port}, else the health check's {@code port}; 0 when neither. */
    public int effectivePort(final CheckOptions check) {
        return port > 0 ? port : check.port();
    }

    /** The host the agent runs on: {@code agent-addr}, else the health check's {@code addr}, else {@code host}. */
    public String effectiveHost(final CheckOptions check, final String host) {
        return addr != null ? addr : check.addr() != null ? check.addr() : host;
    }
}
