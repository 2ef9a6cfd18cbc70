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
 * @param weight   effective weight: the current weight (HAProxy 2.6 keeps it while draining)
 * @param uweight  current weight, as configured or set at run time
 * @param iweight  weight configured at start-up
 * @param pool     idle-connection pool figures
 * @param lastChangeSec  seconds since the state (administrative or UP/DOWN) last changed (or since the start)
 * @param checks   health-check figures
 */
public record ServerStats(String name, int sid, String address, int port, boolean backup, Server.AdminState admin,
                          int scur, int smax, int slim, TrafficTotals traffic, int weight, int uweight, int iweight,
                          PoolStats pool, long lastChangeSec, ServerChecks checks) {
    /** Without health-check figures (a server without checks). */
    public ServerStats(final String name, final int sid, final String address, final int port, final boolean backup,
                       final Server.AdminState admin, final int scur, final int smax, final int slim,
                       final TrafficTotals traffic, final int weight, final int uweight, final int iweight,
                       final PoolStats pool, final long lastChangeSec) {
        this(name, sid, address, port, backup, admin, scur, smax, slim, traffic, weight, uweight, iweight, pool,
            lastChangeSec, ServerChecks.NONE);
    }

    /**
     * HAProxy's {@code show stat} status: {@code MAINT}, {@code DRAIN}, {@code no check}
     * without checks or with checks disabled (unless forced {@code DOWN} or {@code NOLB}); else
     * {@code UP}, {@code UP n/fall} while failing ({@code NOLB} and {@code NOLB n/fall} when soft-stopped by
     * {@code disable-on-404}) ({@code n = health - rise + 1} failures from DOWN), {@code DOWN},
     * {@code DOWN n/rise} while passing ({@code n = health}).
     */
    public String status() {
        switch (admin) {
            case MAINT:
                return "MAINT";
            case DRAIN:
                return "DRAIN";
            default:
                break;
        }
        if (!checks.checked()) {
            // HAProxy shows the forced state of a server whose checks are off (disable health, set server health)
            return !checks.running() ? "DOWN" : checks.stopping() ? "NOLB" : "no check";
        }
        final int top = checks.rise() + checks.fall() - 1;
        if (checks.running()) {
            final String up = checks.stopping() ? "NOLB" : "UP";
            return checks.health() == top ? up : up + " " + (checks.health() - checks.rise() + 1) + "/" + checks.fall();
        }
        return checks.health() == 0 ? "DOWN" : "DOWN " + checks.health() + "/" + checks.rise();
    }

    /** Whether the check columns show figures: checked and not in maintenance (HAProxy pauses its checks there). */
    public boolean showsChecks() {
        return checks.checked() && admin != Server.AdminState.MAINT;
    }
}
