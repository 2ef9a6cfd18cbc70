package dev.baton.stats.cli.command;

import dev.baton.backend.Server;
import dev.baton.config.AccessLevel;

/**
 * {@code enable server BACKEND/SERVER}: out of maintenance. A server that was also draining stays draining,
 * as in HAProxy. Level admin.
 */
final class EnableServerCommand extends OneServerCommand {
    EnableServerCommand() {
        super("enable server <bk>/<srv>", "take a server out of maintenance", AccessLevel.ADMIN, "enable", "server");
    }

    @Override
    void run(final Server server, final StringBuilder out) {
        server.disabled(false);
    }
}
