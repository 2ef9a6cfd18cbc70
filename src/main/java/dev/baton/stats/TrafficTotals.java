package dev.baton.stats;

import dev.baton.counters.Counter;
import dev.baton.counters.TrafficCounters;

/**
 * The cumulative {@link Counter}s of a frontend, backend or server at one moment, under their {@code show stat}
 * names. Which apply to which row type is the renderers' business (StatCsv); a counter an object never counts reads 0.
 *
 * @param dreq        requests denied
 * @param dresp       responses denied
 * @param ereq        requests that failed (frontend)
 * @param dcon        connections refused by {@code tcp-request connection} rules (frontend)
 * @param dses        sessions refused by {@code tcp-request session} rules (frontend)
 * @param wrew        failed header rewrites
 * @param eint        internal errors
 * @param intercepted requests the frontend answered itself
 * @param reqTot      HTTP requests ({@link Counter#REQUESTS})
 * @param hrsp        HTTP responses by status class
 * @param cacheLookups requests {@code http-request cache-use} looked up (frontends and backends)
 * @param cacheHits    those a cache answered
 */
public record TrafficTotals(long stot, long bin, long bout, long econ, long eresp, long wretr, long wredis,
                            long cliAbrt, long srvAbrt, long lbtot, long connect, long reuse, long dreq, long dresp,
                            long ereq, long dcon, long dses, long wrew, long eint, long intercepted, long reqTot,
                            ResponseClasses hrsp, long cacheLookups, long cacheHits) {
    /** Without the cache counters (0). */
    public TrafficTotals(final long stot, final long bin, final long bout, final long econ, final long eresp,
                         final long wretr, final long wredis, final long cliAbrt, final long srvAbrt, final long lbtot,
                         final long connect, final long reuse, final long dreq, final long dresp, final long ereq,
                         final long dcon, final long dses, final long wrew, final long eint, final long intercepted,
                         final long reqTot, final ResponseClasses hrsp) {
        this(stot, bin, bout, econ, eresp, wretr, wredis, cliAbrt, srvAbrt, lbtot, connect, reuse, dreq, dresp, ereq,
            dcon, dses, wrew, eint, intercepted, reqTot, hrsp, 0, 0);
    }

    /** Without the request and response counters (all 0). */
    public TrafficTotals(final long stot, final long bin, final long bout, final long econ, final long eresp,
                         final long wretr, final long wredis, final long cliAbrt, final long srvAbrt, final long lbtot,
                         final long connect, final long reuse) {
        this(stot, bin, bout, econ, eresp, wretr, wredis, cliAbrt, srvAbrt, lbtot, connect, reuse, 0, 0, 0, 0, 0, 0, 0,
            0, 0, ResponseClasses.NONE);
    }

    /** Reads every counter of {@code counters}. Any thread. */
    public static TrafficTotals of(final TrafficCounters counters) {
        return new TrafficTotals(counters.get(Counter.SESSIONS), counters.get(Counter.BYTES_IN),
            counters.get(Counter.BYTES_OUT), counters.get(Counter.CONNECT_ERRORS),
            counters.get(Counter.RESPONSE_ERRORS), counters.get(Counter.RETRIES), counters.get(Counter.REDISPATCHES),
            counters.get(Counter.CLIENT_ABORTS), counters.get(Counter.SERVER_ABORTS), counters.get(Counter.SELECTED),
            counters.get(Counter.CONNECTS), counters.get(Counter.REUSES), counters.get(Counter.DENIED_REQUESTS),
            counters.get(Counter.DENIED_RESPONSES), counters.get(Counter.FAILED_REQUESTS),
            counters.get(Counter.DENIED_CONNECTIONS), counters.get(Counter.DENIED_SESSIONS),
            counters.get(Counter.FAILED_REWRITES), counters.get(Counter.INTERNAL_ERRORS),
            counters.get(Counter.INTERCEPTED), counters.get(Counter.REQUESTS), ResponseClasses.of(counters),
            counters.get(Counter.CACHE_LOOKUPS), counters.get(Counter.CACHE_HITS));
    }

    /**
     * HTTP responses by status class ({@code hrsp_1xx} .. {@code hrsp_5xx}, {@code hrsp_other}).
     */
    public record ResponseClasses(long other, long c1xx, long c2xx, long c3xx, long c4xx, long c5xx) {
        public static final ResponseClasses NONE = new ResponseClasses(0, 0, 0, 0, 0, 0);

        static ResponseClasses of(final TrafficCounters c) {
            return new ResponseClasses(c.get(Counter.HRSP_OTHER), c.get(Counter.HRSP_1XX), c.get(Counter.HRSP_2XX),
                c.get(Counter.HRSP_3XX), c.get(Counter.HRSP_4XX), c.get(Counter.HRSP_5XX));
        }

        /** The count of class {@code n} (status / 100; 0 for the others). */
        public long of(final int n) {
            switch (n) {
                case 1:
                    return c1xx;
                case 2:
                    return c2xx;
                case 3:
                    return c3xx;
                case 4:
                    return c4xx;
                case 5:
                    return c5xx;
                default:
                    return other;
            }
        }
    }
}
