package dev.baton.reactor;

import dev.baton.io.Selectable;
import dev.baton.log.RateLimit;
import org.agrona.concurrent.NanoClock;
import org.tinylog.Logger;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * What a reactor does when its selections fail (see {@link Reactor}): count them, log them at most once a second,
 * and after {@link Reactor#SELECT_FAILURES_BEFORE_REBUILD} in a row move every channel to a new selector. Reactor
 * thread only, outside any selection; a new selector replaces the reactor's through the function it gives (the field
 * stays the reactor's: other threads read it to wake the loop).
 */
final class SelectorRecovery {
    private final int reactorId;
    private final NanoClock clock;
    private final Reactor.SelectorOpener opener;
    private final Consumer<Selector> install;
    private final RateLimit selectFailureLog = new RateLimit(1_000_000_000L);
    private final RateLimit rebuildLog = new RateLimit(1_000_000_000L);
    /** Selections failed since the last one that succeeded. */
    private int selectFailures;
    /** Selections failed since the last log line about them. */
    private int unloggedFailures;
    /** Selectors rebuilt since the last log line about them. */
    private int unloggedRebuilds;

    SelectorRecovery(final int reactorId, final NanoClock clock, final Reactor.SelectorOpener opener,
                     final Consumer<Selector> install) {
        this.reactorId = reactorId;
        this.clock = clock;
        this.opener = opener;
        this.install = install;
    }

    void onSelectSuccess() {
        selectFailures = 0;
    }

    /**
     * A selection failed: after {@link Reactor#SELECT_FAILURES_BEFORE_REBUILD} in a row, rebuild the selector; while
     * a rebuild fails too, wait a little before the next turn. Failures are logged at most once a second, with a
     * count; each rebuild once (at most once a second too, should rebuilt selectors keep failing). {@code current} is
     * the selector that failed.
     */
    void onSelectFailure(final IOException e, final Selector current) {
        selectFailures++;
        unloggedFailures++;
        if (selectFailures < Reactor.SELECT_FAILURES_BEFORE_REBUILD) {
            if (selectFailureLog.shouldLog(clock.nanoTime())) {
                Logger.warn("reactor {}: select failed ({}), {} time(s) since the last report; the selector is "
                    + "rebuilt after {} failures in a row", reactorId + 1, e.getMessage(), unloggedFailures,
                    Reactor.SELECT_FAILURES_BEFORE_REBUILD);
                unloggedFailures = 0;
            }
            return;
        }
        selectFailures = 0;
        final int channels;
        try {
            channels = rebuildSelector(current);
        } catch (final IOException rebuildFailure) {
            if (selectFailureLog.shouldLog(clock.nanoTime())) {
                Logger.error("reactor {}: select failed ({}), {} time(s) since the last report, and no new selector "
                    + "can be opened ({}); trying again every {} ms", reactorId + 1, e.getMessage(), unloggedFailures,
                    rebuildFailure.getMessage(), Reactor.REBUILD_RETRY_NS / 1_000_000);
                unloggedFailures = 0;
            }
            // Nothing can be selected until a rebuild succeeds: wait rather than spin (commands and timers still
            // run each turn, a little late).
            LockSupport.parkNanos(Reactor.REBUILD_RETRY_NS);
            return;
        }
        unloggedRebuilds++;
        if (rebuildLog.shouldLog(clock.nanoTime())) {
            Logger.warn("reactor {}: select failed {} time(s) in a row ({}): selector rebuilt, {} channel(s) moved to "
                + "the new one ({} rebuild(s) since the last report)", reactorId + 1,
                Reactor.SELECT_FAILURES_BEFORE_REBUILD, e.getMessage(), channels, unloggedRebuilds);
            unloggedRebuilds = 0;
        }
    }

    /**
     * Moves every channel to a new selector: registered with the old key's interest set and attachment, the
     * attachment told its new key, the old key cancelled; then closes the old selector. A channel closed or
     * cancelled meanwhile is left behind. Returns how many channels moved. IOException: no new selector could be
     * opened, and the old one stays.
     */
    private int rebuildSelector(final Selector old) throws IOException {
        final Selector fresh = opener.open();
        // Installed first: a wake-up from another thread from now on reaches the selector the next turn uses, and
        // an attachment checking its new key against selector() (a pooled connection) finds it current.
        install.accept(fresh);
        int moved = 0;
        for (final SelectionKey key : old.keys()) {
            moved += moveKey(key, fresh) ? 1 : 0;
        }
        closeQuietly(old, reactorId);
        fresh.wakeup(); // a wake-up sent to the old selector during the move would be lost
        return moved;
    }

    private boolean moveKey(final SelectionKey key, final Selector fresh) {
        final SelectionKey moved;
        final Object attachment = key.attachment();
        try {
            if (!key.isValid()) {
                return false;
            }
            moved = key.channel().register(fresh, key.interestOps(), attachment);
        } catch (final CancelledKeyException | ClosedChannelException e) {
            return false; // closed or handed away meanwhile: nothing to move
        }
        key.cancel();
        if (attachment instanceof Selectable) {
            try {
                ((Selectable) attachment).rekeyed(moved);
            } catch (final RuntimeException e) {
                Logger.error(e, "reactor {}: moving {} to a new selector failed", reactorId + 1, attachment);
            }
        }
        return true;
    }

    static void closeQuietly(final Selector s, final int reactorId) {
        try {
            s.close();
        } catch (final IOException e) {
            Logger.warn(e, "reactor {}: closing selector", reactorId + 1);
        }
    }
}
