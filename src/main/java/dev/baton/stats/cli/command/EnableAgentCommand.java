package dev.baton.stats.cli.command;

import dev.baton.backend.Server;
import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliContext;

/**
 * {@code enable agent BACKEND/SERVER}: resumes the agent check {@code disable agent} paused, from the agent's
 * last health; HAProxy's error for a server without {@code agent-check}. Level admin.
 */
final class EnableAgentCommand extends OneServerCommand {
    static final String NOT_CONFIGURED = "Agent was not configured on this server, cannot enable.";

    EnableAgentCommand() {
        super("enable agent <bk>/<srv>", "enable agent checks", AccessLevel.ADMIN, "enable", "agent");
    }

    @Override
    void run(final CliContext context, final Server server, final StringBuilder out) {
        if (!server.agent().configured()) {
            line(out, NOT_CONFIGURED);
            return;
        }
        server.agent().enabled(true);
    }
}
