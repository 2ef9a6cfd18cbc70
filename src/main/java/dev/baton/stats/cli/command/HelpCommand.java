package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/** {@code help [WORD]}: the commands the socket's level may run, or those starting with WORD. */
final class HelpCommand extends BaseCommand {
    HelpCommand() {
        super("help [<command>]", "list matching or all commands", AccessLevel.USER, "help");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        context.registry().help(context.level(), context.session().expertMode(), args.isEmpty() ? "" : args.get(0), out);
    }
}
