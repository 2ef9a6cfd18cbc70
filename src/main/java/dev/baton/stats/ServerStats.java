package dev.baton.stats;

import dev.baton.backend.Server;

/**
 * One server of a backend.
 *
 * @param name     the server's name (HAProxy's svname)
 * @param sid      1-based position in its backend (HAProxy's sid)
 * @param address  the resolved IP address, as a literal
 * @param port     the server's port
 * @param backup   a backup server
 * @param admin    administrative state
 * @param scur     connections established or being established now
 * @param smax     most connections at once
 * @param slim     {@code maxconn}; 0 when unlimited
 * @param traffic  cumulative counters
 * @param weight   effective weight: 0 while draining, else the current weight
 * @param uweight  current weight, as configured or set at run time
 * @param iweight  weight configured at start-up
 * @param pool     idle-connection pool figures
 * @param lastChangeSec  seconds since the administrative state last changed (or since the start)
 */
public record ServerStats(String name, int sid, String address, int port, boolean backup, Server.AdminState admin,
                          int scur, int smax, int slim, TrafficTotals traffic, int weight, int uweight, int iweight,
                          PoolStats pool, long lastChangeSec) {
    /** HAProxy's {@code show stat} status for a server without health checks. */
    public String status() {
        switch (admin) {
            case MAINT:
                return "MAINT";
            case DRAIN:
                return "DRAIN";
            default:
                return "no check";
        }
    }
}
