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
 */
public record ServerChecks(boolean checked, boolean running, int health, int rise, int fall, CheckReport last,
                           long chkfail, long chkdown, long downtimeSec, boolean inProgress) {
    /** A server without checks. */
    public static final ServerChecks NONE = new ServerChecks(false, true, 0, 0, 0, CheckReport.INITIAL, 0, 0, 0,
        false);
}
