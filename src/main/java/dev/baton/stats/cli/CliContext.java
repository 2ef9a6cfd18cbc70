package dev.baton.stats.cli;

import dev.baton.config.AccessLevel;
import dev.baton.stats.StatsCollector;
import dev.baton.stats.StatsSnapshot;
import dev.baton.stats.StatsSource;

/**
 * What a command sees: the running baton, the level of the socket it came through, the registry (for
 * {@code help}) and its connection. One per command run; reactor 0 only.
 */
public final class CliContext {
    private final StatsSource source;
    private final AccessLevel level;
    private final CommandRegistry registry;
    private final SessionControl session;
    /** The payload of the command being run (its last word too), or null when it came without one. */
    private String payload;

    public CliContext(final StatsSource source, final AccessLevel level, final CommandRegistry registry,
                      final SessionControl session) {
        this.source = source;
        this.level = level;
        this.registry = registry;
        this.session = session;
    }

    /** The connection the command came on. */
    public SessionControl session() {
        return session;
    }

    public StatsSource source() {
        return source;
    }

    public AccessLevel level() {
        return level;
    }

    public CommandRegistry registry() {
        return registry;
    }

    /**
     * The payload given after {@code <<} to the command being run (also its last argument), or null without one: for
     * commands whose arguments alone cannot tell a payload from a last word ({@code add map}).
     */
    public String payload() {
        return payload;
    }

    /** Set by the session before each command it runs. */
    void payload(final String text) {
        payload = text;
    }

    /** A fresh snapshot of every figure, dated now. */
    public StatsSnapshot snapshot() {
        return StatsCollector.collect(source, System.currentTimeMillis());
    }
}
