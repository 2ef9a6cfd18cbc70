package dev.baton.config;

import dev.baton.http.rules.ServerRules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The mutable state of a {@code defaults}, {@code frontend}, {@code backend} or {@code listen} section while
 * its lines are parsed. A proxy starts as a copy of the {@code defaults} section in force when it opens;
 * {@link #build()} freezes it into a {@link ProxyConfig}. Single-threaded, confined to one load.
 */
final class ProxyDraft {
    final Section section;
    final String name;
    final SourceLocation where;

    Mode mode = Mode.TCP;
    final List<BindConfig> binds = new ArrayList<>();
    int maxconn;
    Timeouts timeouts = Timeouts.NONE;
    String defaultBackend;
    SourceLocation defaultBackendWhere;
    BalanceAlgorithm balance = BalanceAlgorithm.ROUNDROBIN;
    /** The options of {@code balance}, {@code hash-type} and {@code hash-balance-factor} ({@link BalanceParser}). */
    BalanceParams balanceParams = BalanceParams.DEFAULT;
    int retries = 3;
    Redispatch redispatch = Redispatch.OFF;
    boolean tcplog;
    /** {@code option allbackups}: balance over every usable backup when no active is usable. */
    boolean allBackups;
    /** {@code option log-health-checks}: every check that changes a server's health is logged. */
    boolean logHealthChecks;
    /** {@code option abortonclose}: a client's close aborts its request while it waits (queue, connect). */
    boolean abortOnClose;
    /** {@code option clitcpka} / {@code srvtcpka} ({@code option tcpka} sets both). */
    boolean cliTcpKa;
    boolean srvTcpKa;
    /** {@code clitcpka-idle}, {@code -intvl} (s), {@code -cnt}; the same for {@code srvtcpka-}; 0: the kernel's. */
    int[] cliTcpKaTiming = new int[3];
    int[] srvTcpKaTiming = new int[3];
    /** {@code fullconn}; 0 when unset (computed from the frontends that reach the backend). */
    int fullconn;
    boolean logGlobal;
    /** The loggers so far ({@code log} lines, {@code log global} copies), {@code log-tag}; {@link ProxyLogParser}. */
    final List<LogTarget> logTargets = new ArrayList<>();
    String logTag;
    /** The global section's {@code log} targets read so far, for {@code log global}. */
    Supplier<List<LogTarget>> globalLogs = List::of;
    /** Whether the global section allowed experimental actions so far ({@code expose-experimental-directives}). */
    java.util.function.BooleanSupplier experimental = () -> false;
    /** The global section's {@code tune.bufsize} as read so far (the SPOE frame size limit). */
    java.util.function.IntSupplier globalBufsize = () -> GlobalConfig.DEFAULT_BUFSIZE;
    /** {@code filter spoe} lines, in order ({@link SpoeFilterParser}); not inherited (defaults cannot have one). */
    final List<SpoeFilterParser.Draft> spoeFilters = new ArrayList<>();
    /** {@code send-spoe-group} actions, checked against {@link #spoeFilters} at build. */
    final List<SpoeFilterParser.GroupUse> spoeGroupUses = new ArrayList<>();
    /** {@code option dontlognull}, {@code option dontlog-normal}, {@code option log-separate-errors}. */
    boolean dontLogNull;
    boolean dontLogNormal;
    boolean logSeparateErrors;
    /** {@code id N} (0: numbered at the end), {@code disabled}/{@code enabled}, {@code description}. */
    int id;
    boolean disabled;
    String description;
    /** {@code load-server-state-from-file}, {@code server-state-file-name}: inherited from defaults. */
    ServerStateSource serverState = ServerStateSource.NONE;
    /** The on/off options of {@link OptionFlagParser}. */
    OptionsDraft options = new OptionsDraft();
    /** {@code backlog N}: the listen backlog of the binds that set none; 0 when unset. */
    int backlog;
    final List<ServerConfig> servers = new ArrayList<>();
    /** The first server of each name, so that a later one is reported once, in constant time. */
    final Map<String, ServerConfig> firstServerByName = new HashMap<>();
    ServerDefaults serverDefaults = ServerDefaults.DEFAULT;
    HttpDraft http = new HttpDraft();
    /** {@code tcp-request} / {@code tcp-response} lines ({@link TcpRulesParser}). */
    TcpRulesDraft tcpRules = new TcpRulesDraft();
    /** {@code stick-table} ({@link StickTableParser}); null: none. Not inherited from defaults. */
    dev.baton.stick.StickTableConfig stickTable;
    /** Where {@link #stickTable} was written. */
    SourceLocation stickTableWhere;
    /** {@code stick on|match|store-*} ({@link StickServerParser}), compiled at build. Not inherited. */
    final List<StickServerParser.Draft> stickServerRules = new ArrayList<>();
    /** What the traffic log lines say: formats, captures, unique id, logasap. */
    TrafficLogDraft trafficLog = new TrafficLogDraft();
    /** The health check's option and rules ({@code option httpchk|tcp-check|...}, {@code http-check}, {@code tcp-check}). */
    CheckRulesDraft checks = new CheckRulesDraft();
    /** {@code compression} and {@code filter compression} lines; algorithms and types inherited from defaults. */
    CompressionParser.Draft compression = new CompressionParser.Draft();
    /** The global compression settings, set by the parser before {@link #build}. */
    CompressionTuning compressionTuning = CompressionTuning.DEFAULT;

    private ProxyDraft(final Section section, final String name, final SourceLocation where) {
        this.section = section;
        this.name = name;
        this.where = where;
    }

    /** A {@code defaults} section (name may be null), starting from baton's built-in defaults. */
    static ProxyDraft defaults(final String name, final SourceLocation where) {
        return new ProxyDraft(Section.DEFAULTS, name, where);
    }

    /** A proxy section ({@code section} is not global or defaults) starting from the settings of {@code defaults} as they are now. */
    static ProxyDraft proxy(final Section section, final String name, final SourceLocation where,
                            final ProxyDraft defaults) {
        final ProxyDraft p = new ProxyDraft(section, name, where);
        p.mode = defaults.mode;
        p.maxconn = defaults.maxconn;
        p.timeouts = defaults.timeouts;
        p.balance = defaults.balance;
        p.balanceParams = defaults.balanceParams;
        p.defaultBackend = defaults.defaultBackend;
        p.defaultBackendWhere = defaults.defaultBackendWhere;
        p.retries = defaults.retries;
        p.redispatch = defaults.redispatch;
        p.tcplog = defaults.tcplog;
        p.allBackups = defaults.allBackups;
        p.logHealthChecks = defaults.logHealthChecks;
        p.abortOnClose = defaults.abortOnClose;
        p.cliTcpKa = defaults.cliTcpKa;
        p.srvTcpKa = defaults.srvTcpKa;
        p.cliTcpKaTiming = defaults.cliTcpKaTiming.clone();
        p.srvTcpKaTiming = defaults.srvTcpKaTiming.clone();
        p.fullconn = defaults.fullconn;
        p.logGlobal = defaults.logGlobal;
        p.logTargets.addAll(defaults.logTargets);
        p.logTag = defaults.logTag;
        p.globalLogs = defaults.globalLogs;
        p.experimental = defaults.experimental;
        p.globalBufsize = defaults.globalBufsize;
        p.dontLogNull = defaults.dontLogNull;
        p.dontLogNormal = defaults.dontLogNormal;
        p.logSeparateErrors = defaults.logSeparateErrors;
        p.disabled = defaults.disabled; // as HAProxy, the only flag a proxy takes from its defaults
        p.options = defaults.options.copy();
        p.serverState = defaults.serverState;
        p.backlog = defaults.backlog;
        p.serverDefaults = defaults.serverDefaults;
        p.http = defaults.http.inherit();
        p.tcpRules = defaults.tcpRules.inherit();
        p.trafficLog = defaults.trafficLog.inherit();
        p.checks = defaults.checks.inherit();
        p.compression = defaults.compression.inherit();
        return p;
    }

    /**
     * The proxy record. Settings that only make sense on the other side are cleared, as {@link ProxyConfig}
     * promises: a backend has no binds, maxconn, client timeouts, tcplog or log options; a frontend has no servers,
     * balance (null), retries (0), redispatch, server-side timeouts, fullconn or abortonclose. A listen keeps
     * everything but {@code default_backend}, which it cannot have. Problems only the whole section shows go to
     * {@code diag}.
     */
    ParsedProxy build(final Diagnostics diag) {
        final ProxyKind kind = section.proxyKind();
        final boolean front = kind.isFrontend();
        final boolean back = kind.isBackend();
        Timeouts t = timeouts;
        if (!front) {
            t = t.withClientMs(0).withClientFinMs(0);
        }
        if (!back) {
            t = t.withConnectMs(0).withServerMs(0).withTunnelMs(0).withServerFinMs(0).withTimeoutQueueMs(0);
        }
        final String described = kind.keyword() + " '" + name + "'";
        final List<SpoeEngine> spoe = SpoeFilterParser.build(this, diag);
        if (back && checks.hasHttpLines() && checks.kind != CheckRuleset.Kind.HTTP) {
            diag.warning(where, described + " uses http-check rules without 'option httpchk', so the rules are"
                + " ignored.");
        }
        if (back && checks.hasTcpLines() && checks.kind != CheckRuleset.Kind.TCP) {
            diag.warning(where, described + " uses tcp-check rules without 'option tcp-check', so the rules are"
                + " ignored.");
        }
        if (back && checks.external.command() != null && checks.kind != CheckRuleset.Kind.EXTERNAL) {
            diag.warning(where, "'external-check command' will be ignored for proxy '" + name + "' (requires 'option "
                + "external-check').");
        }
        // HAProxy falls back to tcplog when a tcp proxy asks for httplog
        final boolean logTcp = tcplog || (mode != Mode.HTTP && http.httplog);
        BalanceAlgorithm algorithm = balance;
        if (back && algorithm.layer7() && mode != Mode.HTTP) {
            diag.warning(where, "Layer 7 hash not possible for " + described + " (needs 'mode http'): falling back"
                + " to round robin, as HAProxy does.");
            algorithm = BalanceAlgorithm.ROUNDROBIN;
        }
        if (kind == ProxyKind.LISTEN && defaultBackend != null && !servers.isEmpty()) {
            // written or inherited, it routes what no use_backend took, before the section's own servers
            diag.warning(where, "In proxy '" + name + "', the 'default_backend' rule always has precedence over the "
                + "servers, which will never be used.");
        }
        final ProxyConfig config = new ProxyConfig(name, kind, mode, front ? bindsWithBacklog() : List.of(), front ? maxconn : 0,
            t, front ? defaultBackend : null, back ? algorithm : null, back ? retries : 0,
            back ? redispatch : Redispatch.OFF, front && logTcp, logGlobal, back ? servers : List.of(),
            http.build(mode, kind, described, diag), where, back ? checks.build() : null, back && allBackups,
            back && logHealthChecks, back ? fullconn : 0, 0, back && abortOnClose,
            front ? new LogOptions(dontLogNull, dontLogNormal, logSeparateErrors) : LogOptions.NONE,
            new TcpKeepAlive(front && cliTcpKa, back && srvTcpKa, cliTcpKaTiming[0], cliTcpKaTiming[1],
                cliTcpKaTiming[2], srvTcpKaTiming[0], srvTcpKaTiming[1], srvTcpKaTiming[2]),
            new ProxyLog(logTargets, logTag),
            front ? trafficLog.build(mode, described, diag) : TrafficLogConfig.NONE,
            new ProxyExtras(id, id > 0, disabled, description, options.build(mode, front, back),
                back ? serverState : ServerStateSource.NONE, back ? balanceParams : BalanceParams.DEFAULT,
                back ? http.serverRules(mode, serverNames(), described, diag) : ServerRules.NONE,
                tcpRules.build(mode, kind, http, diag), stickTable,
                StickServerParser.build(stickServerRules, mode, kind, http, diag),
                mode == Mode.HTTP ? compression.build(compressionTuning) : null, spoe));
        return new ParsedProxy(config, kind == ProxyKind.FRONTEND ? defaultBackendWhere : null);
    }

    private List<String> serverNames() {
        final List<String> names = new ArrayList<>(servers.size());
        for (final ServerConfig s : servers) {
            names.add(s.name());
        }
        return names;
    }

    /** The binds, those without a {@code backlog} of their own taking the proxy's ({@code backlog N}). */
    private List<BindConfig> bindsWithBacklog() {
        final List<BindConfig> out = new ArrayList<>(binds.size());
        for (final BindConfig b : binds) {
            out.add(b.withDefaultBacklog(backlog));
        }
        return out;
    }
}
