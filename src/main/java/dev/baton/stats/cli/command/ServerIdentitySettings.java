package dev.baton.stats.cli.command;

import dev.baton.backend.Server;
import dev.baton.stats.ServerEditor;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/**
 * {@code set server B/S addr ADDR [port PORT]}, {@code ... fqdn NAME} and {@code ... ssl on|off}: what changes where
 * and how new connections to a server go, in HAProxy 2.6's words. The changes run off the reactor
 * ({@link ServerEditor}: the server gets a fresh idle pool); {@code fqdn} needs a DNS resolution baton does not
 * have, and says so as HAProxy does for a server without {@code resolvers}.
 */
final class ServerIdentitySettings {
    private ServerIdentitySettings() {
    }

    /** Whether {@code what} is one of these settings. */
    static boolean handles(final String what) {
        return what.equals("addr") || what.equals("fqdn") || what.equals("ssl");
    }

    /** {@code args}: what follows {@code what} on the line. */
    static void apply(final CliContext context, final Server server, final String what, final List<String> args,
                      final StringBuilder out) {
        final String value = args.isEmpty() ? "" : args.get(0);
        switch (what) {
            case "addr" -> {
                final ServerEditor editor;
                if (value.isEmpty()) {
                    BaseCommand.line(out, "set server <b>/<s> addr requires an address and optionally a port.");
                } else if ((editor = Targets.editor(context.source(), out)) != null) {
                    final String port = args.size() > 1 && args.get(1).equals("port")
                        ? (args.size() > 2 ? args.get(2) : "") : null;
                    context.session().defer(editor.setAddress(server, value, port));
                }
            }
            case "fqdn" -> BaseCommand.line(out, value.isEmpty() ? "set server <b>/<s> fqdn requires a FQDN."
                // HAProxy's refusal for a server its SRV records name, ahead of baton's for every other one
                : server.config().isSrv() && server.config().dns().resolvers() != null
                ? "set server <b>/<s> fqdn failed because SRV resolution is configured."
                : "set server <b>/<s> fqdn failed because no resolution is configured.");
            default -> ssl(context, server, value, out);
        }
    }

    private static void ssl(final CliContext context, final Server server, final String value,
                            final StringBuilder out) {
        final ServerEditor editor;
        if (server.isDynamic()) {
            BaseCommand.line(out, "'set server <srv> ssl' not supported on dynamic servers");
        } else if (!server.hasTlsContext()) {
            BaseCommand.line(out, "'set server <srv> ssl' cannot be set.  default-server should define ssl settings");
        } else if (!value.equals("on") && !value.equals("off")) {
            BaseCommand.line(out, "'set server <srv> ssl' expects 'on' or 'off'.");
        } else if ((editor = Targets.editor(context.source(), out)) != null) {
            context.session().defer(editor.setTls(server, value.equals("on")));
        }
    }
}
