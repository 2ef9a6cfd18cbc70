package dev.baton.stats.cli.command;

import dev.baton.backend.Server;
import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliContext;

/**
 * {@code enable server BACKEND/SERVER}: out of maintenance and out of drain, as {@code set server ... state ready}
 * (HAProxy 2.6's srv_adm_set_ready). Level admin.
 */
final class EnableServerCommand extends OneServerCommand {
    EnableServerCommand() {
        super("enable server <bk>/<srv>", "take a server out of maintenance", AccessLevel.ADMIN, "enable", "server");
    }

    @Override
    void run(final CliContext context, final Server server, final StringBuilder out) {
        context.source().transitions().adminSet(server, server.adminState(Server.AdminState.READY));
    }
}
