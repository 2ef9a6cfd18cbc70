package dev.baton.health;

import dev.baton.backend.CheckStatus;

/**
 * What evaluating one rule of a check decided, HAProxy's tcpcheck_eval_ret: go on with the next rule, wait for
 * the socket, or stop with an outcome. The outcome of a stop is written into the run's {@link Verdict}, one
 * mutable holder per check reused from run to run (no allocation per check).
 */
enum StepResult {
    CONTINUE, WAIT, STOP;

    /** The outcome a rule stopped the check with; owned by one {@link CheckRun}, its reactor's thread only. */
    static final class Verdict {
        CheckStatus status;
        String info;
        /** The check's code: an HTTP status, a MySQL or LDAP error, an SMTP reply code; 0 for none. */
        int code;

        StepResult stop(final CheckStatus s, final String i) {
            status = s;
            info = i;
            return STOP;
        }
    }
}
