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
 * @param compression  its HTTP compression counters
 */
public record FrontendStats(int scur, int smax, int slim, long stot, long bin, long bout, long connTot,
                            String status, long reqTot, CompressionStats compression) {
    /** A frontend that compressed nothing. */
    public FrontendStats(final int scur, final int smax, final int slim, final long stot, final long bin,
                         final long bout, final long connTot, final String status, final long reqTot) {
        this(scur, smax, slim, stot, bin, bout, connTot, status, reqTot, CompressionStats.NONE);
    }
}
