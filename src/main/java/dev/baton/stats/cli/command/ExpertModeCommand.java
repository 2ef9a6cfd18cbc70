package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/**
 * {@code expert-mode [on|off]}, as HAProxy's: opens this connection to the expert commands ({@code debug dev ...}),
 * which are refused and not listed until then. Without an argument, says whether it is on. Any word but {@code on}
 * turns it off, as in HAProxy. Admin level.
 */
final class ExpertModeCommand extends BaseCommand {
    ExpertModeCommand() {
        super("expert-mode [on|off]", "enable or disable the expert commands on this connection", AccessLevel.ADMIN,
            "expert-mode");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        if (args.isEmpty()) {
            line(out, "expert-mode is " + (context.session().expertMode() ? "ON" : "OFF"));
            return;
        }
        context.session().expertMode(args.get(0).equals("on"));
    }
}
