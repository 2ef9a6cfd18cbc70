package dev.baton.stats.cli.command;

import dev.baton.backend.Backend;
import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/**
 * The runtime API of dynamic cookies, as HAProxy 2.6's: {@code set dynamic-cookie-key backend B KEY} (the servers'
 * cookies derived again from KEY), {@code enable dynamic-cookie backend B} and {@code disable dynamic-cookie
 * backend B} (the derived cookies forgotten; a server's own {@code cookie VALUE} stays). Silent on success. Level
 * admin.
 */
final class DynamicCookieCommands {
    private DynamicCookieCommands() {
    }

    static List<BaseCommand> all() {
        return List.of(new SetKey(), new Switch(true), new Switch(false));
    }

    /** The backend named by {@code args[0]}, or null with HAProxy's message written. */
    private static Backend backend(final CliContext context, final List<String> args, final StringBuilder out) {
        if (args.isEmpty() || args.get(0).isEmpty()) {
            BaseCommand.line(out, "A backend name is expected.");
            return null;
        }
        final Backend b = context.source().backend(args.get(0));
        if (b == null) {
            BaseCommand.line(out, "No such backend.");
        }
        return b;
    }

    private static final class SetKey extends BaseCommand {
        SetKey() {
            super("set dynamic-cookie-key backend <bk> <k>", "change a backend secret key for dynamic cookies",
                AccessLevel.ADMIN, "set", "dynamic-cookie-key", "backend");
        }

        @Override
        public void run(final CliContext context, final List<String> args, final StringBuilder out) {
            final Backend b = backend(context, args, out);
            if (b == null) {
                return;
            }
            if (args.size() < 2 || args.get(1).isEmpty()) {
                line(out, "String value expected.");
                return;
            }
            b.dynamicCookies().key(args.get(1));
        }
    }

    private static final class Switch extends BaseCommand {
        private final boolean enable;

        Switch(final boolean enable) {
            super((enable ? "enable" : "disable") + " dynamic-cookie backend <bk>",
                (enable ? "enable" : "disable") + " dynamic cookies on a specific backend", AccessLevel.ADMIN,
                enable ? "enable" : "disable", "dynamic-cookie", "backend");
            this.enable = enable;
        }

        @Override
        public void run(final CliContext context, final List<String> args, final StringBuilder out) {
            final Backend b = backend(context, args, out);
            if (b != null) {
                b.dynamicCookies().enabled(enable);
            }
        }
    }
}
