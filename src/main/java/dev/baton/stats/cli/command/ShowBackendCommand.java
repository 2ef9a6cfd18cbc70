package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.config.ProxyConfig;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/** {@code show backend}: the name of every backend and listen section, in configuration order (HAProxy's format). */
final class ShowBackendCommand extends BaseCommand {
    ShowBackendCommand() {
        super("show backend", "list backends in the current running config", AccessLevel.USER, "show", "backend");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        out.append("# name\n");
        for (final ProxyConfig p : context.source().config().proxies()) {
            if (p.kind().isBackend()) {
                out.append(p.name()).append('\n');
            }
        }
    }
}
