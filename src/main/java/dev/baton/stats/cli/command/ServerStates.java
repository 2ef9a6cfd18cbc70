package dev.baton.stats.cli.command;

import dev.baton.backend.Server;
import dev.baton.stats.StatsSource;

/**
 * The state change of {@code set server BACKEND/SERVER state ready|drain|maint}, shared by the runtime API
 * and the admin forms of the stats page ({@code stats admin}). Any thread: the change is one atomic step on the
 * server's state ({@link Server#adminState(Server.AdminState)}), which every reactor's balancer sees on its next
 * pick.
 */
public final class ServerStates {
    private ServerStates() {
    }

    /** Sets {@code server}'s state from its keyword; returns the error line, or null when applied. */
    static String apply(final Server server, final String keyword) {
        final Server.AdminState state = Server.AdminState.fromKeyword(keyword);
        if (state == null) {
            return SetServerCommand.EXPECTS_STATE;
        }
        server.adminState(state);
        return null;
    }

    /**
     * Sets the state of server {@code server} of backend {@code backend} from its keyword ({@code ready},
     * {@code drain}, {@code maint}); returns the runtime API's error line (no such backend or server, unknown
     * state), or null when applied.
     */
    public static String set(final StatsSource source, final String backend, final String server,
                             final String keyword) {
        final StringBuilder error = new StringBuilder();
        final Server s = Targets.server(source, backend + "/" + server, error);
        return s == null ? error.toString().strip() : apply(s, keyword);
    }
}
