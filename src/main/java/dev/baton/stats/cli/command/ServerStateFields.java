package dev.baton.stats.cli.command;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.backend.ServerStateFile;

import java.util.List;

/**
 * The numeric fields of a server in {@code show servers state}, as HAProxy 2.6 prints them from its own enums
 * and flags (include/haproxy/server-t.h, check-t.h): {@code srv_op_state} ({@code SRV_ST_*}),
 * {@code srv_admin_state} ({@code SRV_ADMF_*} bits), {@code srv_check_status} ({@code HCHK_STATUS_*}),
 * {@code srv_check_result} ({@code CHK_RES_*}), {@code srv_check_health} and {@code srv_check_state}
 * ({@code CHK_ST_*} bits). Checked against {@code haproxy -db} 2.6 on the same configuration and commands.
 */
record ServerStateFields(int opState, int adminState, int checkStatus, int checkResult, int checkHealth,
                         int checkState, int checkPort) {
    /** HAProxy's numbers, defined once with the file format ({@link ServerStateFile}). */
    static final int OP_STOPPED = ServerStateFile.OP_STOPPED;
    static final int OP_RUNNING = ServerStateFile.OP_RUNNING;
    static final int OP_STOPPING = ServerStateFile.OP_STOPPING;
    static final int ADMIN_FMAINT = ServerStateFile.ADMIN_FMAINT;
    static final int ADMIN_CMAINT = ServerStateFile.ADMIN_CMAINT;
    static final int ADMIN_FDRAIN = ServerStateFile.ADMIN_FDRAIN;
    /** HAProxy's SRV_ADMF_RMAINT: in maintenance for want of an address. */
    static final int ADMIN_RMAINT = 0x20;
    /** HAProxy's SRV_ADMF_HMAINT: the server's name was set at run time (by a DNS SRV record, in baton). */
    static final int ADMIN_HMAINT = 0x40;
    static final int RESULT_UNKNOWN = ServerStateFile.RESULT_UNKNOWN;
    static final int RESULT_FAILED = ServerStateFile.RESULT_FAILED;
    static final int RESULT_PASSED = ServerStateFile.RESULT_PASSED;
    static final int RESULT_CONDPASS = ServerStateFile.RESULT_CONDPASS;
    static final int STATE_INPROGRESS = ServerStateFile.CHECK_INPROGRESS;
    static final int STATE_CONFIGURED = ServerStateFile.CHECK_CONFIGURED;
    static final int STATE_ENABLED = ServerStateFile.CHECK_ENABLED;
    static final int STATE_PAUSED = ServerStateFile.CHECK_PAUSED;
    static final List<String> HCHK_STATUSES = ServerStateFile.CHECK_STATUSES;

    /** HAProxy's number for a check status ({@code HCHK_STATUS_*}), from its name. */
    static int statusNumber(final CheckStatus status) {
        final int n = HCHK_STATUSES.indexOf(status.name());
        return n < 0 ? 0 : n;
    }

    /**
     * The fields of {@code server} now. HAProxy's rules: a server in maintenance is stopped with health 0 and its
     * checks paused; the "disabled" keyword leaves {@code SRV_ADMF_CMAINT} set for the process's life; a check
     * under way has result UNKNOWN until it ends; a server without {@code check} shows status INI, result
     * UNKNOWN and check state 0.
     */
    static ServerStateFields of(final Server server) {
        final ServerState st = server.state();
        final int admin = (server.config().disabled() ? ADMIN_CMAINT : 0)
            | ((st.adminFlags() & (ServerState.MAINT | ServerState.IMAINT)) != 0 ? ADMIN_FMAINT : 0)
            | (st.resolutionMaint() ? ADMIN_RMAINT : 0) | (st.drain() ? ADMIN_FDRAIN : 0)
            | (server.namedByRecord() ? ADMIN_HMAINT : 0);
        final int op = st.maint() || !st.running() ? OP_STOPPED : st.stopping() ? OP_STOPPING : OP_RUNNING;
        final int checkPort = server.checkPort() > 0 ? server.checkPort() : server.config().check().port();
        if (!server.isChecked()) {
            return new ServerStateFields(op, admin, statusNumber(CheckStatus.INI), RESULT_UNKNOWN, st.health(), 0,
                checkPort);
        }
        final CheckReport last = server.lastCheck();
        final boolean enabled = server.checkEnabled();
        final boolean inProgress = server.checkInProgress();
        int state = STATE_CONFIGURED;
        if (enabled) {
            state |= STATE_ENABLED | (st.maint() ? STATE_PAUSED : 0) | (inProgress ? STATE_INPROGRESS : 0);
        }
        final int result = inProgress && enabled || last.status() == CheckStatus.INI ? RESULT_UNKNOWN
            : !last.status().passed() ? RESULT_FAILED
            : last.status() == CheckStatus.L7OKC ? RESULT_CONDPASS : RESULT_PASSED;
        return new ServerStateFields(op, admin, statusNumber(last.status()), result, st.maint() ? 0 : st.health(),
            state, checkPort);
    }
}
