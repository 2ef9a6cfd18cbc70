package dev.baton.config;

import java.util.List;

/**
 * A {@code frontend}, {@code backend} or {@code listen} section after its {@code defaults} were applied.
 * Frontend-only fields are empty or zero on a backend and the other way round. {@code maxconn} 0 means
 * the global limit only. {@code defaultBackend} is null for a listen section (it serves itself) or when
 * unset. {@code http} holds the {@code mode http} settings (defaults in {@code mode tcp}). {@code checks} is
 * the backend's health-check ruleset ({@code option httpchk}, {@code option tcp-check}, the protocol checks), null
 * for Layer 4 checks (and on a frontend).
 * <p>Queue settings of a backend: {@code configuredFullconn} is {@code fullconn} as written (0: computed);
 * {@code fullconn} is the value in force, the configured one or HAProxy's default (see {@link FullconnDefaults}),
 * at least 1 on a backend once resolved. It is resolved when the configuration is read if the global
 * {@code maxconn} is set, else at start-up once the global limit is derived ({@link BatonConfig#withFullconnResolved});
 * it stays 0 on a frontend and in configurations built by hand. {@code abortOnClose}: {@code option abortonclose}.
 * {@code logOptions}: {@code option dontlognull|dontlog-normal|log-separate-errors} of a frontend.
 * {@code tcpKeepAlive}: {@code option tcpka}, {@code clitcpka}, {@code srvtcpka}, each side kept only where the
 * proxy has it. {@code log}: the proxy's loggers and {@code log-tag} ({@code logGlobal} says whether it has
 * {@code log global}). {@code trafficLog}: what a frontend's traffic log lines say ({@code log-format}, captures,
 * unique id, {@code option logasap}). {@code extras}: {@code id}, {@code disabled}, {@code description} and the socket
 * and stream options ({@link ProxyExtras}).
 */
public record ProxyConfig(String name, ProxyKind kind, Mode mode, List<BindConfig> binds, int maxconn,
                          Timeouts timeouts, String defaultBackend, BalanceAlgorithm balance, int retries,
                          Redispatch redispatch, boolean tcplog, boolean logGlobal, List<ServerConfig> servers,
                          HttpOptions http, SourceLocation where, CheckRuleset checks, boolean allBackups,
                          boolean logHealthChecks, int configuredFullconn, int fullconn, boolean abortOnClose,
                          LogOptions logOptions, TcpKeepAlive tcpKeepAlive, ProxyLog log,
                          TrafficLogConfig trafficLog, ProxyExtras extras) {
    public ProxyConfig {
        binds = List.copyOf(binds);
        servers = List.copyOf(servers);
    }

    /** A proxy without {@code id}, {@code disabled}, {@code description} nor socket options ({@link ProxyExtras#NONE}). */
    public ProxyConfig(final String name, final ProxyKind kind, final Mode mode, final List<BindConfig> binds,
                       final int maxconn, final Timeouts timeouts, final String defaultBackend,
                       final BalanceAlgorithm balance, final int retries, final Redispatch redispatch,
                       final boolean tcplog, final boolean logGlobal, final List<ServerConfig> servers,
                       final HttpOptions http, final SourceLocation where, final CheckRuleset checks,
                       final boolean allBackups, final boolean logHealthChecks, final int configuredFullconn,
                       final int fullconn, final boolean abortOnClose, final LogOptions logOptions,
                       final TcpKeepAlive tcpKeepAlive, final ProxyLog log, final TrafficLogConfig trafficLog) {
        this(name, kind, mode, binds, maxconn, timeouts, defaultBackend, balance, retries, redispatch, tcplog,
            logGlobal, servers, http, where, checks, allBackups, logHealthChecks, configuredFullconn, fullconn,
            abortOnClose, logOptions, tcpKeepAlive, log, trafficLog, ProxyExtras.NONE);
    }

    /** A proxy without a log format, captures or unique id ({@link TrafficLogConfig#NONE}). */
    public ProxyConfig(final String name, final ProxyKind kind, final Mode mode, final List<BindConfig> binds,
                       final int maxconn, final Timeouts timeouts, final String defaultBackend,
                       final BalanceAlgorithm balance, final int retries, final Redispatch redispatch,
                       final boolean tcplog, final boolean logGlobal, final List<ServerConfig> servers,
                       final HttpOptions http, final SourceLocation where, final CheckRuleset checks,
                       final boolean allBackups, final boolean logHealthChecks, final int configuredFullconn,
                       final int fullconn, final boolean abortOnClose, final LogOptions logOptions,
                       final TcpKeepAlive tcpKeepAlive, final ProxyLog log) {
        this(name, kind, mode, binds, maxconn, timeouts, defaultBackend, balance, retries, redispatch, tcplog,
            logGlobal, servers, http, where, checks, allBackups, logHealthChecks, configuredFullconn, fullconn,
            abortOnClose, logOptions, tcpKeepAlive, log, TrafficLogConfig.NONE);
    }

    /** A proxy with loggers only through {@code logGlobal} ({@link ProxyLog#NONE}). */
    public ProxyConfig(final String name, final ProxyKind kind, final Mode mode, final List<BindConfig> binds,
                       final int maxconn, final Timeouts timeouts, final String defaultBackend,
                       final BalanceAlgorithm balance, final int retries, final Redispatch redispatch,
                       final boolean tcplog, final boolean logGlobal, final List<ServerConfig> servers,
                       final HttpOptions http, final SourceLocation where, final CheckRuleset checks,
                       final boolean allBackups, final boolean logHealthChecks, final int configuredFullconn,
                       final int fullconn, final boolean abortOnClose, final LogOptions logOptions,
                       final TcpKeepAlive tcpKeepAlive, final TrafficLogConfig trafficLog) {
        this(name, kind, mode, binds, maxconn, timeouts, defaultBackend, balance, retries, redispatch, tcplog,
            logGlobal, servers, http, where, checks, allBackups, logHealthChecks, configuredFullconn, fullconn,
            abortOnClose, logOptions, tcpKeepAlive, ProxyLog.NONE, trafficLog);
    }

    /** A proxy with loggers only through {@code logGlobal}, without log format. */
    public ProxyConfig(final String name, final ProxyKind kind, final Mode mode, final List<BindConfig> binds,
                       final int maxconn, final Timeouts timeouts, final String defaultBackend,
                       final BalanceAlgorithm balance, final int retries, final Redispatch redispatch,
                       final boolean tcplog, final boolean logGlobal, final List<ServerConfig> servers,
                       final HttpOptions http, final SourceLocation where, final CheckRuleset checks,
                       final boolean allBackups, final boolean logHealthChecks, final int configuredFullconn,
                       final int fullconn, final boolean abortOnClose, final LogOptions logOptions,
                       final TcpKeepAlive tcpKeepAlive) {
        this(name, kind, mode, binds, maxconn, timeouts, defaultBackend, balance, retries, redispatch, tcplog,
            logGlobal, servers, http, where, checks, allBackups, logHealthChecks, configuredFullconn, fullconn,
            abortOnClose, logOptions, tcpKeepAlive, ProxyLog.NONE, TrafficLogConfig.NONE);
    }

    /** A proxy without any of the {@link LogOptions} nor TCP keep-alive options. */
    public ProxyConfig(final String name, final ProxyKind kind, final Mode mode, final List<BindConfig> binds,
                       final int maxconn, final Timeouts timeouts, final String defaultBackend,
                       final BalanceAlgorithm balance, final int retries, final Redispatch redispatch,
                       final boolean tcplog, final boolean logGlobal, final List<ServerConfig> servers,
                       final HttpOptions http, final SourceLocation where, final CheckRuleset checks,
                       final boolean allBackups, final boolean logHealthChecks, final int configuredFullconn,
                       final int fullconn, final boolean abortOnClose) {
        this(name, kind, mode, binds, maxconn, timeouts, defaultBackend, balance, retries, redispatch, tcplog,
            logGlobal, servers, http, where, checks, allBackups, logHealthChecks, configuredFullconn, fullconn,
            abortOnClose, LogOptions.NONE, TcpKeepAlive.OFF, ProxyLog.NONE);
    }

    /** A proxy without {@code fullconn} (unresolved) nor {@code option abortonclose}. */
    public ProxyConfig(final String name, final ProxyKind kind, final Mode mode, final List<BindConfig> binds,
                       final int maxconn, final Timeouts timeouts, final String defaultBackend,
                       final BalanceAlgorithm balance, final int retries, final Redispatch redispatch,
                       final boolean tcplog, final boolean logGlobal, final List<ServerConfig> servers,
                       final HttpOptions http, final SourceLocation where, final CheckRuleset checks,
                       final boolean allBackups, final boolean logHealthChecks) {
        this(name, kind, mode, binds, maxconn, timeouts, defaultBackend, balance, retries, redispatch, tcplog,
            logGlobal, servers, http, where, checks, allBackups, logHealthChecks, 0, 0, false);
    }

    /** A proxy without {@code option allbackups}: only the first usable backup serves. */
    public ProxyConfig(final String name, final ProxyKind kind, final Mode mode, final List<BindConfig> binds,
                       final int maxconn, final Timeouts timeouts, final String defaultBackend,
                       final BalanceAlgorithm balance, final int retries, final Redispatch redispatch,
                       final boolean tcplog, final boolean logGlobal, final List<ServerConfig> servers,
                       final HttpOptions http, final SourceLocation where, final CheckRuleset checks) {
        this(name, kind, mode, binds, maxconn, timeouts, defaultBackend, balance, retries, redispatch, tcplog,
            logGlobal, servers, http, where, checks, false, false);
    }

    /** This proxy with {@code option allbackups} set to {@code on}. */
    public ProxyConfig withAllBackups(final boolean on) {
        return new ProxyConfig(name, kind, mode, binds, maxconn, timeouts, defaultBackend, balance, retries,
            redispatch, tcplog, logGlobal, servers, http, where, checks, on, logHealthChecks, configuredFullconn,
            fullconn, abortOnClose, logOptions, tcpKeepAlive, log, trafficLog, extras);
    }

    /** This proxy with {@code option log-health-checks} set to {@code on}. */
    public ProxyConfig withLogHealthChecks(final boolean on) {
        return new ProxyConfig(name, kind, mode, binds, maxconn, timeouts, defaultBackend, balance, retries,
            redispatch, tcplog, logGlobal, servers, http, where, checks, allBackups, on, configuredFullconn,
            fullconn, abortOnClose, logOptions, tcpKeepAlive, log, trafficLog, extras);
    }

    /** This proxy with {@code fullconn} in force set to {@code resolved} ({@link FullconnDefaults}). */
    public ProxyConfig withFullconn(final int resolved) {
        return new ProxyConfig(name, kind, mode, binds, maxconn, timeouts, defaultBackend, balance, retries,
            redispatch, tcplog, logGlobal, servers, http, where, checks, allBackups, logHealthChecks,
            configuredFullconn, resolved, abortOnClose, logOptions, tcpKeepAlive, log, trafficLog, extras);
    }

    /** This proxy with its id in force set to {@code id} (see {@link ProxyExtras#id}). */
    public ProxyConfig withId(final int id) {
        return new ProxyConfig(name, kind, mode, binds, maxconn, timeouts, defaultBackend, balance, retries,
            redispatch, tcplog, logGlobal, servers, http, where, checks, allBackups, logHealthChecks,
            configuredFullconn, fullconn, abortOnClose, logOptions, tcpKeepAlive, log, trafficLog, extras.withId(id));
    }

    /** Whether {@code disabled} keeps this proxy from starting. */
    public boolean disabled() {
        return extras.disabled();
    }

    /** This proxy with {@code option abortonclose} set to {@code on}. */
    public ProxyConfig withAbortOnClose(final boolean on) {
        return new ProxyConfig(name, kind, mode, binds, maxconn, timeouts, defaultBackend, balance, retries,
            redispatch, tcplog, logGlobal, servers, http, where, checks, allBackups, logHealthChecks,
            configuredFullconn, fullconn, on, logOptions, tcpKeepAlive, log, trafficLog, extras);
    }

    /** This proxy with loggers {@code log}. */
    public ProxyConfig withLog(final ProxyLog log) {
        return new ProxyConfig(name, kind, mode, binds, maxconn, timeouts, defaultBackend, balance, retries,
            redispatch, tcplog, logGlobal, servers, http, where, checks, allBackups, logHealthChecks,
            configuredFullconn, fullconn, abortOnClose, logOptions, tcpKeepAlive, log, trafficLog, extras);
    }

    /** A proxy without an HTTP health check (its checked servers get Layer 4 checks). */
    public ProxyConfig(final String name, final ProxyKind kind, final Mode mode, final List<BindConfig> binds,
                       final int maxconn, final Timeouts timeouts, final String defaultBackend,
                       final BalanceAlgorithm balance, final int retries, final Redispatch redispatch,
                       final boolean tcplog, final boolean logGlobal, final List<ServerConfig> servers,
                       final HttpOptions http, final SourceLocation where) {
        this(name, kind, mode, binds, maxconn, timeouts, defaultBackend, balance, retries, redispatch, tcplog,
            logGlobal, servers, http, where, null, false, false);
    }
}
