package dev.baton.stats.cli.command;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.AccessLevel;
import dev.baton.stats.ProxyStats;
import dev.baton.stats.ServerStats;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/**
 * {@code show servers state [BACKEND]}: HAProxy 2.6's server-state format, version 1 (the format of
 * {@code server-state-file}): a version line, the header, then one line per server, its numeric fields as
 * HAProxy's enums and flags ({@link ServerStateFields}). {@code srv_fqdn} and {@code srvrecord} are shown for servers
 * fed by a DNS SRV name (a plain host name's server shows "-" there); the agent fields are those of a server without
 * {@code agent-check}. Reactor 0, like every command; the live servers are read
 * through their thread-safe accessors.
 */
final class ShowServersStateCommand extends BaseCommand {
    static final String HEADER = "# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight "
        + "srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health "
        + "srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl "
        + "srv_check_port srv_check_addr srv_agent_addr srv_agent_port";

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
            final Backend backend = context.source().backend(p.name());
            for (final ServerStats s : p.servers()) {
                final Server server = backend.server(s.name());
                if (server == null) {
                    continue; // deleted since the snapshot (del server)
                }
                final ServerStateFields f = ServerStateFields.of(server);
                final String checkAddr = server.config().check().addr() == null ? "-"
                    : server.config().check().addr();
                out.append(p.iid()).append(' ').append(p.name()).append(' ').append(s.sid()).append(' ')
                    .append(s.name()).append(' ').append(s.address()).append(' ')
                    .append(f.opState()).append(' ').append(f.adminState()).append(' ')
                    .append(s.uweight()).append(' ').append(s.iweight()).append(' ').append(s.lastChangeSec())
                    .append(' ').append(f.checkStatus()).append(' ').append(f.checkResult()).append(' ')
                    .append(f.checkHealth()).append(' ').append(f.checkState()).append(' ')
                    .append(s.checks().agent().stateBits())
                    // backend and server ids not forced (baton has no "id" keyword); the name an SRV record gave
                    .append(" 0 0 ").append(server.fqdn() == null ? "-" : server.fqdn()).append(' ').append(s.port())
                    // the SRV name feeding the server; whether new connections speak TLS (ssl, set server ... ssl)
                    .append(' ').append(server.config().isSrv() ? server.config().host() : "-").append(' ')
                    .append(server.tls() != null ? 1 : 0).append(' ').append(f.checkPort()).append(' ').append(checkAddr)
                    // the agent's address and port (HAProxy's "addr" and "port" also point the agent there)
                    .append(' ').append(agentAddr(s)).append(' ').append(s.checks().agent().port()).append('\n');
            }
        }
    }

    /** {@code srv_agent_addr}: the agent's own address, "-" when it runs on the server's. */
    private static String agentAddr(final ServerStats s) {
        return s.checks().agent().addr() == null ? "-" : s.checks().agent().addr();
    }
}
