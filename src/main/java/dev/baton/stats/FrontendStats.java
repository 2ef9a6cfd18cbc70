package dev.baton.stats;

/**
 * The frontend side of a proxy; fields named after the {@code show stat} columns.
 *
 * @param scur     clients connected now
 * @param smax     most clients connected at once
 * @param slim     the limit in force: the frontend's {@code maxconn}, else the global one
 * @param stot     sessions started
 * @param bin      bytes received from clients
 * @param bout     bytes sent to clients
 * @param connTot  connections accepted
 * @param status   {@code OPEN}, or {@code STOP} once its listeners are closed
 * @param reqTot   HTTP requests received (0 on a TCP frontend, which receives none)
 * @param traffic  its cumulative counters (denials, errors, responses by class, ...)
 * @param activity its rates
 * @param compression  its HTTP compression counters
 */
public record FrontendStats(int scur, int smax, int slim, long stot, long bin, long bout, long connTot,
                            String status, long reqTot, TrafficTotals traffic, ActivityStats activity,
                            CompressionStats compression) {
    /** Without counters beyond the sessions and bytes, nor rates, having compressed nothing. */
    public FrontendStats(final int scur, final int smax, final int slim, final long stot, final long bin,
                         final long bout, final long connTot, final String status, final long reqTot) {
        this(scur, smax, slim, stot, bin, bout, connTot, status, reqTot,
            new TrafficTotals(stot, bin, bout, 0, 0, 0, 0, 0, 0, 0, 0, 0), ActivityStats.NONE, CompressionStats.NONE);
    }
}
