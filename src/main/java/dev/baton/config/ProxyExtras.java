package dev.baton.config;

import dev.baton.http.rules.ServerRules;

import java.util.List;

/**
 * What a proxy section says of itself beyond its traffic settings: {@code id} (HAProxy's uuid, shown as the
 * stats' {@code iid}: the one written with {@code id N}, else the next free one as HAProxy numbers them, 0 in a
 * configuration built by hand), {@code forcedId} (written with {@code id}), {@code disabled} ({@code disabled}: the
 * proxy does not start: a frontend binds nothing, a backend serves nothing, so requests routed to it get 503,
 * and neither shows in the stats), {@code description} (null when unset), the {@link ProxyOptions}, for a backend
 * where its servers' saved states come from ({@link ServerStateSource}), and {@code balanceParams}: the options of
 * {@code balance}, {@code hash-type} and {@code hash-balance-factor}, a backend's {@code use-server} and
 * persistence rules ({@link ServerRules}), and {@code tcpRules}: its {@code tcp-request} and {@code tcp-response}
 * rules ({@link TcpRules}), {@code stickTable}: its {@code stick-table} (null: none), and {@code stickRules}: its
 * {@code stick on|match|store-*} rules ({@link StickServerRules}), and {@code compression}: its {@code compression}
 * lines ({@link CompressionConfig}; null when it has none, or is not in {@code mode http}), and {@code spoe}: its
 * {@code filter spoe} lines in order ({@link SpoeEngine}; empty when none).
 */
public record ProxyExtras(int id, boolean forcedId, boolean disabled, String description, ProxyOptions options,
                          ServerStateSource serverState, BalanceParams balanceParams, ServerRules serverRules,
                          TcpRules tcpRules, dev.baton.stick.StickTableConfig stickTable,
                          StickServerRules stickRules, CompressionConfig compression, List<SpoeEngine> spoe) {
    /** A proxy without id, enabled, without description or options. */
    public static final ProxyExtras NONE = new ProxyExtras(0, false, false, null, ProxyOptions.NONE);

    /** Without server-state loading, with HAProxy's default balancing parameters ({@link BalanceParams#DEFAULT}). */
    public ProxyExtras(final int id, final boolean forcedId, final boolean disabled, final String description,
                       final ProxyOptions options) {
        this(id, forcedId, disabled, description, options, ServerStateSource.NONE, BalanceParams.DEFAULT);
    }

    /** Without use-server, persistence, {@code tcp-request} nor {@code tcp-response} rules. */
    public ProxyExtras(final int id, final boolean forcedId, final boolean disabled, final String description,
                       final ProxyOptions options, final ServerStateSource serverState,
                       final BalanceParams balanceParams) {
        this(id, forcedId, disabled, description, options, serverState, balanceParams, ServerRules.NONE,
            TcpRules.NONE);
    }

    /** Without a stick table. */
    public ProxyExtras(final int id, final boolean forcedId, final boolean disabled, final String description,
                       final ProxyOptions options, final ServerStateSource serverState,
                       final BalanceParams balanceParams, final ServerRules serverRules, final TcpRules tcpRules) {
        this(id, forcedId, disabled, description, options, serverState, balanceParams, serverRules, tcpRules, null);
    }

    /** Without stick rules. */
    public ProxyExtras(final int id, final boolean forcedId, final boolean disabled, final String description,
                       final ProxyOptions options, final ServerStateSource serverState,
                       final BalanceParams balanceParams, final ServerRules serverRules, final TcpRules tcpRules,
                       final dev.baton.stick.StickTableConfig stickTable) {
        this(id, forcedId, disabled, description, options, serverState, balanceParams, serverRules, tcpRules,
            stickTable, StickServerRules.NONE);
    }

    /** Without compression. */
    public ProxyExtras(final int id, final boolean forcedId, final boolean disabled, final String description,
                       final ProxyOptions options, final ServerStateSource serverState,
                       final BalanceParams balanceParams, final ServerRules serverRules, final TcpRules tcpRules,
                       final dev.baton.stick.StickTableConfig stickTable, final StickServerRules stickRules) {
        this(id, forcedId, disabled, description, options, serverState, balanceParams, serverRules, tcpRules,
            stickTable, stickRules, null);
    }

    /** Without SPOE filters. */
    public ProxyExtras(final int id, final boolean forcedId, final boolean disabled, final String description,
                       final ProxyOptions options, final ServerStateSource serverState,
                       final BalanceParams balanceParams, final ServerRules serverRules, final TcpRules tcpRules,
                       final dev.baton.stick.StickTableConfig stickTable, final StickServerRules stickRules,
                       final CompressionConfig compression) {
        this(id, forcedId, disabled, description, options, serverState, balanceParams, serverRules, tcpRules,
            stickTable, stickRules, compression, List.of());
    }

    public ProxyExtras {
        spoe = List.copyOf(spoe);
    }

    /** These extras with the id in force set to {@code resolved}. */
    public ProxyExtras withId(final int resolved) {
        return new ProxyExtras(resolved, forcedId, disabled, description, options, serverState, balanceParams,
            serverRules, tcpRules, stickTable, stickRules, compression, spoe);
    }

    /** These extras with the balancing parameters {@code params}. */
    public ProxyExtras withBalanceParams(final BalanceParams params) {
        return new ProxyExtras(id, forcedId, disabled, description, options, serverState, params, serverRules,
            tcpRules, stickTable, stickRules, compression, spoe);
    }
}
