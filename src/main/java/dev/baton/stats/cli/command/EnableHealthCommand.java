package dev.baton.stats.cli.command;

import dev.baton.backend.Server;
import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliContext;

/**
 * {@code enable health BACKEND/SERVER}: resumes the health checks {@code disable health} paused, from the
 * server's current state; nothing for a server without checks. Level admin.
 */
final class EnableHealthCommand extends OneServerCommand {
    EnableHealthCommand() {
        super("enable health <bk>/<srv>", "enable health checks", AccessLevel.ADMIN, "enable", "health");
    }

    @Override
    void run(final CliContext context, final Server server, final StringBuilder out) {
        server.checkEnabled(true);
    }
}
