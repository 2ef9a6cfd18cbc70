package dev.baton.stats;

import dev.baton.config.BindConfig;
import dev.baton.counters.ListenerCounters;
import dev.baton.listener.Frontend;
import dev.baton.listener.Listener;
import dev.baton.listener.ListenerPlan;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The listener rows of a frontend with {@code option socket-stats} (HAProxy's stats_fill_li_stats): one per bind
 * address, in bind order, named by the bind's {@code name} or else {@code sock-ID}, with the listener id HAProxy gives
 * it. Any thread; reads atomics only.
 */
final class ListenerRows {
    private ListenerRows() {
    }

    /** The rows of {@code fe} (none without the option); {@code running}: every listener of the daemon. */
    static List<ListenerStats> of(final Frontend fe, final List<Listener> running) {
        final List<ListenerCounters> counters = fe.listenerCounters();
        if (counters.isEmpty()) {
            return List.of();
        }
        final List<BindConfig> binds = fe.config().binds();
        final int[] ids = ListenerPlan.listenerIds(binds);
        final List<ListenerStats> rows = new ArrayList<>(counters.size());
        for (int i = 0; i < counters.size() && i < binds.size(); i++) {
            final BindConfig bind = binds.get(i);
            final ListenerCounters c = counters.get(i);
            final int slim = bind.options().maxconn();
            final int scur = c.current();
            boolean waiting = false;
            int port = bind.port();
            for (final Listener l : running) {
                if (l.route().counters() == c) {
                    waiting |= l.waiting();
                    if (port == 0) {
                        port = l.localPort(); // an ephemeral port (tests): the one bound
                    }
                }
            }
            // HAProxy's get_li_status: FULL at the bind's maxconn, WAITING while limited by the frontend or process
            final String status = slim > 0 && scur >= slim ? "FULL" : waiting ? "WAITING" : "OPEN";
            rows.add(new ListenerStats(bind.name() != null ? bind.name() : "sock-" + ids[i], ids[i], scur, c.max(),
                slim, status, address(bind, port), TrafficTotals.of(c.traffic())));
        }
        return rows;
    }

    /**
     * The {@code addr} column of a listener as HAProxy prints its address: {@code IP:PORT} ({@code 0.0.0.0} for a
     * wildcard), {@code [IPv6]:PORT}, {@code unix} for a Unix or abstract socket; "" for an inherited one
     * ({@code fd@N}), whose address baton does not read.
     */
    static String address(final BindConfig bind, final int port) {
        switch (bind.family()) {
            case UNIX:
            case ABNS:
                return "unix";
            case FD:
                return "";
            default:
                break;
        }
        final String host = bind.host() == null ? "0.0.0.0" : literal(bind.host());
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * A literal address in the short form HAProxy prints ({@code ::1}); as written when it is no literal (a bind's
     * host is one; the check keeps a name from ever being resolved on the reactor that serves the runtime API).
     */
    private static String literal(final String host) {
        if (!host.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == '.' || ch == ':')) {
            return host;
        }
        try {
            return StatsCollector.literal(InetAddress.getByName(host)); // a literal: no resolution
        } catch (final UnknownHostException e) {
            return host;
        }
    }
}
