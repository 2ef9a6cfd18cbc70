package dev.baton.stats.render;

import dev.baton.stats.ListenerStats;
import dev.baton.stats.TrafficTotals;

/**
 * The cells of a listener row ({@code option socket-stats}, {@code type} 3) of {@code show stat}, as HAProxy 2.6's
 * stats_fill_li_stats fills them: names, sessions ({@code stot} its accepted connections, {@code slim} the bind's
 * {@code maxconn}, 0 without one), bytes, {@code dreq dresp ereq dcon dses wrew eint}, {@code status}, the ids,
 * {@code mode}, and {@code addr} with the legends only. Every other column is empty, the nameless {@code -} aside.
 * Pure function.
 */
final class ListenerColumns {
    private ListenerColumns() {
    }

    /** The cell of {@code c} on {@code row}, a listener row. */
    static String field(final StatCsv.Column c, final StatRow row, final boolean legends) {
        final ListenerStats l = row.listener();
        final TrafficTotals t = l.traffic();
        switch (c) {
            case PXNAME:
                return row.proxy().name();
            case SVNAME:
                return l.name();
            case SCUR:
                return String.valueOf(l.scur());
            case SMAX:
                return String.valueOf(l.smax());
            case SLIM:
                return String.valueOf(l.slim());
            case STOT:
                return String.valueOf(t.stot());
            case BIN:
                return String.valueOf(t.bin());
            case BOUT:
                return String.valueOf(t.bout());
            case DREQ:
                return String.valueOf(t.dreq());
            case DRESP:
                return String.valueOf(t.dresp());
            case EREQ:
                return String.valueOf(t.ereq());
            case DCON:
                return String.valueOf(t.dcon());
            case DSES:
                return String.valueOf(t.dses());
            case WREW:
                return String.valueOf(t.wrew());
            case EINT:
                return String.valueOf(t.eint());
            case STATUS:
                return l.status();
            case PID:
                return "1";
            case IID:
                return String.valueOf(row.proxy().iid());
            case SID:
                return String.valueOf(l.sid());
            case TYPE:
                return String.valueOf(StatRow.Type.LISTENER.code);
            case ADDR:
                return legends ? l.address() : "";
            case MODE:
                return row.proxy().mode();
            case DASH:
                return "-";
            default:
                return "";
        }
    }
}
