package dev.baton.stats.render;

import dev.baton.stats.ActivityStats;
import dev.baton.stats.BackendStats;
import dev.baton.stats.FrontendStats;
import dev.baton.stats.ListenerStats;
import dev.baton.stats.ProxyStats;
import dev.baton.stats.ServerStats;
import dev.baton.stats.StatsSnapshot;
import dev.baton.stats.TrafficTotals;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of HAProxy's {@code show stat}: a proxy's FRONTEND, one of its listening addresses
 * ({@code option socket-stats}), one of its servers, or its BACKEND. Exactly one of {@link #frontend},
 * {@link #listener}, {@link #server}, {@link #backend} is set, as {@link #type} says.
 */
record StatRow(ProxyStats proxy, Type type, FrontendStats frontend, ServerStats server, BackendStats backend,
               ListenerStats listener) {
    /** The object a row describes, with HAProxy's {@code type} column code. */
    enum Type {
        FRONTEND(0), BACKEND(1), SERVER(2), LISTENER(3);

        final int code;

        Type(final int code) {
            this.code = code;
        }
    }

    /**
     * Every row in HAProxy's order: per proxy in configuration order, FRONTEND, the listeners, the servers, BACKEND.
     */
    static List<StatRow> of(final StatsSnapshot snapshot) {
        final List<StatRow> rows = new ArrayList<>();
        for (final ProxyStats p : snapshot.proxies()) {
            rows.addAll(of(p));
        }
        return rows;
    }

    /** The rows of one proxy. */
    static List<StatRow> of(final ProxyStats p) {
        final List<StatRow> rows = new ArrayList<>();
        if (p.frontend() != null) {
            rows.add(new StatRow(p, Type.FRONTEND, p.frontend(), null, null, null));
            for (final ListenerStats l : p.listeners()) {
                rows.add(new StatRow(p, Type.LISTENER, null, null, null, l));
            }
        }
        if (p.backend() != null) {
            for (final ServerStats s : p.servers()) {
                rows.add(new StatRow(p, Type.SERVER, null, s, null, null));
            }
            rows.add(new StatRow(p, Type.BACKEND, null, null, p.backend(), null));
        }
        return rows;
    }

    /** The svname column: FRONTEND, BACKEND, the server's or the listener's name. */
    String svname() {
        return type == Type.SERVER ? server.name() : type == Type.LISTENER ? listener.name() : type.name();
    }

    /** The id of the row's object within its proxy (HAProxy's sid filter): a server's or a listener's, else 0. */
    int sid() {
        return type == Type.SERVER ? server.sid() : type == Type.LISTENER ? listener.sid() : 0;
    }

    /** The cumulative counters of the row's object. */
    TrafficTotals traffic() {
        return type == Type.SERVER ? server.traffic() : type == Type.BACKEND ? backend.traffic()
            : type == Type.LISTENER ? listener.traffic() : frontend.traffic();
    }

    /** The rates and times of the row's object. */
    ActivityStats activity() {
        return type == Type.SERVER ? server.activity() : type == Type.BACKEND ? backend.activity()
            : type == Type.LISTENER ? ActivityStats.NONE : frontend.activity();
    }

    /** Whether the row's proxy is in {@code mode http} (the HTTP columns apply). */
    boolean http() {
        return "http".equals(proxy.mode());
    }
}
