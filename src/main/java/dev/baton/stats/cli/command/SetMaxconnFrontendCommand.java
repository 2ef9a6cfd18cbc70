package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.listener.Frontend;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/**
 * {@code set maxconn frontend FRONTEND N}: the frontend's connection limit, 0 meaning the global limit only.
 * Lowering it delays new clients until enough leave; raising it wakes the listeners paused on the old limit
 * (each on its own reactor), so waiting clients are accepted at once. Level admin.
 */
final class SetMaxconnFrontendCommand extends BaseCommand {
    static final String EXPECTS = "'set maxconn frontend' expects a frontend name and a non-negative integer.";

    SetMaxconnFrontendCommand() {
        super("set maxconn frontend <fe> <n>", "change a frontend's maxconn (0: the global one)", AccessLevel.ADMIN,
            "set", "maxconn", "frontend");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        if (args.size() != 2) {
            line(out, EXPECTS);
            return;
        }
        final Frontend frontend = context.source().frontend(args.get(0));
        if (frontend == null) {
            line(out, "No such frontend.");
            return;
        }
        final int maxconn;
        try {
            maxconn = Integer.parseInt(args.get(1));
        } catch (final NumberFormatException e) {
            line(out, EXPECTS);
            return;
        }
        if (maxconn < 0) {
            line(out, EXPECTS);
            return;
        }
        frontend.maxconn(maxconn);
        context.source().limits().limitsChanged();
    }
}
