package dev.baton.stats;

import dev.baton.backend.CheckReport;

/**
 * A server's health-check figures for the statistics, HAProxy's columns.
 *
 * @param checked     the server has {@code check}
 * @param running     UP as the checks see it
 * @param health      the check health counter ({@code check_health})
 * @param rise        {@code check_rise}
 * @param fall        {@code check_fall}
 * @param last        the last check's outcome ({@code check_status}, {@code check_duration}, {@code last_chk})
 * @param chkfail     failed checks
 * @param chkdown     UP to DOWN transitions
 * @param downtimeSec seconds spent down (stopped or in maintenance)
 * @param inProgress  a check is under way ({@code check_status} then starts with {@code "* "}, as HAProxy's)
 * @param stopping    UP but soft-stopped by {@code http-check disable-on-404} (status "NOLB")
 * @param agent       the agent check's figures
 * @param hanafail    the times {@code observe} found {@code error-limit} consecutive errors (HAProxy's
 *                    {@code hanafail}), or -1 when the server whose checks decide (its tracked one for a tracker)
 *                    does not observe, and the column is then empty
 */
public record ServerChecks(boolean checked, boolean running, int health, int rise, int fall, CheckReport last,
                           long chkfail, long chkdown, long downtimeSec, boolean inProgress, boolean stopping,
                           ServerAgent agent, long hanafail) {
    /** A server without checks. */
    public static final ServerChecks NONE = new ServerChecks(false, true, 0, 0, 0, CheckReport.INITIAL, 0, 0, 0,
        false);

    /** Figures without an agent check. */
    public ServerChecks(final boolean checked, final boolean running, final int health, final int rise,
                        final int fall, final CheckReport last, final long chkfail, final long chkdown,
                        final long downtimeSec, final boolean inProgress, final boolean stopping) {
        this(checked, running, health, rise, fall, last, chkfail, chkdown, downtimeSec, inProgress, stopping,
            ServerAgent.NONE, -1);
    }

    /** These figures with the agent's {@code a}. */
    public ServerChecks withAgent(final ServerAgent a) {
        return new ServerChecks(checked, running, health, rise, fall, last, chkfail, chkdown, downtimeSec,
            inProgress, stopping, a, hanafail);
    }

    /** These figures with {@code hanafail} {@code n} (-1: not shown). */
    public ServerChecks withHanafail(final long n) {
        return new ServerChecks(checked, running, health, rise, fall, last, chkfail, chkdown, downtimeSec,
            inProgress, stopping, agent, n);
    }

    /** Figures of a server that is not stopping. */
    public ServerChecks(final boolean checked, final boolean running, final int health, final int rise,
                        final int fall, final CheckReport last, final long chkfail, final long chkdown,
                        final long downtimeSec, final boolean inProgress) {
        this(checked, running, health, rise, fall, last, chkfail, chkdown, downtimeSec, inProgress, false);
    }
}
