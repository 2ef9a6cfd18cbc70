package dev.baton.backend;

/**
 * A server's state as one immutable value, so that every change replaces it whole with one atomic step and
 * every reader sees a state some change produced, never half of one change and half of another.
 *
 * <p>Two parts, as HAProxy's server: the administrative flags ({@code srv->cur_admin}): {@link #MAINT} (forced
 * maintenance) and {@link #DRAIN} (forced drain), which are independent ({@code disable server} on a draining
 * server keeps the drain for when it is enabled again); and the operational part the health checks drive
 * ({@code srv->cur_state} and {@code check->health}): {@code running} (UP) or stopped (DOWN), and the health
 * counter in {@code [0, rise + fall - 1]}: a passed check raises it (to the top once it reaches {@code rise}), a
 * failed one lowers it (to 0 once below {@code rise}); the server goes DOWN when it drops to 0 and UP when it
 * reaches {@code rise} (see {@link #afterCheck}). A server without checks stays running with health 0.
 *
 * <p>{@code sinceNs} is when the state last changed ({@link System#nanoTime()}: an administrative change or an
 * UP/DOWN transition, not a mere health step), changed in the same step; {@code downtimeNs} the time spent
 * down (stopped or in maintenance) before {@code sinceNs}.
 *
 * @param adminFlags {@link #MAINT} and {@link #DRAIN} bits
 * @param running    UP (true) or DOWN as the health checks see it
 * @param health     HAProxy's check health counter
 * @param sinceNs    when the state last changed (or the start)
 * @param downtimeNs time spent down before {@code sinceNs}
 * @param stopping   UP but soft-stopped by {@code http-check disable-on-404} (HAProxy's SRV_ST_STOPPING, shown
 *                   "NOLB"): the established connections carry on, the balancers choose it no more
 */
public record ServerState(int adminFlags, boolean running, int health, long sinceNs, long downtimeNs,
                          boolean stopping) {
    /** Forced maintenance: the {@code disabled} keyword, {@code disable server}, {@code state maint}. */
    public static final int MAINT = 1;
    /** Forced drain: {@code set server ... state drain}. */
    public static final int DRAIN = 1 << 1;

    /** The state at start-up: running, as HAProxy 2.6 starts a server, checked or not, with health {@code health}. */
    static ServerState initial(final int adminFlags, final int health, final long nowNs) {
        return new ServerState(adminFlags, true, health, nowNs, 0, false);
    }

    public boolean maint() {
        return (adminFlags & MAINT) != 0;
    }

    public boolean drain() {
        return (adminFlags & DRAIN) != 0;
    }

    /** Down as HAProxy counts downtime: stopped by the checks, or in maintenance. */
    public boolean down() {
        return !running || maint();
    }

    /** Time spent down up to {@code nowNs}. */
    public long downtimeNs(final long nowNs) {
        return down() ? downtimeNs + Math.max(0, nowNs - sinceNs) : downtimeNs;
    }

    /** The administrative state shown and set by the runtime API: maintenance wins over drain. */
    public Server.AdminState admin() {
        return maint() ? Server.AdminState.MAINT : drain() ? Server.AdminState.DRAIN : Server.AdminState.READY;
    }

    /** This state with {@code flags} as its administrative flags, stamped {@code nowNs}; itself if unchanged. */
    ServerState withAdminFlags(final int flags, final long nowNs) {
        return withAdminFlags(flags, nowNs, 0);
    }

    /**
     * {@link #withAdminFlags(int, long)} for a server checked with {@code rise} (0: not checked): leaving
     * maintenance restarts its checks as HAProxy 2.6 does, UP with health {@code rise}, so that the first check
     * decides (a failure takes it DOWN at once); a server without checks leaves maintenance UP.
     */
    ServerState withAdminFlags(final int flags, final long nowNs, final int rise) {
        if (flags == adminFlags) {
            return this;
        }
        final boolean leavingMaint = (adminFlags & MAINT) != 0 && (flags & MAINT) == 0;
        if (leavingMaint && rise > 0) {
            return new ServerState(flags, true, rise, nowNs, downtimeNs(nowNs), false);
        }
        if ((adminFlags & MAINT) == 0 && (flags & MAINT) != 0 && running) {
            // HAProxy marks the check failed as a running server goes into maintenance
            return new ServerState(flags, running, 0, nowNs, downtimeNs(nowNs), stopping);
        }
        if (leavingMaint) {
            // nothing checks it: HAProxy puts it back UP whatever "set server ... health" forced before
            return new ServerState(flags, true, health, nowNs, downtimeNs(nowNs), false);
        }
        return new ServerState(flags, running, health, nowNs, downtimeNs(nowNs), stopping);
    }

    /**
     * The state after one check, HAProxy's rules: a pass raises {@code health} by one unless it is at the top
     * ({@code rise + fall - 1}), jumping to the top once it reaches {@code rise}, and the server runs from then
     * on; a failure lowers it by one unless it is 0, dropping to 0 once below {@code rise}, and the server stops
     * at 0. Stamped {@code nowNs} when running changes; itself when nothing changes.
     */
    ServerState afterCheck(final boolean passed, final int rise, final int fall, final long nowNs) {
        return afterCheck(passed, false, rise, fall, nowNs);
    }

    /**
     * {@link #afterCheck(boolean, int, int, long)} where {@code conditional} marks a pass that soft-stops a
     * running server (HAProxy's L7OKC, {@code http-check disable-on-404}): it counts as a pass and the server,
     * running, is {@code stopping} until a plain pass; a failure keeps it stopping until it goes DOWN.
     */
    ServerState afterCheck(final boolean passed, final boolean conditional, final int rise, final int fall,
                           final long nowNs) {
        final int top = rise + fall - 1;
        int h = health;
        if (passed) {
            if (h < top) {
                h++;
                if (h >= rise) {
                    h = top;
                }
            }
        } else if (h > 0) {
            h--;
            if (h < rise) {
                h = 0;
            }
        }
        final boolean run = passed ? running || h >= rise : running && h > 0;
        final boolean stop = run && (passed ? conditional : stopping);
        if (h == health && run == running && stop == stopping) {
            return this;
        }
        if (run == running && stop == stopping) {
            return new ServerState(adminFlags, running, h, sinceNs, downtimeNs, stopping);
        }
        return new ServerState(adminFlags, run, h, nowNs, downtimeNs(nowNs), stop);
    }

    /**
     * This state with the operational part forced ({@code set server ... health}): {@code running},
     * {@code stopping} (only when running) and {@code health}; stamped {@code nowNs} when running or stopping
     * changes; itself when nothing changes.
     */
    ServerState forced(final boolean run, final boolean stop, final int h, final long nowNs) {
        final boolean st = run && stop;
        if (h == health && run == running && st == stopping) {
            return this;
        }
        if (run == running && st == stopping) {
            return new ServerState(adminFlags, running, h, sinceNs, downtimeNs, stopping);
        }
        return new ServerState(adminFlags, run, h, nowNs, downtimeNs(nowNs), st);
    }
}
