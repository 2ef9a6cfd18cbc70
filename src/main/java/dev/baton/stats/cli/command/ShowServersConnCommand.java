package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.stats.PoolStats;
import dev.baton.stats.ProxyStats;
import dev.baton.stats.ServerStats;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/**
 * {@code show servers conn [BACKEND]}: each server's connection-pool figures in HAProxy's layout, ending
 * with one idle count per reactor. Private (session-attached) idle connections do not exist in baton: that
 * column is always 0.
 */
final class ShowServersConnCommand extends BaseCommand {
    ShowServersConnCommand() {
        super("show servers conn [<backend>]", "dump server connections status (all or one backend)",
            AccessLevel.USER, "show", "servers", "conn");
    }

    /** The header line for {@code nbthread} reactors. */
    static String header(final int nbthread) {
        return "# bkname/svname bkid/svid addr port - purge_delay served used_cur used_max need_est idle_sess "
            + "unsafe_nb safe_nb idle_lim idle_cur idle_per_thr[" + nbthread + "]";
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        final List<ProxyStats> backends = ServerDumps.backends(context, args, out);
        if (backends == null) {
            return;
        }
        out.append(header(context.source().reactors().size())).append('\n');
        for (final ProxyStats p : backends) {
            for (final ServerStats s : p.servers()) {
                final PoolStats pool = s.pool();
                out.append(p.name()).append('/').append(s.name()).append(' ').append(p.iid()).append('/')
                    .append(s.sid()).append(' ').append(s.address()).append(' ').append(s.port()).append(" - ")
                    .append(pool.purgeDelayMs()).append(' ').append(s.scur()).append(' ').append(pool.used())
                    .append(' ').append(pool.maxUsed()).append(' ').append(pool.needEst()).append(" 0 ")
                    .append(pool.idle()).append(' ').append(pool.safe()).append(' ').append(pool.limit())
                    .append(' ').append(pool.idleTotal());
                for (final int idle : pool.perThread()) {
                    out.append(' ').append(idle);
                }
                out.append('\n');
            }
        }
    }
}
