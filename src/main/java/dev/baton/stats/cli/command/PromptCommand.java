package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliContext;
import dev.baton.stats.cli.CliMode;

import java.util.List;

/**
 * {@code prompt [n|i|p]}: switches the connection to non-interactive, interactive or prompt mode; without
 * argument, toggles between prompt and non-interactive, as HAProxy does.
 */
final class PromptCommand extends BaseCommand {
    PromptCommand() {
        super("prompt [n|i|p]", "toggle or set the interactive mode and prompt", AccessLevel.USER, "prompt");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        if (!noMoreThan(args, 1, out)) {
            return;
        }
        final CliMode current = context.session().mode();
        if (args.isEmpty()) {
            context.session().mode(current == CliMode.PROMPT ? CliMode.NON_INTERACTIVE : CliMode.PROMPT);
            return;
        }
        switch (args.get(0)) {
            case "n":
                context.session().mode(CliMode.NON_INTERACTIVE);
                break;
            case "i":
                context.session().mode(CliMode.INTERACTIVE);
                break;
            case "p":
                context.session().mode(CliMode.PROMPT);
                break;
            default:
                line(out, "'prompt' expects n, i or p, got '" + args.get(0) + "'.");
        }
    }
}
