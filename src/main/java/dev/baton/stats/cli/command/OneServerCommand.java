package dev.baton.stats.cli.command;

import dev.baton.backend.Server;
import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/** A command whose only argument is {@code BACKEND/SERVER}: finds the server, then acts on it. */
abstract class OneServerCommand extends BaseCommand {
    OneServerCommand(final String usage, final String description, final AccessLevel level,
                     final String... keywords) {
        super(usage, description, level, keywords);
    }

    @Override
    public final void run(final CliContext context, final List<String> args, final StringBuilder out) {
        if (!noMoreThan(args, 1, out)) {
            return;
        }
        final Server server = Targets.server(context.source(), args.isEmpty() ? null : args.get(0), out);
        if (server != null) {
            run(context, server, out);
        }
    }

    /** Acts on the server the argument named; {@code context} gives the daemon's transitions. */
    abstract void run(CliContext context, Server server, StringBuilder out);
}
