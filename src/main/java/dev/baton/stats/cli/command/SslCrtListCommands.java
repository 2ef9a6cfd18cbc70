package dev.baton.stats.cli.command;

import dev.baton.stats.cli.CliCommand;
import dev.baton.tls.CrtLists;

import java.util.List;
import java.util.function.Supplier;

/**
 * HAProxy's crt-list commands over the binds' crt-lists: {@code show ssl crt-list [-n] [NAME]},
 * {@code add ssl crt-list NAME CERT} or {@code add ssl crt-list NAME <<} with one crt-list line as payload, and
 * {@code del ssl crt-list NAME CERT[:LINE]}. Reactor 0 only, like every command.
 */
final class SslCrtListCommands {
    private SslCrtListCommands() {
    }

    /** The three commands over the crt-lists of the configuration in force ({@code lists}: a reload brings new ones). */
    static List<CliCommand> all(final Supplier<CrtLists> lists) {
        return List.of(
            new ActionCommand("show ssl crt-list [-n] [<list>]", "show the crt-lists, or the lines of one (-n: with "
                + "their numbers)", (args, out) -> lists.get().show(args, out), "show", "ssl", "crt-list"),
            new ActionCommand("add ssl crt-list <list> <cert> [opts]*", "add a line to a crt-list: a certificate, or a "
                + "whole line as payload", (args, out) -> lists.get().add(args, payload(args), out), "add", "ssl",
                "crt-list"),
            new ActionCommand("del ssl crt-list <list> <cert[:line]>", "delete a line from a crt-list", (args, out) -> lists.get().delete(args, out),
                "del", "ssl", "crt-list"));
    }

    /** Whether the last argument is a payload: the session hands one over with its lines' newlines. */
    private static boolean payload(final List<String> args) {
        if (args.size() < 2) {
            return false;
        }
        final String last = args.get(args.size() - 1);
        return last.isEmpty() || last.endsWith("\n");
    }
}
