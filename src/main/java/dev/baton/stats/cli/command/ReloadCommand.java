package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.stats.Reloader;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/**
 * {@code reload} (HAProxy's master CLI command, level admin here): reads the configuration files again and, if
 * they are valid, switches to them in place (docs/reload.md). The answer comes when the reload ends
 * ({@code SessionControl#defer}): {@code Success=1} and what changed, or {@code Success=0} and the errors as
 * {@code FILE:LINE: message}; an invalid file changes nothing.
 */
final class ReloadCommand extends BaseCommand {
    ReloadCommand() {
        super("reload", "reload the configuration files in place (admin)", AccessLevel.ADMIN, "reload");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        if (!noMoreThan(args, 0, out)) {
            return;
        }
        final Reloader reloader = context.source().reloader();
        if (reloader == null) {
            out.append("Reload is not available in this process.\n");
            return;
        }
        context.session().defer(reloader.reload("runtime API"));
    }
}
