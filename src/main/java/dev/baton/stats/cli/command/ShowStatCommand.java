package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.stats.ProxyStats;
import dev.baton.stats.StatsSnapshot;
import dev.baton.stats.cli.CliContext;
import dev.baton.stats.render.StatCsv;
import dev.baton.stats.render.StatFilter;
import dev.baton.sys.CNumbers;

import java.util.List;

/**
 * {@code show stat [{IID|PROXY} TYPE SID]}: HAProxy's CSV of every frontend, listener ({@code option socket-stats}),
 * server and backend ({@link StatCsv}); server and listener addresses and balance algorithms only from level operator
 * up, as HAProxy. The three words select rows as HAProxy 2.6 does ({@link StatFilter}): a proxy by name or id (-1:
 * all), a mask of row types (1 frontend, 2 backend, 4 server, 8 listener; -1: all), a server or listener id (-1:
 * all); numbers are read as C's atoi reads them, and a proxy that is neither a name nor a number other than 0 is
 * "No such proxy.".
 */
final class ShowStatCommand extends BaseCommand {
    ShowStatCommand() {
        super("show stat [{<iid>|<proxy>} <type> <sid>]", "report counters for each proxy and server",
            AccessLevel.USER, "show", "stat");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        if (!noMoreThan(args, args.size() >= 3 ? 3 : 0, out)) {
            return;
        }
        final StatsSnapshot snapshot = context.snapshot();
        StatFilter filter = StatFilter.ALL;
        if (!args.isEmpty()) {
            final ProxyStats named = snapshot.proxy(args.get(0));
            final int iid = named != null ? named.iid() : atoi(args.get(0));
            if (iid == 0) {
                line(out, "No such proxy.");
                return;
            }
            filter = new StatFilter(iid, atoi(args.get(1)), atoi(args.get(2)));
        }
        out.append(StatCsv.render(snapshot, context.level().allows(AccessLevel.OPERATOR), filter));
    }

    /** C's atoi, as HAProxy reads these words (an int: the id range). */
    static int atoi(final String text) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, CNumbers.atoi(text)));
    }
}
