package dev.baton.stats.cli.command;

import dev.baton.backend.Server;
import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliContext;

/**
 * {@code disable server BACKEND/SERVER}: maintenance, a drain cleared, as {@code set server ... state maint} (HAProxy
 * 2.6's srv_adm_set_maint). Level admin.
 */
final class DisableServerCommand extends OneServerCommand {
    DisableServerCommand() {
        super("disable server <bk>/<srv>", "put a server in maintenance", AccessLevel.ADMIN, "disable", "server");
    }

    @Override
    void run(final CliContext context, final Server server, final StringBuilder out) {
        context.source().transitions().adminSet(server, server.adminState(Server.AdminState.MAINT));
    }
}
