package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/**
 * A command whose work is one method of an object holding shared state (the TLS commands: one transaction, one
 * set of crt-lists), so that several commands can share it. Reactor 0 only, like every command.
 */
final class ActionCommand extends BaseCommand {
    /** What the command does with its arguments (a payload is the last one), appending its answer. */
    interface Action {
        void run(List<String> args, StringBuilder out);
    }

    private final Action action;

    ActionCommand(final String usage, final String description, final Action action, final String... keywords) {
        super(usage, description, AccessLevel.ADMIN, keywords);
        this.action = action;
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        action.run(args, out);
    }
}
