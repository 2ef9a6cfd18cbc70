package dev.baton.stats.cli.command;

import dev.baton.stats.ProxyStats;
import dev.baton.stats.StatsSnapshot;
import dev.baton.stats.cli.CliContext;

import java.util.ArrayList;
import java.util.List;

/** The backend selection shared by {@code show servers state} and {@code show servers conn}. */
final class ServerDumps {
    static final String NO_BACKEND = "Can't find backend.";

    private ServerDumps() {
    }

    /**
     * The backends to dump: the one named by the only argument, or every backend in configuration order.
     * Null (after an error line) for an unknown backend or extra arguments.
     */
    static List<ProxyStats> backends(final CliContext context, final List<String> args, final StringBuilder out) {
        if (args.size() > 1) {
            BaseCommand.line(out, "Too many arguments: expected at most a backend name.");
            return null;
        }
        final StatsSnapshot snapshot = context.snapshot();
        final List<ProxyStats> backends = new ArrayList<>();
        for (final ProxyStats p : snapshot.proxies()) {
            if (p.backend() != null && (args.isEmpty() || p.name().equals(args.get(0)))) {
                backends.add(p);
            }
        }
        if (!args.isEmpty() && backends.isEmpty()) {
            BaseCommand.line(out, NO_BACKEND);
            return null;
        }
        return backends;
    }
}
