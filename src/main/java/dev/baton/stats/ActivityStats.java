package dev.baton.stats;

/**
 * The rates, recent times and recency of a frontend, backend or server ({@code show stat}'s {@code rate},
 * {@code req_rate}, {@code conn_rate} and their maxima, {@code lastsess}, {@code ctime}/{@code rtime}/{@code ttime}
 * and their maxima), with a server's {@code throttle} and {@code tracked}. Which apply to which row type is the
 * renderers' business; what an object does not have reads 0 (or -1, null as said).
 *
 * @param rate        sessions in the last second (HAProxy's {@code read_freq_ctr})
 * @param rateMax     most sessions in one second
 * @param reqRate     HTTP requests in the last second (frontend)
 * @param reqRateMax  most requests in one second (frontend)
 * @param connRate    connections accepted in the last second (frontend)
 * @param connRateMax most connections in one second (frontend)
 * @param lastSessSec seconds since the last session was given a server (backend, server); -1 never
 * @param connect     connect time (Tc) of the last requests
 * @param response    response-head time (Tr; 0 in mode tcp)
 * @param total       total time (Tt)
 * @param throttle    a server's {@code slowstart} throttle in percent while it ramps up, else -1
 * @param tracked     the server it {@code track}s ({@code backend/server}), or null
 */
public record ActivityStats(long rate, long rateMax, long reqRate, long reqRateMax, long connRate, long connRateMax,
                            long lastSessSec, Time connect, Time response, Time total, int throttle,
                            String tracked) {
    /** Nothing seen yet. */
    public static final ActivityStats NONE = new ActivityStats(0, 0, 0, 0, 0, 0, -1, Time.NONE, Time.NONE, Time.NONE,
        -1, null);

    /**
     * One time figure in ms, as {@code qtime} is kept (SlidingTime).
     *
     * @param average         {@code show stat}'s average: over the requests so far while fewer than 512 came
     * @param exporterAverage the Prometheus exporter's: always over the 512-request window, as HAProxy 2.6's
     * @param max             the longest
     */
    public record Time(long average, long exporterAverage, long max) {
        public static final Time NONE = new Time(0, 0, 0);
    }
}
