package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.stats.ServerEditor;
import dev.baton.stats.cli.CliContext;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code add server BACKEND/NAME ADDR [options]} (HAProxy 2.4+'s dynamic servers, level admin): the server joins the
 * running configuration's backend in maintenance, its checks paused, until {@code enable server} (and {@code enable
 * health}/{@code enable agent}). The change runs off the reactor and answers when done ({@link ServerEditor}).
 */
final class AddServerCommand extends BaseCommand {
    AddServerCommand() {
        super("add server <bk>/<srv> <addr> [args]*", "create a new server", AccessLevel.ADMIN, "add", "server");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        final String[] names = Targets.names(args.isEmpty() ? null : args.get(0), out);
        if (names == null) {
            return;
        }
        final ServerEditor editor = Targets.editor(context.source(), out);
        if (editor == null) {
            return;
        }
        if (args.size() < 2) {
            line(out, "'server' expects <name> and <addr>[:<port>] as arguments."); // HAProxy 2.6's words
            return;
        }
        final List<String> words = new ArrayList<>(args.size());
        words.add(names[1]);
        words.addAll(args.subList(1, args.size()));
        context.session().defer(editor.add(names[0], words));
    }
}
