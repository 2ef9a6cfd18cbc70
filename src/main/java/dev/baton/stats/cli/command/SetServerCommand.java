package dev.baton.stats.cli.command;

import dev.baton.backend.Server;
import dev.baton.config.AccessLevel;
import dev.baton.health.CheckTransitions;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/**
 * {@code set server BACKEND/SERVER state ready|drain|maint}, {@code ... weight N[%]}, {@code ... health
 * up|stopping|down}, {@code ... check-port N} and the agent's settings ({@link AgentSettings}: {@code agent
 * up|down}, {@code agent-addr}, {@code agent-port}, {@code agent-send}), and where new connections go
 * ({@link ServerIdentitySettings}: {@code addr}, {@code fqdn}, {@code ssl}). A state or weight change is a volatile write that every reactor's balancer sees on its next pick;
 * connections already established carry on. Level admin.
 */
final class SetServerCommand extends BaseCommand {
    static final String EXPECTS_STATE = "'set server <backend>/<server> state' expects 'ready', 'drain' or 'maint'.";
    /** HAProxy 2.6 lists check-addr too, which baton lacks (a check's address comes from the file). */
    static final String EXPECTS_WHAT = "usage: set server <backend>/<server> addr | agent | agent-addr | agent-port | "
        + "agent-send | check-port | fqdn | health | ssl | state | weight";
    static final String EXPECTS_HEALTH = "'set server <srv> health' expects 'up', 'stopping', or 'down'.";
    static final String PORT_REQUIRED = "set server <b>/<s> check-port requires a port.";
    static final String PORT_NOT_INTEGER = "provided port is not an integer";
    static final String PORT_INVALID = "provided port is invalid";
    static final String NO_CHECKS = "health checks are not enabled on this server";

    SetServerCommand() {
        super("set server <bk>/<srv> [opts]", "change a server's state, weight, health or check-port",
            AccessLevel.ADMIN, "set", "server");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        final Server server = Targets.server(context.source(), args.isEmpty() ? null : args.get(0), out);
        if (server == null) {
            return;
        }
        final String what = args.size() > 1 ? args.get(1) : "";
        final String value = args.size() > 2 ? args.get(2) : "";
        if (what.equals("agent-addr")) {
            AgentSettings.addr(server, args.subList(2, args.size()), out);
        } else if (ServerIdentitySettings.handles(what)) {
            ServerIdentitySettings.apply(context, server, what, args.subList(2, args.size()), out);
        } else if (args.size() > 3) {
            line(out, "Too many arguments: '" + args.get(3) + "'.");
        } else if (what.startsWith("agent")) {
            AgentSettings.apply(server, what, value, out);
        } else if (what.equals("state")) {
            final String error = ServerStates.apply(context.source().transitions(), server, value);
            if (error != null) {
                line(out, error);
            }
        } else if (what.equals("weight")) {
            final String error = Weights.apply(server, value);
            if (error != null) {
                line(out, error);
            }
        } else if (what.equals("health")) {
            health(context.source().transitions(), server, value, out);
        } else if (what.equals("check-port")) {
            checkPort(server, value, out);
        } else {
            line(out, EXPECTS_WHAT);
        }
    }

    /** {@code health up|stopping|down}: forces the operational state, checked or not, as HAProxy. */
    private static void health(final CheckTransitions transitions, final Server server, final String value,
                               final StringBuilder out) {
        switch (value) {
            case "up":
                transitions.healthForced(server, server.forceHealth(true, false));
                break;
            case "stopping":
                transitions.healthForced(server, server.forceHealth(true, true));
                break;
            case "down":
                transitions.healthForced(server, server.forceHealth(false, false));
                break;
            default:
                line(out, EXPECTS_HEALTH);
                break;
        }
    }

    /** {@code check-port N}: the port of the next checks, in HAProxy's order of checks and words. */
    private static void checkPort(final Server server, final String value, final StringBuilder out) {
        if (value.isEmpty()) {
            line(out, PORT_REQUIRED);
            return;
        }
        final long port;
        try {
            port = Long.parseLong(value);
        } catch (final NumberFormatException e) {
            line(out, PORT_NOT_INTEGER);
            return;
        }
        if (port < 0 || port > 65_535) {
            line(out, PORT_INVALID);
        } else if (!server.isChecked()) {
            line(out, NO_CHECKS);
        } else {
            server.checkPort((int) port);
        }
    }

    /** Parsing and applying {@code N} or {@code N%}. */
    static final class Weights {
        static final int MAX = 256;

        private Weights() {
        }

        /** Sets {@code server}'s weight from {@code text}; returns the error line, or null when applied. */
        static String apply(final Server server, final String text) {
            if (text.isEmpty()) {
                return "Require <weight> or <weight%>.";
            }
            final boolean relative = text.endsWith("%");
            final String digits = relative ? text.substring(0, text.length() - 1) : text;
            final long n;
            try {
                n = Long.parseLong(digits);
            } catch (final NumberFormatException e) {
                return "Weight must be an integer between 0 and " + MAX + " or a percentage such as 50%, got '"
                    + text + "'.";
            }
            if (n < 0 || (!relative && n > MAX)) {
                return "Weight must be between 0 and " + MAX + " (or a positive percentage), got '" + text + "'.";
            }
            final int weight = relative ? (int) Math.min(MAX, server.initialWeight() * Math.min(n, 25_600) / 100)
                : (int) n;
            if (server.backend().config().extras().balanceParams().isStatic(server.backend().config().balance())
                && weight != 0 && weight != server.initialWeight()) {
                return "Backend '" + server.backend().name() + "' uses "
                    + (server.backend().config().balance().hashes() ? "map-based hashing"
                    : server.backend().config().balance().keyword()) + ", which only takes weights 0 and "
                    + server.initialWeight() + " (0% and 100%).";
            }
            server.weight(weight);
            return null;
        }
    }
}
