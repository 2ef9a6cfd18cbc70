package dev.baton.stats.cli.command;

import dev.baton.backend.Server;
import dev.baton.config.AccessLevel;
import dev.baton.stats.ProxyStats;
import dev.baton.stats.ServerStats;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/**
 * {@code show servers state [BACKEND]}: HAProxy's server-state format, version 1 (the format of
 * {@code server-state-file}): a version line, the header, then one line per server. baton has no health
 * checks, so the check and agent fields read as those of an unchecked server; there is no FQDN, SRV record
 * or SSL.
 */
final class ShowServersStateCommand extends BaseCommand {
    static final String HEADER = "# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight "
        + "srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health "
        + "srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl "
        + "srv_check_port srv_check_addr srv_agent_addr srv_agent_port";
    /** HAProxy's srv_op_state values. */
    private static final int OP_STOPPED = 0;
    private static final int OP_RUNNING = 2;
    /** HAProxy's srv_admin_state bits: forced maintenance, forced drain. */
    private static final int ADMIN_FMAINT = 0x01;
    private static final int ADMIN_FDRAIN = 0x08;

    ShowServersStateCommand() {
        super("show servers state [<backend>]", "dump volatile server information (all or one backend)",
            AccessLevel.USER, "show", "servers", "state");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        final List<ProxyStats> backends = ServerDumps.backends(context, args, out);
        if (backends == null) {
            return;
        }
        out.append("1\n").append(HEADER).append('\n');
        for (final ProxyStats p : backends) {
            for (final ServerStats s : p.servers()) {
                final boolean maint = s.admin() == Server.AdminState.MAINT;
                final int admin = maint ? ADMIN_FMAINT : s.admin() == Server.AdminState.DRAIN ? ADMIN_FDRAIN : 0;
                out.append(p.iid()).append(' ').append(p.name()).append(' ').append(s.sid()).append(' ')
                    .append(s.name()).append(' ').append(s.address()).append(' ')
                    .append(maint ? OP_STOPPED : OP_RUNNING).append(' ').append(admin).append(' ')
                    .append(s.uweight()).append(' ').append(s.iweight()).append(' ').append(s.lastChangeSec())
                    // check status "initialising", no result, health 1, no check
                    .append(" 1 0 1 0 ").append(s.checks().agent().stateBits())
                    // ids not forced, no FQDN
                    .append(" 0 0 - ").append(s.port()).append(" - 0 0 - ")
                    .append(agentAddr(s)).append(' ').append(s.checks().agent().port()).append('\n');
            }
        }
    }

    /** {@code srv_agent_addr}: the agent's own address, "-" when it runs on the server's. */
    private static String agentAddr(final ServerStats s) {
        return s.checks().agent().addr() == null ? "-" : s.checks().agent().addr();
    }
}
