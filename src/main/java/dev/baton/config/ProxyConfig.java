package dev.baton.config;

import java.util.List;

/**
 * A {@code frontend}, {@code backend} or {@code listen} section after its {@code defaults} were applied.
 * Frontend-only fields are empty or zero on a backend and the other way round. {@code maxconn} 0 means
 * the global limit only. {@code defaultBackend} is null for a listen section (it serves itself) or when
 * unset. {@code http} holds the {@code mode http} settings (defaults in {@code mode tcp}).
 */
public record ProxyConfig(String name, ProxyKind kind, Mode mode, List<BindConfig> binds, int maxconn,
                          Timeouts timeouts, String defaultBackend, BalanceAlgorithm balance, int retries,
                          Redispatch redispatch, boolean tcplog, boolean logGlobal, List<ServerConfig> servers,
                          HttpOptions http, SourceLocation where) {
    public ProxyConfig {
        binds = List.copyOf(binds);
        servers = List.copyOf(servers);
    }
}
