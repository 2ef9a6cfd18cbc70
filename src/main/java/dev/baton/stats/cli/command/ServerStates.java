package dev.baton.stats.cli.command;

import dev.baton.backend.Server;
import dev.baton.health.CheckTransitions;

/**
 * The state change of {@code set server BACKEND/SERVER state ready|drain|maint} (the stats page's admin forms
 * make the same change). Any thread: it is one atomic step on the server's state
 * ({@link Server#adminState(Server.AdminState)}), which every reactor's balancer sees on its next pick.
 */
final class ServerStates {
    private ServerStates() {
    }

    /**
     * Sets {@code server}'s state from its keyword and tells {@code transitions}; returns the error line, or null
     * when applied.
     */
    static String apply(final CheckTransitions transitions, final Server server, final String keyword) {
        final Server.AdminState state = Server.AdminState.fromKeyword(keyword);
        if (state == null) {
            return SetServerCommand.EXPECTS_STATE;
        }
        transitions.adminSet(server, server.adminState(state));
        return null;
    }
}
