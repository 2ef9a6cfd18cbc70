package dev.baton.config;

/**
 * One {@code server} line after {@code default-server} settings were applied. {@code host} is a literal
 * address or a host name resolved once at start-up (never on a reactor). {@code weight} is 0..256
 * (default 1), {@code maxconn} 0 means unlimited; {@code pool} holds the idle-connection settings,
 * {@code check} the health-check settings, {@code reactions} the passive checks, slowstart, track and
 * on-marked-* settings, {@code agent} the agent-check settings.
 * <p>{@code minconn} and {@code maxqueue} are as written, 0 when unset. {@code maxqueue} bounds the server's own
 * queue (0: no bound). {@code minconn} makes the limit dynamic: HAProxy's post-parse turns a {@code minconn}
 * above {@code maxconn} (or alone) into {@code maxconn}, and an unset one into {@code maxconn};
 * {@code dev.baton.backend.DynamicMaxconn} applies that rule and computes the limit. {@code sendProxy}: the PROXY
 * protocol header its connections (and checks) start with.
 * <p>{@code path}: a Unix socket's path ({@code unix@PATH}, {@code /PATH}) or, with {@code abns}, an abstract
 * name; host null and port 0 then. {@code mapPorts}: written without a port or with {@code +N}/{@code -N}, the
 * server is reached on the port the client connected to plus {@code port} (the offset, 0 without one).
 * <p>{@code dns}: its {@code resolvers}, {@code resolve-prefer}, {@code resolve-opts} and {@code init-addr}.
 */
public record ServerConfig(String name, String host, int port, int weight, int maxconn, boolean backup,
                           boolean disabled, PoolOptions pool, CheckOptions check, ServerReactions reactions,
                           SourceLocation where, AgentCheckOptions agent, int minconn, int maxqueue,
                           SendProxy sendProxy, String path, boolean abns, boolean mapPorts, String cookie,
                           ServerTls tls, int id, ServerDns dns) {
    /** A server whose name is resolved once at start-up ({@link ServerDns#NONE}). */
    public ServerConfig(final String name, final String host, final int port, final int weight, final int maxconn,
                        final boolean backup, final boolean disabled, final PoolOptions pool, final CheckOptions check,
                        final ServerReactions reactions, final SourceLocation where, final AgentCheckOptions agent,
                        final int minconn, final int maxqueue, final SendProxy sendProxy, final String path,
                        final boolean abns, final boolean mapPorts, final String cookie, final ServerTls tls,
                        final int id) {
        this(name, host, port, weight, maxconn, backup, disabled, pool, check, reactions, where, agent, minconn,
            maxqueue, sendProxy, path, abns, mapPorts, cookie, tls, id, ServerDns.NONE);
    }

    /**
     * A server whose id ({@code id}: HAProxy's {@code puid}, 1 and up) is numbered automatically ({@code id} 0): the
     * first free number from its position on, as HAProxy numbers the servers a line's {@code id} does not.
     */
    public ServerConfig(final String name, final String host, final int port, final int weight, final int maxconn,
                        final boolean backup, final boolean disabled, final PoolOptions pool, final CheckOptions check,
                        final ServerReactions reactions, final SourceLocation where, final AgentCheckOptions agent,
                        final int minconn, final int maxqueue, final SendProxy sendProxy, final String path,
                        final boolean abns, final boolean mapPorts, final String cookie, final ServerTls tls) {
        this(name, host, port, weight, maxconn, backup, disabled, pool, check, reactions, where, agent, minconn,
            maxqueue, sendProxy, path, abns, mapPorts, cookie, tls, 0);
    }

    /** The same server under another {@code name}, numbered automatically: a {@code server-template} copy. */
    /**
     * Whether the address is a DNS SRV name ({@code _service._proto.name}, HAProxy's rule: a name that starts with an
     * underscore): the servers naming it take their address, port and weight from its records at run time.
     */
    public boolean isSrv() {
        return host != null && host.startsWith("_");
    }

    public ServerConfig copyNamed(final String name) {
        return new ServerConfig(name, host, port, weight, maxconn, backup, disabled, pool, check, reactions, where,
            agent, minconn, maxqueue, sendProxy, path, abns, mapPorts, cookie, tls, 0, dns);
    }

    /** A server without a persistence {@code cookie} nor TLS ({@code tls} {@link ServerTls#NONE}). */
    public ServerConfig(final String name, final String host, final int port, final int weight, final int maxconn,
                        final boolean backup, final boolean disabled, final PoolOptions pool, final CheckOptions check,
                        final ServerReactions reactions, final SourceLocation where, final AgentCheckOptions agent,
                        final int minconn, final int maxqueue, final SendProxy sendProxy, final String path,
                        final boolean abns, final boolean mapPorts) {
        this(name, host, port, weight, maxconn, backup, disabled, pool, check, reactions, where, agent, minconn,
            maxqueue, sendProxy, path, abns, mapPorts, null, ServerTls.NONE);
    }

    /** A server with a persistence {@code cookie} (null: none), without TLS. */
    public ServerConfig(final String name, final String host, final int port, final int weight, final int maxconn,
                        final boolean backup, final boolean disabled, final PoolOptions pool, final CheckOptions check,
                        final ServerReactions reactions, final SourceLocation where, final AgentCheckOptions agent,
                        final int minconn, final int maxqueue, final SendProxy sendProxy, final String path,
                        final boolean abns, final boolean mapPorts, final String cookie) {
        this(name, host, port, weight, maxconn, backup, disabled, pool, check, reactions, where, agent, minconn,
            maxqueue, sendProxy, path, abns, mapPorts, cookie, ServerTls.NONE);
    }

    /** A server with TLS settings {@code tls}, without a persistence cookie. */
    public ServerConfig(final String name, final String host, final int port, final int weight, final int maxconn,
                        final boolean backup, final boolean disabled, final PoolOptions pool, final CheckOptions check,
                        final ServerReactions reactions, final SourceLocation where, final AgentCheckOptions agent,
                        final int minconn, final int maxqueue, final SendProxy sendProxy, final String path,
                        final boolean abns, final boolean mapPorts, final ServerTls tls) {
        this(name, host, port, weight, maxconn, backup, disabled, pool, check, reactions, where, agent, minconn,
            maxqueue, sendProxy, path, abns, mapPorts, null, tls);
    }

    /** Whether connections to the server speak TLS ({@code ssl}). */
    public boolean ssl() {
        return tls.ssl();
    }

    /** A server at an address of any form, without the PROXY protocol. */
    public ServerConfig(final String name, final String host, final int port, final int weight, final int maxconn,
                        final boolean backup, final boolean disabled, final PoolOptions pool, final CheckOptions check,
                        final ServerReactions reactions, final SourceLocation where, final AgentCheckOptions agent,
                        final int minconn, final int maxqueue, final String path, final boolean abns,
                        final boolean mapPorts) {
        this(name, host, port, weight, maxconn, backup, disabled, pool, check, reactions, where, agent, minconn,
            maxqueue, SendProxy.NONE, path, abns, mapPorts);
    }

    /** A server at {@code host:port}, with the PROXY protocol as {@code sendProxy} says. */
    public ServerConfig(final String name, final String host, final int port, final int weight, final int maxconn,
                        final boolean backup, final boolean disabled, final PoolOptions pool, final CheckOptions check,
                        final ServerReactions reactions, final SourceLocation where, final AgentCheckOptions agent,
                        final int minconn, final int maxqueue, final SendProxy sendProxy) {
        this(name, host, port, weight, maxconn, backup, disabled, pool, check, reactions, where, agent, minconn,
            maxqueue, sendProxy, null, false, false);
    }

    /** A server at {@code host:port}, without the PROXY protocol. */
    public ServerConfig(final String name, final String host, final int port, final int weight, final int maxconn,
                        final boolean backup, final boolean disabled, final PoolOptions pool, final CheckOptions check,
                        final ServerReactions reactions, final SourceLocation where, final AgentCheckOptions agent,
                        final int minconn, final int maxqueue) {
        this(name, host, port, weight, maxconn, backup, disabled, pool, check, reactions, where, agent, minconn,
            maxqueue, SendProxy.NONE, null, false, false);
    }

    /** Whether the server is a Unix socket ({@code path} set: a file path, or an abstract name when {@code abns}). */
    public boolean isUnix() {
        return path != null;
    }

    /** A server without {@code minconn} nor {@code maxqueue}. */
    public ServerConfig(final String name, final String host, final int port, final int weight, final int maxconn,
                        final boolean backup, final boolean disabled, final PoolOptions pool, final CheckOptions check,
                        final ServerReactions reactions, final SourceLocation where, final AgentCheckOptions agent) {
        this(name, host, port, weight, maxconn, backup, disabled, pool, check, reactions, where, agent, 0, 0);
    }

    /** A server with health checks, without {@link ServerReactions} nor an agent check. */
    public ServerConfig(final String name, final String host, final int port, final int weight, final int maxconn,
                        final boolean backup, final boolean disabled, final PoolOptions pool, final CheckOptions check,
                        final SourceLocation where) {
        this(name, host, port, weight, maxconn, backup, disabled, pool, check, ServerReactions.DEFAULT, where,
            AgentCheckOptions.DEFAULT);
    }

    /** A server with health checks and {@link ServerReactions}, without an agent check. */
    public ServerConfig(final String name, final String host, final int port, final int weight, final int maxconn,
                        final boolean backup, final boolean disabled, final PoolOptions pool, final CheckOptions check,
                        final ServerReactions reactions, final SourceLocation where) {
        this(name, host, port, weight, maxconn, backup, disabled, pool, check, reactions, where,
            AgentCheckOptions.DEFAULT);
    }

    /** A server with health and agent checks, without {@link ServerReactions}. */
    public ServerConfig(final String name, final String host, final int port, final int weight, final int maxconn,
                        final boolean backup, final boolean disabled, final PoolOptions pool, final CheckOptions check,
                        final SourceLocation where, final AgentCheckOptions agent) {
        this(name, host, port, weight, maxconn, backup, disabled, pool, check, ServerReactions.DEFAULT, where, agent);
    }

    /** A server without health checks. */
    public ServerConfig(final String name, final String host, final int port, final int weight, final int maxconn,
                        final boolean backup, final boolean disabled, final PoolOptions pool,
                        final SourceLocation where) {
        this(name, host, port, weight, maxconn, backup, disabled, pool, CheckOptions.DEFAULT, where);
    }
}
