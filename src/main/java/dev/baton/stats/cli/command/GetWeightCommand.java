package dev.baton.stats.cli.command;

import dev.baton.backend.Server;
import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliContext;

/** {@code get weight BACKEND/SERVER}: {@code CURRENT (initial INITIAL)}, as HAProxy prints it. */
final class GetWeightCommand extends OneServerCommand {
    GetWeightCommand() {
        super("get weight <bk>/<srv>", "report a server's current weight", AccessLevel.USER, "get", "weight");
    }

    @Override
    void run(final CliContext context, final Server server, final StringBuilder out) {
        line(out, server.weight() + " (initial " + server.initialWeight() + ")");
    }
}
