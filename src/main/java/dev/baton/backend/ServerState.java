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
 * @param agentHealth the agent check's health counter (HAProxy's {@code agent.health}), 0 or 1 since HAProxy
 *                   fixes the agent's rise and fall at 1: 0 after the agent said "down", "stopped" or "fail" (or
 *                   {@code set server ... agent down}), which keeps the server DOWN whatever the health check
 *                   says; 1 at start and after "up" (see {@link #afterAgent})
 */
public record ServerState(int adminFlags, boolean running, int health, long sinceNs, long downtimeNs,
                          boolean stopping, int agentHealth) {
    /** Forced maintenance: the {@code disabled} keyword, {@code disable server}, {@code state maint}. */
    public static final int MAINT = 1;
    /** Forced drain: {@code set server ... state drain}. */
    public static final int DRAIN = 1 << 1;
    /** Maintenance inherited from the tracked server ({@code track}; HAProxy's SRV_ADMF_IMAINT): "MAINT (via ...)". */
    public static final int IMAINT = 1 << 2;
    /**
     * Maintenance because the server's name does not resolve (HAProxy's SRV_ADMF_RMAINT, "MAINT (resolution)"): set
     * and cleared by the run-time resolution of its {@code resolvers} section only.
     */
    public static final int RMAINT = 1 << 3;
    /** Any kind of maintenance. */
    static final int ANY_MAINT = MAINT | IMAINT | RMAINT;

    /** Agent health when the agent is up (its rise, HAProxy's start value). */
    public static final int AGENT_UP = 1;

    /** A state whose agent, if any, is up. */
    public ServerState(final int adminFlags, final boolean running, final int health, final long sinceNs,
                       final long downtimeNs, final boolean stopping) {
        this(adminFlags, running, health, sinceNs, downtimeNs, stopping, AGENT_UP);
    }

    /** The state at start-up: running, as HAProxy 2.6 starts a server, checked or not, with health {@code health}. */
    static ServerState initial(final int adminFlags, final int health, final long nowNs) {
        return new ServerState(adminFlags, true, health, nowNs, 0, false, AGENT_UP);
    }

    /** In maintenance because its name does not resolve. */
    public boolean resolutionMaint() {
        return (adminFlags & RMAINT) != 0;
    }

    /** In maintenance, forced, inherited from the tracked server or for want of an address. */
    public boolean maint() {
        return (adminFlags & ANY_MAINT) != 0;
    }

    /** In maintenance only because the tracked server is ({@code MAINT (via be/s)}). */
    public boolean inheritedMaintOnly() {
        return (adminFlags & ANY_MAINT) == IMAINT;
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
        return withAdminFlags(flags, nowNs, 0, false);
    }

    /**
     * {@link #withAdminFlags(int, long)} for a server checked with {@code rise} (0: not checked): leaving
     * maintenance restarts its checks as HAProxy 2.6 does, UP with health {@code rise}, so that the first check
     * decides (a failure takes it DOWN at once); a server without checks leaves maintenance UP; but a server whose
     * enabled agent is down ({@code agentBlocks}) leaves maintenance DOWN, checked or not, as HAProxy's
     * srv_update_status.
     */
    ServerState withAdminFlags(final int flags, final long nowNs, final int rise) {
        return withAdminFlags(flags, nowNs, rise, false);
    }

    /** {@link #withAdminFlags(int, long, int)} for a server whose enabled agent may be down. */
    ServerState withAdminFlags(final int flags, final long nowNs, final int rise, final boolean agentBlocks) {
        if (flags == adminFlags) {
            return this;
        }
        final boolean leavingMaint = (adminFlags & ANY_MAINT) != 0 && (flags & ANY_MAINT) == 0;
        if (leavingMaint && rise > 0) {
            return new ServerState(flags, !agentBlocks, rise, nowNs, downtimeNs(nowNs), false, agentHealth);
        }
        if ((adminFlags & ANY_MAINT) == 0 && (flags & ANY_MAINT) != 0 && running) {
            // HAProxy marks the check failed as a running server goes into maintenance
            return new ServerState(flags, running, 0, nowNs, downtimeNs(nowNs), stopping, agentHealth);
        }
        if (leavingMaint) {
            // nothing checks it: HAProxy puts it back UP whatever "set server ... health" forced before
            return new ServerState(flags, !agentBlocks, health, nowNs, downtimeNs(nowNs), false, agentHealth);
        }
        return new ServerState(flags, running, health, nowNs, downtimeNs(nowNs), stopping, agentHealth);
    }

    /**
     * The state after one check, HAProxy's rules: a pass raises {@code health} by one unless it is at the top
     * ({@code rise + fall - 1}), jumping to the top once it reaches {@code rise}, and the server runs from then
     * on; a failure lowers it by one unless it is 0, dropping to 0 once below {@code rise}, and the server stops
     * at 0. Stamped {@code nowNs} when running changes; itself when nothing changes.
     */
    ServerState afterCheck(final boolean passed, final int rise, final int fall, final long nowNs) {
        return afterCheck(passed, false, rise, fall, nowNs, false);
    }

    /**
     * {@link #afterCheck(boolean, int, int, long)} where {@code conditional} marks a pass that soft-stops a
     * running server (HAProxy's L7OKC, {@code http-check disable-on-404}): it counts as a pass and the server,
     * running, is {@code stopping} until a plain pass; a failure keeps it stopping until it goes DOWN. While
     * {@code agentBlocks} (the server's enabled agent is down), a pass never brings a DOWN server UP (HAProxy's
     * check_notify_success).
     */
    ServerState afterCheck(final boolean passed, final boolean conditional, final int rise, final int fall,
                           final long nowNs) {
        return afterCheck(passed, conditional, rise, fall, nowNs, false);
    }

    /** {@link #afterCheck(boolean, boolean, int, int, long)} for a server whose enabled agent may be down. */
    ServerState afterCheck(final boolean passed, final boolean conditional, final int rise, final int fall,
                           final long nowNs, final boolean agentBlocks) {
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
        final boolean run = passed ? running || (h >= rise && !agentBlocks) : running && h > 0;
        final boolean stop = run && (passed ? conditional : stopping);
        if (h == health && run == running && stop == stopping) {
            return this;
        }
        if (run == running && stop == stopping) {
            return new ServerState(adminFlags, running, h, sinceNs, downtimeNs, stopping, agentHealth);
        }
        return new ServerState(adminFlags, run, h, nowNs, downtimeNs(nowNs), stop, agentHealth);
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
            return new ServerState(adminFlags, running, h, sinceNs, downtimeNs, stopping, agentHealth);
        }
        return new ServerState(adminFlags, run, h, nowNs, downtimeNs(nowNs), st, agentHealth);
    }

    /**
     * The state after an agent check's verdict, HAProxy's rules: {@code agentHealth} is the agent's new health
     * (1 after "up", 0 after "down"/"stopped"/"fail", unchanged otherwise); a {@code failed} verdict (a health word
     * of failure, never a connection failure) stops a running server unless it is in maintenance; a
     * {@code passed} one ("up") starts a stopped server unless it is in maintenance, its enabled health check is
     * below rise ({@code checkBlocks}) or it is soft-stopped. Stamped {@code nowNs} when running changes; itself
     * when nothing changes.
     */
    ServerState afterAgent(final int newAgentHealth, final boolean failed, final boolean passed,
                           final boolean checkBlocks, final long nowNs) {
        boolean run = running;
        if (failed && newAgentHealth == 0 && !maint()) {
            run = false;
        } else if (passed && !maint() && !checkBlocks && !stopping) {
            run = true;
        }
        final boolean stop = run && stopping;
        if (run == running && newAgentHealth == agentHealth) {
            return this;
        }
        if (run == running) {
            return new ServerState(adminFlags, running, health, sinceNs, downtimeNs, stopping, newAgentHealth);
        }
        return new ServerState(adminFlags, run, health, nowNs, downtimeNs(nowNs), stop, newAgentHealth);
    }

    /**
     * {@code set server ... agent up|down}: the agent's health forced to 1 or 0 and the server set running (no
     * longer soft-stopped) or stopped, unless in maintenance, whatever the health check says (HAProxy's
     * srv_set_running/srv_set_stopped); itself when nothing changes.
     */
    ServerState forcedAgent(final boolean up, final long nowNs) {
        final int ah = up ? AGENT_UP : 0;
        final boolean run = maint() ? running : up;
        final boolean stop = maint() && stopping;
        if (run == running && stop == stopping && ah == agentHealth) {
            return this;
        }
        if (run == running && stop == stopping) {
            return new ServerState(adminFlags, running, health, sinceNs, downtimeNs, stopping, ah);
        }
        return new ServerState(adminFlags, run, health, nowNs, downtimeNs(nowNs), stop, ah);
    }
}
