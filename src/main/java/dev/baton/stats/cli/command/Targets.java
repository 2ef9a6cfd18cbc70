package dev.baton.stats.cli.command;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.stats.StatsSource;

/**
 * Finds the objects commands name: {@code BACKEND/SERVER}, a backend, a frontend. A miss appends one
 * HAProxy-worded error line and returns null.
 */
final class Targets {
    static final String REQUIRE_SERVER = "Require 'backend/server'.";
    static final String NO_SUCH_BACKEND = "No such backend.";
    static final String NO_SUCH_SERVER = "No such server.";

    private Targets() {
    }

    /**
     * {@code BACKEND/SERVER} split in two, for commands whose server may not exist yet ({@code add server}); null
     * (and HAProxy's error line) when {@code text} is not of that form.
     */
    static String[] names(final String text, final StringBuilder out) {
        final int slash = text == null ? -1 : text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            BaseCommand.line(out, REQUIRE_SERVER);
            return null;
        }
        return new String[] {text.substring(0, slash), text.substring(slash + 1)};
    }

    /** What changes servers at run time, or null (and an error line) where this process has none. */
    static dev.baton.stats.ServerEditor editor(final StatsSource source, final StringBuilder out) {
        final dev.baton.stats.ServerEditor editor = source.serverEditor();
        if (editor == null) {
            BaseCommand.line(out, "Dynamic servers are not available in this process.");
        }
        return editor;
    }

    /** The server written {@code BACKEND/SERVER} in {@code text}; null (and an error line) if absent. */
    static Server server(final StatsSource source, final String text, final StringBuilder out) {
        final int slash = text == null ? -1 : text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            BaseCommand.line(out, REQUIRE_SERVER);
            return null;
        }
        final Backend backend = source.backend(text.substring(0, slash));
        if (backend == null) {
            BaseCommand.line(out, NO_SUCH_BACKEND);
            return null;
        }
        final String name = text.substring(slash + 1);
        for (final Server s : backend.servers()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        BaseCommand.line(out, NO_SUCH_SERVER);
        return null;
    }
}
