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
 * @param slim     {@code maxconn} (with {@code minconn} alone, {@code minconn}); 0 when unlimited
 * @param traffic  cumulative counters
 * @param weight   effective weight: the current weight (HAProxy 2.6 keeps it while draining)
 * @param uweight  current weight, as configured or set at run time
 * @param iweight  weight configured at start-up
 * @param pool     idle-connection pool figures
 * @param lastChangeSec  seconds since the state (administrative or UP/DOWN) last changed (or since the start)
 * @param checks   health-check figures; for a server that {@code track}s another, those of the end of its chain
 *                 with its own UP/DOWN state, which make its status as HAProxy's
 * @param maintVia the tracked server ({@code be/s1}) when the maintenance is only inherited from it,
 *                 {@link #RESOLUTION} when the server's name does not resolve, else null
 * @param tracking the server tracks another: its own check columns stay empty, as HAProxy leaves them
 * @param queue    its queue: waiting now and at most, {@code maxqueue}, queue times
 * @param cookie   its persistence {@code cookie} value, or null
 * @param activity its session rate, last session, connect/response/total times, throttle and tracked server
 */
public record ServerStats(String name, int sid, String address, int port, boolean backup, Server.AdminState admin,
                          int scur, int smax, int slim, TrafficTotals traffic, int weight, int uweight, int iweight,
                          PoolStats pool, long lastChangeSec, ServerChecks checks, String maintVia,
                          boolean tracking, QueueStats queue, String cookie, ActivityStats activity) {
    /** {@link #maintVia} of a server in maintenance because its name does not resolve ("MAINT (resolution)"). */
    public static final String RESOLUTION = "resolution";
    /** {@link #address} of a server without one (its name stopped resolving, or {@code init-addr none}). */
    public static final String NO_ADDRESS = "-";

    /** Without rates nor times beyond the queue's. */
    public ServerStats(final String name, final int sid, final String address, final int port, final boolean backup,
                       final Server.AdminState admin, final int scur, final int smax, final int slim,
                       final TrafficTotals traffic, final int weight, final int uweight, final int iweight,
                       final PoolStats pool, final long lastChangeSec, final ServerChecks checks,
                       final String maintVia, final boolean tracking, final QueueStats queue, final String cookie) {
        this(name, sid, address, port, backup, admin, scur, smax, slim, traffic, weight, uweight, iweight, pool,
            lastChangeSec, checks, maintVia, tracking, queue, cookie, ActivityStats.NONE);
    }

    /** A server without a persistence {@code cookie}. */
    public ServerStats(final String name, final int sid, final String address, final int port, final boolean backup,
                       final Server.AdminState admin, final int scur, final int smax, final int slim,
                       final TrafficTotals traffic, final int weight, final int uweight, final int iweight,
                       final PoolStats pool, final long lastChangeSec, final ServerChecks checks,
                       final String maintVia, final boolean tracking, final QueueStats queue) {
        this(name, sid, address, port, backup, admin, scur, smax, slim, traffic, weight, uweight, iweight, pool,
            lastChangeSec, checks, maintVia, tracking, queue, null);
    }

    /** A server that never queued. */
    public ServerStats(final String name, final int sid, final String address, final int port, final boolean backup,
                       final Server.AdminState admin, final int scur, final int smax, final int slim,
                       final TrafficTotals traffic, final int weight, final int uweight, final int iweight,
                       final PoolStats pool, final long lastChangeSec, final ServerChecks checks,
                       final String maintVia, final boolean tracking) {
        this(name, sid, address, port, backup, admin, scur, smax, slim, traffic, weight, uweight, iweight, pool,
            lastChangeSec, checks, maintVia, tracking, QueueStats.NONE);
    }

    /** A server that tracks none. */
    public ServerStats(final String name, final int sid, final String address, final int port, final boolean backup,
                       final Server.AdminState admin, final int scur, final int smax, final int slim,
                       final TrafficTotals traffic, final int weight, final int uweight, final int iweight,
                       final PoolStats pool, final long lastChangeSec, final ServerChecks checks) {
        this(name, sid, address, port, backup, admin, scur, smax, slim, traffic, weight, uweight, iweight, pool,
            lastChangeSec, checks, null, false);
    }

    /** Without health-check figures (a server without checks). */
    public ServerStats(final String name, final int sid, final String address, final int port, final boolean backup,
                       final Server.AdminState admin, final int scur, final int smax, final int slim,
                       final TrafficTotals traffic, final int weight, final int uweight, final int iweight,
                       final PoolStats pool, final long lastChangeSec) {
        this(name, sid, address, port, backup, admin, scur, smax, slim, traffic, weight, uweight, iweight, pool,
            lastChangeSec, ServerChecks.NONE);
    }

    /**
     * HAProxy's {@code show stat} status (stats.c's computation): {@code MAINT} ({@code MAINT (via be/s1)} when
     * inherited from the tracked server); else, for a running server,
     * {@code UP} ({@code UP n/fall} while its checks fail, {@code n = health - rise + 1}), in drain mode
     * {@code DRAIN (agent)} when it has an enabled agent, else {@code DRAIN n/fall} or {@code DRAIN}, and
     * {@code no check} for an {@code UP} without enabled health checks; {@code NOLB} ({@code NOLB n/fall})
     * when soft-stopped; for a stopped one, {@code DOWN (agent)} when its enabled agent is down, else
     * {@code DOWN}, or {@code DOWN n/rise} while its checks pass ({@code n = health}).
     */
    public String status() {
        if (admin == Server.AdminState.MAINT) {
            return maintVia == null ? "MAINT" : maintVia.equals(RESOLUTION) ? "MAINT (resolution)"
                : "MAINT (via " + maintVia + ")";
        }
        final ServerAgent agent = checks.agent();
        final int top = checks.rise() + checks.fall() - 1;
        final boolean failing = checks.checked() && checks.health() < top;
        final String progress = (checks.health() - checks.rise() + 1) + "/" + checks.fall();
        if (checks.running() && !checks.stopping()) {
            if (admin == Server.AdminState.DRAIN) {
                return agent.enabled() ? "DRAIN (agent)" : failing ? "DRAIN " + progress : "DRAIN";
            }
            return failing ? "UP " + progress : checks.checked() ? "UP" : "no check";
        }
        if (checks.running()) {
            return failing ? "NOLB " + progress : "NOLB";
        }
        if (agent.enabled() && agent.health() == 0) {
            return "DOWN (agent)";
        }
        if (checks.checked() && checks.health() > 0) {
            return "DOWN " + checks.health() + "/" + checks.rise();
        }
        return "DOWN";
    }

    /** Whether the check columns show figures: checked and not in maintenance (HAProxy pauses its checks there). */
    public boolean showsChecks() {
        return checks.checked() && !tracking && admin != Server.AdminState.MAINT;
    }
}
