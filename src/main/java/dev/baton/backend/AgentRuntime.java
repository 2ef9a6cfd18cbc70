package dev.baton.backend;

import dev.baton.config.ServerConfig;

import java.net.InetAddress;

/**
 * A server's agent check as the runtime sees it (HAProxy's {@code srv->agent} settings): whether it is
 * configured and enabled, where it connects, what it sends, whether a check is under way and its last outcome.
 * Each field is volatile and stands alone: written by the server's one agent check (its reactor) or by the
 * runtime API ({@code enable/disable agent}, {@code set server ... agent-addr|agent-port|agent-send}), read by
 * any thread (the statistics). The agent's health, which moves the server's state, lives in
 * {@link ServerState#agentHealth()}.
 */
public final class AgentRuntime {
    /** The server has {@code agent-check} (HAProxy's CHK_ST_CONFIGURED on its agent). */
    private final boolean configured;
    /** False after {@code disable agent}. */
    private volatile boolean enabled = true;
    /** The last agent check's outcome. */
    private volatile CheckReport last = CheckReport.INITIAL;
    /** An agent check's connection is open. */
    private volatile boolean inProgress;
    /**
     * The agent's address: {@code agent-addr} or {@code addr} as resolved at start-up, then
     * {@code set server ... agent-addr}; null while the agent runs on the server's own address.
     */
    private volatile InetAddress addr;
    /** The agent's port: {@code agent-port} (or {@code port}), then {@code set server ... agent-port}. */
    private volatile int port;
    /** What the agent check sends once connected; null: nothing. */
    private volatile String send;

    AgentRuntime(final ServerConfig config) {
        this.configured = config.agent().enabled();
        this.send = config.agent().send();
        this.port = config.agent().effectivePort(config.check());
    }

    /** Whether the server has an agent check ({@code agent-check}). */
    public boolean configured() {
        return configured;
    }

    /**
     * Whether the agent checks run (HAProxy's CHK_ST_ENABLED on the agent): true for a server with
     * {@code agent-check} until {@code disable agent}; while false the agent skips its turns, its last verdict no
     * longer holds the server DOWN, and the statistics leave its columns empty.
     */
    public boolean enabled() {
        return configured && enabled;
    }

    /** {@code enable/disable agent}. Any thread. */
    public void enabled(final boolean on) {
        enabled = on;
    }

    /** The last agent check's outcome ({@link CheckReport#INITIAL} before the first). Any thread. */
    public CheckReport last() {
        return last;
    }

    /** Set by {@link Server#applyAgent} with each verdict. */
    void last(final CheckReport report) {
        last = report;
    }

    /** Whether an agent check is under way. Any thread. */
    public boolean inProgress() {
        return inProgress;
    }

    /** Set by the server's one agent check when its connection opens and closes. */
    public void inProgress(final boolean open) {
        inProgress = open;
    }

    /** The agent's address; null for the server's own. */
    public InetAddress addr() {
        return addr;
    }

    /**
     * Sets the agent's address: at start-up from {@code agent-addr}/{@code addr}, then by
     * {@code set server ... agent-addr A}; the next agent checks connect there. Any thread.
     */
    public void addr(final InetAddress address) {
        addr = address;
    }

    /** The agent's port. */
    public int port() {
        return port;
    }

    /** {@code set server ... agent-port N}: the next agent checks connect to port {@code p}. Any thread. */
    public void port(final int p) {
        port = p;
    }

    /** What the agent check writes once connected; null for nothing. Any thread. */
    public String send() {
        return send;
    }

    /** {@code set server ... agent-send S}: what the next agent checks write. Any thread. */
    public void send(final String s) {
        send = s;
    }
}
