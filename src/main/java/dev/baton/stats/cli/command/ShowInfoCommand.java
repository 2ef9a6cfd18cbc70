package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.stats.ProcessStats;
import dev.baton.stats.Reloader;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/**
 * {@code show info}: process-wide figures as {@code Field: value} lines, named and ordered as HAProxy's
 * (only the fields baton has), then baton's own {@code Jvm_*} figures.
 */
final class ShowInfoCommand extends BaseCommand {
    ShowInfoCommand() {
        super("show info", "report information about the running process", AccessLevel.USER, "show", "info");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        if (noMoreThan(args, 0, out)) {
            render(context.snapshot().process(), out);
            final Reloader reloader = context.source().reloader();
            // baton's own: reloads in place (docs/reload.md), as HAProxy's master counts its reloads
            field(out, "Reloads", reloader == null ? 0 : reloader.reloads());
            field(out, "Last_reload_sec", reloader == null ? 0 : reloader.lastReloadEpochMs() / 1000);
        }
    }

    /** The answer for {@code p}. */
    static void render(final ProcessStats p, final StringBuilder out) {
        final long up = p.uptimeMs() / 1000;
        field(out, "Name", p.name());
        field(out, "Version", p.version());
        field(out, "Nbthread", p.nbthread());
        field(out, "Nbproc", 1);
        field(out, "Process_num", 1);
        field(out, "Pid", p.pid());
        field(out, "Uptime", String.format("%dd %dh%02dm%02ds", up / 86400, (up / 3600) % 24, (up / 60) % 60, up % 60));
        field(out, "Uptime_sec", up);
        field(out, "Start_time_sec", p.startEpochMs() / 1000);
        field(out, "Ulimit-n", p.ulimitN());
        field(out, "Maxsock", p.maxsock());
        field(out, "Maxconn", p.maxconn());
        field(out, "Hard_maxconn", p.maxconn());
        field(out, "CurrConns", p.currConns());
        field(out, "CumConns", p.cumConns());
        field(out, "Listeners", p.listeners());
        field(out, "CurrStreams", p.currStreams());
        field(out, "CumStreams", p.cumStreams());
        field(out, "CumReq", p.cumReq());
        field(out, "Jvm_allocated_bytes", p.jvm().allocatedBytes());
        field(out, "Jvm_gc_count", p.jvm().gcCount());
        field(out, "Jvm_gc_time_ms", p.jvm().gcTimeMs());
        field(out, "Jvm_heap_used_bytes", p.jvm().heapUsedBytes());
        field(out, "Jvm_heap_committed_bytes", p.jvm().heapCommittedBytes());
    }

    private static void field(final StringBuilder out, final String name, final Object value) {
        out.append(name).append(": ").append(value).append('\n');
    }
}
