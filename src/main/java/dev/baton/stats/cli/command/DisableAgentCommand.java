package dev.baton.stats.cli.command;

import dev.baton.backend.Server;
import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliContext;

/**
 * {@code disable agent BACKEND/SERVER}: pauses the server's agent check, as HAProxy: the agent skips its turns,
 * a reply under way is ignored, its last "down" no longer keeps the server DOWN, and {@code show stat} leaves the
 * agent columns empty; accepted silently for a server without an agent. Level admin.
 */
final class DisableAgentCommand extends OneServerCommand {
    DisableAgentCommand() {
        super("disable agent <bk>/<srv>", "disable agent checks", AccessLevel.ADMIN, "disable", "agent");
    }

    @Override
    void run(final CliContext context, final Server server, final StringBuilder out) {
        server.agent().enabled(false);
    }
}
