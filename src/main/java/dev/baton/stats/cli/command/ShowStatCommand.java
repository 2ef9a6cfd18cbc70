package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliContext;
import dev.baton.stats.render.StatCsv;

import java.util.List;

/**
 * {@code show stat}: HAProxy's CSV of every frontend, server and backend ({@link StatCsv}); server addresses
 * and balance algorithms only from level operator up, as HAProxy.
 */
final class ShowStatCommand extends BaseCommand {
    ShowStatCommand() {
        super("show stat", "report counters for each proxy and server", AccessLevel.USER, "show", "stat");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        if (noMoreThan(args, 0, out)) {
            out.append(StatCsv.render(context.snapshot(), context.level().allows(AccessLevel.OPERATOR)));
        }
    }
}
