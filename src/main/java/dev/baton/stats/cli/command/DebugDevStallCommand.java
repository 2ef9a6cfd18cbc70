package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliContext;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * HAProxy's expert commands {@code debug dev loop [ms]} (spin for that long) and {@code debug dev delay [ms]}
 * (sleep for that long). They deliberately stall the thread that runs the runtime API, reactor 0, with every
 * connection it owns: the way to see what a stuck reactor does to traffic, to the logs and to the systemd watchdog
 * (which stops its pings). Expert mode and admin level only, as in HAProxy. A missing or bad number is 0, as
 * HAProxy's {@code atoi}.
 */
final class DebugDevStallCommand extends BaseCommand {
    private final boolean spin;

    private DebugDevStallCommand(final boolean spin) {
        super("debug dev " + (spin ? "loop" : "delay") + " [ms]",
            spin ? "spin on reactor 0 this long (expert)" : "sleep on reactor 0 this long (expert)",
            AccessLevel.ADMIN, "debug", "dev", spin ? "loop" : "delay");
        this.spin = spin;
    }

    static DebugDevStallCommand loop() {
        return new DebugDevStallCommand(true);
    }

    static DebugDevStallCommand delay() {
        return new DebugDevStallCommand(false);
    }

    @Override
    public boolean expertOnly() {
        return true;
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        long ms = 0;
        if (!args.isEmpty()) {
            try {
                ms = Long.parseLong(args.get(0));
            } catch (final NumberFormatException e) {
                ms = 0;
            }
        }
        final long endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(ms, 0));
        long left;
        while ((left = endNs - System.nanoTime()) > 0) {
            if (!spin) {
                LockSupport.parkNanos(left);
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
