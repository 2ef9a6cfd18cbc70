package dev.baton.stats.cli.command;

import dev.baton.backend.Server;
import dev.baton.config.AccessLevel;

/** {@code disable server BACKEND/SERVER}: maintenance (as {@code set server ... state maint}). Level admin. */
final class DisableServerCommand extends OneServerCommand {
    DisableServerCommand() {
        super("disable server <bk>/<srv>", "put a server in maintenance", AccessLevel.ADMIN, "disable", "server");
    }

    @Override
    void run(final Server server, final StringBuilder out) {
        server.disabled(true);
    }
}
