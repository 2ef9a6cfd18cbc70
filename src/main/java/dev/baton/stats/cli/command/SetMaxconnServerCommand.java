package dev.baton.stats.cli.command;

import dev.baton.backend.Server;
import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/**
 * {@code set maxconn server BACKEND/SERVER N}: the server's connection limit, 0 for none, as HAProxy's: a static
 * limit stays static ({@code minconn} follows), a dynamic one keeps its {@code minconn}. Streams already connected
 * carry on; a higher limit hands its new slots to the waiters of the server's queue and the backend's at once
 * ({@link Server#maxconn(int)}). Level admin; any thread (the runtime API's reactor).
 */
final class SetMaxconnServerCommand extends BaseCommand {
    static final String REQUIRE = "Require <maxconn>.";

    SetMaxconnServerCommand() {
        super("set maxconn server <bk>/<srv> <n>", "change a server's maxconn setting", AccessLevel.ADMIN,
            "set", "maxconn", "server");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        final Server server = Targets.server(context.source(), args.isEmpty() ? null : args.get(0), out);
        if (server == null) {
            return;
        }
        if (args.size() < 2 || args.get(1).isEmpty()) {
            line(out, REQUIRE);
            return;
        }
        final String text = args.get(1);
        int end = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        if (end == 0 || !Character.isDigit(text.charAt(end - 1))) {
            line(out, "maxconn string empty or preceded by garbage");
            return;
        }
        if (end != text.length()) {
            line(out, "Trailing garbage in maxconn string");
            return;
        }
        final int maxconn;
        try {
            maxconn = Integer.parseInt(text);
        } catch (final NumberFormatException e) {
            line(out, "maxconn out of range");
            return;
        }
        if (maxconn < 0) {
            line(out, "maxconn must not be negative (0: no limit)");
            return;
        }
        server.maxconn(maxconn);
    }
}
