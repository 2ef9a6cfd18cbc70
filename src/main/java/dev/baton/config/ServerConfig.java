package dev.baton.config;

/**
 * One {@code server} line after {@code default-server} settings were applied. {@code host} is a literal
 * address or a host name resolved once at start-up (never on a reactor). {@code weight} is 0..256
 * (default 1), {@code maxconn} 0 means unlimited; {@code pool} holds the idle-connection settings,
 * {@code check} the health-check settings,
 * {@code reactions} the passive checks, slowstart, track and on-marked-* settings.
 */
public record ServerConfig(String name, String host, int port, int weight, int maxconn, boolean backup,
                           boolean disabled, PoolOptions pool, CheckOptions check, ServerReactions reactions,
                           SourceLocation where) {
    /** A server with health checks and without {@link ServerReactions}. */
    public ServerConfig(final String name, final String host, final int port, final int weight, final int maxconn,
                        final boolean backup, final boolean disabled, final PoolOptions pool, final CheckOptions check,
                        final SourceLocation where) {
        this(name, host, port, weight, maxconn, backup, disabled, pool, check, ServerReactions.DEFAULT, where);
    }

    /** A server without health checks. */
    public ServerConfig(final String name, final String host, final int port, final int weight, final int maxconn,
                        final boolean backup, final boolean disabled, final PoolOptions pool,
                        final SourceLocation where) {
        this(name, host, port, weight, maxconn, backup, disabled, pool, CheckOptions.DEFAULT, where);
    }
}
