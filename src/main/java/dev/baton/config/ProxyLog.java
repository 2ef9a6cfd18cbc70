package dev.baton.config;

import java.util.List;

/**
 * Where a proxy's log lines go, as HAProxy 2.6 resolves it: {@code targets} are the proxy's loggers in order, its
 * own {@code log} lines and, for {@code log global}, the global section's targets (each once, the same
 * {@link LogTarget} instances), after those of its {@code defaults} unless a {@code no log} dropped them.
 * {@code tag} is {@code log-tag} of the proxy or its defaults, null for the global one.
 */
public record ProxyLog(List<LogTarget> targets, String tag) {
    public static final ProxyLog NONE = new ProxyLog(List.of(), null);

    public ProxyLog {
        targets = List.copyOf(targets);
    }
}
