package dev.baton.stats;

/**
 * The backend side of a proxy.
 *
 * @param scur     streams attached now
 * @param smax     most streams attached at once
 * @param traffic  cumulative counters
 * @param weight   total weight of the servers that can take traffic now (actives, or the backups when no
 *                 active can)
 * @param uweight  total configured-or-set weight of the active servers
 * @param act      active servers that can take traffic
 * @param bck      backup servers that can take traffic
 * @param status   {@code UP} when some server can take traffic (or there is no server), else {@code DOWN}
 * @param algo     the {@code balance} algorithm
 * @param chkdown  how many times the backend lost its last usable server
 * @param lastChangeSec seconds since it last lost or regained a usable server (or since the start)
 * @param downtimeSec   seconds spent without a usable server
 * @param slim     {@code fullconn} in force (configured or computed), which HAProxy shows as the backend's limit
 * @param queue    the backend's own queue (not its servers'): waiting now and at most, queue times
 * @param activity its session rate, last session and connect/response/total times
 * @param compression  its HTTP compression counters
 */
public record BackendStats(int scur, int smax, TrafficTotals traffic, int weight, int uweight, int act, int bck,
                           String status, String algo, long chkdown, long lastChangeSec, long downtimeSec, int slim,
                           QueueStats queue, ActivityStats activity, CompressionStats compression) {
    /** Without rates nor times beyond the queue's, having compressed nothing. */
    public BackendStats(final int scur, final int smax, final TrafficTotals traffic, final int weight,
                        final int uweight, final int act, final int bck, final String status, final String algo,
                        final long chkdown, final long lastChangeSec, final long downtimeSec, final int slim,
                        final QueueStats queue) {
        this(scur, smax, traffic, weight, uweight, act, bck, status, algo, chkdown, lastChangeSec, downtimeSec, slim,
            queue, ActivityStats.NONE, CompressionStats.NONE);
    }

    /** A backend that never queued, {@code fullconn} 0. */
    public BackendStats(final int scur, final int smax, final TrafficTotals traffic, final int weight,
                        final int uweight, final int act, final int bck, final String status, final String algo,
                        final long chkdown, final long lastChangeSec, final long downtimeSec) {
        this(scur, smax, traffic, weight, uweight, act, bck, status, algo, chkdown, lastChangeSec, downtimeSec, 0,
            QueueStats.NONE);
    }

    /** Without availability figures. */
    public BackendStats(final int scur, final int smax, final TrafficTotals traffic, final int weight,
                        final int uweight, final int act, final int bck, final String status, final String algo) {
        this(scur, smax, traffic, weight, uweight, act, bck, status, algo, 0, 0, 0);
    }
}
