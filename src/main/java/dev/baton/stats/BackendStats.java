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
 */
public record BackendStats(int scur, int smax, TrafficTotals traffic, int weight, int uweight, int act, int bck,
                           String status, String algo) {
}
