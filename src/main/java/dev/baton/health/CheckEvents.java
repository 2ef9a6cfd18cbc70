package dev.baton.health;

import dev.baton.backend.CheckReport;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;

/** What a health or agent check reports when it takes its server DOWN, UP or stopping. Called on the check's reactor; must not block. */
public interface CheckEvents {
    /** {@code server} went DOWN after {@code report}; its state is published already. */
    void serverDown(Server server, CheckReport report);

    /** {@code server} went UP after {@code report}; its state is published already. */
    void serverUp(Server server, CheckReport report);

    /** {@code server}, UP, was soft-stopped (NOLB) by {@code report} ({@code http-check disable-on-404}). */
    void serverStopping(Server server, CheckReport report);

    /**
     * With {@code option log-health-checks}: {@code report} changed {@code server}'s health (or is a failure,
     * or a pass that leaves a weight or soft-stop mismatch), leaving it in {@code after}; called before the
     * transition's own event, if any.
     */
    default void checkLogged(Server server, CheckReport report, ServerState after) {
    }

    /**
     * With {@code option log-health-checks}: an agent check of {@code server} ended with a status other than its
     * previous one, leaving the server in {@code after}; called before the transition's own event, if any.
     */
    default void agentLogged(Server server, CheckReport report, ServerState after) {
    }

    /**
     * An agent's reply (a weight of 0, drain or maint) made {@code server}, usable until then, unusable while its
     * state stays UP; its backend may be left without a usable server.
     */
    default void serverUnusable(Server server) {
    }

    /**
     * An agent's {@code maint}, {@code drain} or {@code ready} changed {@code server}'s administrative state from
     * {@code before} to {@code after} (see {@link AdminTransitions}).
     */
    default void adminChanged(Server server, ServerState before, ServerState after) {
    }
}
