package dev.baton.stats.cli.command;

import dev.baton.backend.Server;
import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliContext;

/**
 * {@code disable health BACKEND/SERVER}: pauses the server's health checks, as HAProxy: the server keeps its
 * operational state, {@code show stat} shows no check figures, and a server without checks accepts it silently.
 * The check itself, on its reactor, sees the flag on its next turn. Level admin.
 */
final class DisableHealthCommand extends OneServerCommand {
    DisableHealthCommand() {
        super("disable health <bk>/<srv>", "disable health checks", AccessLevel.ADMIN, "disable", "health");
    }

    @Override
    void run(final CliContext context, final Server server, final StringBuilder out) {
        server.checkEnabled(false);
    }
}
