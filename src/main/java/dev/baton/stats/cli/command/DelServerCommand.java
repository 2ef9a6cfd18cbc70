package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.stats.ServerEditor;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/**
 * {@code del server BACKEND/NAME} (level admin): removes a server that is in maintenance and has no stream nor
 * queue, and that nothing else names ({@code track}, {@code use-server}); its idle connections are closed (HAProxy
 * 2.6 refuses while it has some). Runs off the reactor ({@link ServerEditor}).
 */
final class DelServerCommand extends BaseCommand {
    DelServerCommand() {
        super("del server <bk>/<srv>", "remove a dynamically added server", AccessLevel.ADMIN, "del", "server");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        if (!noMoreThan(args, 1, out)) {
            return;
        }
        final String[] names = Targets.names(args.isEmpty() ? null : args.get(0), out);
        final ServerEditor editor = names == null ? null : Targets.editor(context.source(), out);
        if (editor != null) {
            context.session().defer(editor.delete(names[0], names[1]));
        }
    }
}
