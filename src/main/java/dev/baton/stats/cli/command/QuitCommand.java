package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/** {@code quit}: closes the connection; the rest of the line is not run. */
final class QuitCommand extends BaseCommand {
    QuitCommand() {
        super("quit", "close the connection", AccessLevel.USER, "quit");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        context.session().quit();
    }
}
