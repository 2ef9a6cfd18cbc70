package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.peers.PeersSnapshot;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/**
 * {@code show peers [dict|-] [SECTION]}: the running peers sections, each with its peers, their sessions and shared
 * tables, in HAProxy 2.6's layout ({@code dict} adds each session's dictionary caches; {@code -} lets a section be
 * called "dict"). An unknown section: HAProxy's "No such peers". Runs on reactor 0; reads the snapshot the peers
 * thread publishes each turn.
 */
final class ShowPeersCommand extends BaseCommand {
    ShowPeersCommand() {
        super("show peers [dict|-] [section]", "dump some information about all the peers or this peers section",
            AccessLevel.USER, "show", "peers");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        int i = 0;
        boolean dict = false;
        if (i < args.size() && args.get(i).equals("dict")) {
            dict = true;
            i++;
        } else if (i < args.size() && args.get(i).equals("-")) {
            i++;
        }
        final String section = i < args.size() && !args.get(i).isEmpty() ? args.get(i) : null;
        final PeersSnapshot snapshot = context.source().peersSnapshot();
        if (section != null && (snapshot == null || !snapshot.has(section))) {
            line(out, "No such peers");
            return;
        }
        if (snapshot != null) {
            snapshot.render(section, dict, snapshot.clockNowMs(), out);
        }
    }
}
