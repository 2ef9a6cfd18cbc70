package dev.baton.stats.cli.command;

import dev.baton.backend.Server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The agent's part of {@code set server BACKEND/SERVER}, with HAProxy's words and messages: {@code agent up|down}
 * (forces the agent's health and the server's state), {@code agent-addr ADDR [port N]}, {@code agent-port N}
 * (where the next agent checks connect) and {@code agent-send STRING} (what they write). Each is refused for a
 * server whose agent is not enabled. Volatile writes the agent check reads on its next turn. Level admin, on the
 * runtime API's reactor: an address must be a literal, as baton never resolves names at run time.
 */
final class AgentSettings {
    static final String NOT_ENABLED = "agent checks are not enabled on this server.";
    static final String EXPECTS_AGENT = "'set server <srv> agent' expects 'up' or 'down'.";
    static final String ADDR_REQUIRED = "set server <b>/<s> agent-addr requires an address and optionally a port.";
    static final String PORT_REQUIRED = "set server <b>/<s> agent-port requires a port.";

    private AgentSettings() {
    }

    /** {@code agent}, {@code agent-port} or {@code agent-send} with its {@code value}. */
    static void apply(final Server server, final String what, final String value, final StringBuilder out) {
        switch (what) {
            case "agent":
                if (!server.agent().enabled()) {
                    BaseCommand.line(out, NOT_ENABLED);
                } else if (value.equals("up") || value.equals("down")) {
                    server.forceAgent(value.equals("up"));
                } else {
                    BaseCommand.line(out, EXPECTS_AGENT);
                }
                break;
            case "agent-port":
                if (value.isEmpty()) {
                    BaseCommand.line(out, PORT_REQUIRED);
                } else {
                    update(server, null, value, out);
                }
                break;
            case "agent-send":
                if (!server.agent().enabled()) {
                    BaseCommand.line(out, NOT_ENABLED);
                } else {
                    server.agent().send(value);
                }
                break;
            default:
                BaseCommand.line(out, SetServerCommand.EXPECTS_WHAT);
                break;
        }
    }

    /** {@code agent-addr ADDR [port N]}: {@code words} are what follows {@code agent-addr}. */
    static void addr(final Server server, final List<String> words, final StringBuilder out) {
        if (words.isEmpty() || words.get(0).isEmpty()) {
            BaseCommand.line(out, ADDR_REQUIRED);
            return;
        }
        final String port = words.size() > 2 && words.get(1).equals("port") ? words.get(2) : null;
        update(server, words.get(0), port, out);
    }

    /** HAProxy's srv_update_agent_addr_port: every argument checked before anything changes. */
    private static void update(final Server server, final String addr, final String port, final StringBuilder out) {
        if (!server.agent().enabled()) {
            BaseCommand.line(out, NOT_ENABLED.substring(0, NOT_ENABLED.length() - 1));
            return;
        }
        InetAddress address = null;
        if (addr != null) {
            address = literal(addr);
            if (address == null) {
                BaseCommand.line(out, "invalid addr '" + addr + "'");
                return;
            }
        }
        int newPort = 0;
        if (port != null) {
            final long p;
            try {
                p = Long.parseLong(port);
            } catch (final NumberFormatException e) {
                BaseCommand.line(out, SetServerCommand.PORT_NOT_INTEGER);
                return;
            }
            if (p < 0 || p > 65_535) {
                BaseCommand.line(out, SetServerCommand.PORT_INVALID);
                return;
            }
            newPort = (int) p;
        }
        if (address != null) {
            server.agent().addr(address);
        }
        if (port != null) {
            server.agent().port(newPort);
        }
    }

    /** {@code text} as an IPv4 or IPv6 literal, without any name lookup; null when it is not one. */
    static InetAddress literal(final String text) {
        final boolean v4 = text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        final boolean v6 = text.indexOf(':') >= 0 && text.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(text); // a literal: parsed, never looked up
        } catch (final UnknownHostException e) {
            return null;
        }
    }
}
