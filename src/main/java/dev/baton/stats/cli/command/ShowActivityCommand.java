package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.stats.StatsSnapshot;
import dev.baton.stats.ThreadStats;
import dev.baton.stats.cli.CliContext;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * {@code show activity [-1|0|THREAD]}: each reactor's activity counters in HAProxy's layout, one line per
 * counter: {@code name: total [ t1 t2 ... ]} with several reactors, {@code name: value} with one; {@code 0}
 * shows the totals only, a thread number that thread only. Counter names are HAProxy's where they mean
 * the same ({@code loops}, {@code poll_io}, {@code accepted}, {@code fd_takeover}); the others are baton's.
 * Level operator, as in HAProxy.
 */
final class ShowActivityCommand extends BaseCommand {
    private static final List<Line> LINES = List.of(
        new Line("loops", ThreadStats::loops),
        new Line("wake_up", ThreadStats::wakeups),
        new Line("poll_io", ThreadStats::events),
        new Line("accepted", ThreadStats::accepts),
        new Line("fd_takeover", ThreadStats::fdTakeovers),
        new Line("takeover_fail", ThreadStats::takeoverFailures),
        new Line("kill_req", ThreadStats::killsRequested),
        new Line("kill_done", ThreadStats::killsDone),
        new Line("cmd_rejected", ThreadStats::commandsRejected),
        new Line("streams", ThreadStats::streams));

    /** One counter line: its name and how to read it from a thread. */
    private record Line(String name, ToLongFunction<ThreadStats> value) {
    }

    ShowActivityCommand() {
        super("show activity [-1|0|<thread>]", "show per-thread activity counters", AccessLevel.OPERATOR,
            "show", "activity");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        if (!noMoreThan(args, 1, out)) {
            return;
        }
        final StatsSnapshot snapshot = context.snapshot();
        final int nbthread = snapshot.threads().size();
        final int target = args.isEmpty() ? -1 : target(args.get(0), nbthread);
        if (target < -1) {
            line(out, "'show activity' expects -1, 0 or a thread number between 1 and " + nbthread + ".");
            return;
        }
        final long nowMs = System.currentTimeMillis();
        final long upUs = snapshot.process().uptimeMs() * 1000;
        out.append("thread_id: 1 (1..").append(nbthread).append(")\n");
        out.append("date_now: ").append(nowMs / 1000).append('.').append(String.format("%06d", nowMs % 1000 * 1000))
            .append('\n');
        out.append("uptime_now: ").append(upUs / 1_000_000).append('.').append(String.format("%06d", upUs % 1_000_000))
            .append('\n');
        for (final Line l : LINES) {
            render(l, snapshot.threads(), target, out);
        }
    }

    /** -1 for all, 0 for the totals, N for thread N; -2 when {@code text} is none of them. */
    private static int target(final String text, final int nbthread) {
        try {
            final int t = Integer.parseInt(text);
            return t >= -1 && t <= nbthread ? t : -2;
        } catch (final NumberFormatException e) {
            return -2;
        }
    }

    private static void render(final Line l, final List<ThreadStats> threads, final int target,
                               final StringBuilder out) {
        out.append(l.name()).append(':');
        if (target > 0) {
            out.append(' ').append(l.value().applyAsLong(threads.get(target - 1))).append('\n');
            return;
        }
        long total = 0;
        for (final ThreadStats t : threads) {
            total += l.value().applyAsLong(t);
        }
        if (threads.size() == 1) {
            out.append(' ').append(total).append('\n');
            return;
        }
        out.append(' ').append(total);
        if (target == -1) {
            out.append(" [");
            for (final ThreadStats t : threads) {
                out.append(' ').append(l.value().applyAsLong(t));
            }
            out.append(" ]");
        }
        out.append('\n');
    }
}
