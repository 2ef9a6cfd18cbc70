package dev.baton.stats.render;

import dev.baton.stats.ActivityStats;
import dev.baton.stats.TrafficTotals;

/**
 * The request, response, rate and time columns of {@code show stat}, filled per row type as HAProxy 2.6
 * ({@code stats_fill_fe_stats}, {@code _be_}, {@code _sv_}) fills them:
 * <ul>
 *   <li>frontend: {@code dreq dresp ereq dcon dses wrew eint}, the session, request and connection rates and their
 *       maxima ({@code rate_lim} 0: baton has no {@code rate-limit sessions}), {@code req_tot} in every mode; in
 *       {@code mode http} also {@code hrsp_*}, {@code intercepted}, {@code cache_lookups} and {@code cache_hits}
 *       (0: baton has no cache);</li>
 *   <li>backend: {@code dreq dresp wrew eint}, {@code rate}/{@code rate_max}, {@code lastsess}, the times; in
 *       {@code mode http} {@code req_tot}, {@code hrsp_*} and the cache columns; the {@code agg_*} columns 0, as
 *       HAProxy 2.6 prints them;</li>
 *   <li>server: {@code dresp wrew eint}, {@code throttle} while {@code slowstart} ramps it, {@code tracked},
 *       {@code rate}/{@code rate_max}, {@code lastsess}, the times; in {@code mode http} {@code req_tot} and
 *       {@code hrsp_*}.</li>
 * </ul>
 * Every other (column, row type) pair is empty, as in HAProxy. Pure functions.
 */
final class RequestColumns {
    private RequestColumns() {
    }

    /** The cell of {@code c} on {@code row}: "" when it does not apply; null when {@code c} is not one of these. */
    static String field(final StatCsv.Column c, final StatRow row) {
        final StatRow.Type type = row.type();
        final boolean fe = type == StatRow.Type.FRONTEND;
        final boolean be = type == StatRow.Type.BACKEND;
        final boolean http = row.http();
        final TrafficTotals t = row.traffic();
        final ActivityStats a = row.activity();
        switch (c) {
            case DREQ:
                return fe || be ? String.valueOf(t.dreq()) : "";
            case EREQ:
                return fe ? String.valueOf(t.ereq()) : "";
            case DCON:
                return fe ? String.valueOf(t.dcon()) : "";
            case DSES:
                return fe ? String.valueOf(t.dses()) : "";
            case DRESP:
                return String.valueOf(t.dresp());
            case WREW:
                return String.valueOf(t.wrew());
            case EINT:
                return String.valueOf(t.eint());
            case INTERCEPTED:
                return fe && http ? String.valueOf(t.intercepted()) : "";
            case CACHE_LOOKUPS:
                return !fe && !be || !http ? "" : String.valueOf(t.cacheLookups());
            case CACHE_HITS:
                return !fe && !be || !http ? "" : String.valueOf(t.cacheHits());
            case REQ_TOT:
                return fe ? String.valueOf(row.frontend().reqTot()) : http ? String.valueOf(t.reqTot()) : "";
            case HRSP_1XX:
            case HRSP_2XX:
            case HRSP_3XX:
            case HRSP_4XX:
            case HRSP_5XX:
            case HRSP_OTHER:
                return http ? String.valueOf(t.hrsp().of(responseClass(c))) : "";
            case RATE:
                return String.valueOf(a.rate());
            case RATE_MAX:
                return String.valueOf(a.rateMax());
            case RATE_LIM:
                return fe ? "0" : "";
            case REQ_RATE:
                return fe ? String.valueOf(a.reqRate()) : "";
            case REQ_RATE_MAX:
                return fe ? String.valueOf(a.reqRateMax()) : "";
            case CONN_RATE:
                return fe ? String.valueOf(a.connRate()) : "";
            case CONN_RATE_MAX:
                return fe ? String.valueOf(a.connRateMax()) : "";
            default:
                return fe ? frontendless(c) : serverOrBackend(c, row, a);
        }
    }

    /** The columns of backends and servers only: empty on a frontend (null for a column not handled here). */
    private static String frontendless(final StatCsv.Column c) {
        switch (c) {
            case LASTSESS: case CTIME: case RTIME: case TTIME: case CTIME_MAX: case RTIME_MAX: case TTIME_MAX:
            case THROTTLE: case TRACKED: case AGG_SERVER_STATUS: case AGG_SERVER_CHECK_STATUS: case AGG_CHECK_STATUS:
                return "";
            default:
                return null;
        }
    }

    private static String serverOrBackend(final StatCsv.Column c, final StatRow row, final ActivityStats a) {
        final boolean sv = row.type() == StatRow.Type.SERVER;
        switch (c) {
            case LASTSESS:
                return String.valueOf(a.lastSessSec());
            case CTIME:
                return String.valueOf(a.connect().average());
            case RTIME:
                return String.valueOf(a.response().average());
            case TTIME:
                return String.valueOf(a.total().average());
            case CTIME_MAX:
                return String.valueOf(a.connect().max());
            case RTIME_MAX:
                return String.valueOf(a.response().max());
            case TTIME_MAX:
                return String.valueOf(a.total().max());
            case THROTTLE:
                return sv && a.throttle() >= 0 ? String.valueOf(a.throttle()) : "";
            case TRACKED:
                return sv && a.tracked() != null ? a.tracked() : "";
            case AGG_SERVER_STATUS:
            case AGG_SERVER_CHECK_STATUS:
            case AGG_CHECK_STATUS:
                return sv ? "" : "0";
            default:
                return null;
        }
    }

    /** The status class an {@code hrsp_*} column counts: 1..5, 0 for {@code hrsp_other}. */
    static int responseClass(final StatCsv.Column c) {
        switch (c) {
            case HRSP_1XX:
                return 1;
            case HRSP_2XX:
                return 2;
            case HRSP_3XX:
                return 3;
            case HRSP_4XX:
                return 4;
            case HRSP_5XX:
                return 5;
            default:
                return 0;
        }
    }
}
