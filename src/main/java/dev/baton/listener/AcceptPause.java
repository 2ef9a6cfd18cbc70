package dev.baton.listener;

import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;
import org.tinylog.Logger;

import java.io.IOException;

/**
 * What a listening socket does when accept fails for lack of file descriptors (EMFILE, ENFILE): it stops
 * accepting for {@link #PAUSE_NS} and tries again, rather than retrying on every turn (the pending client keeps
 * the socket ready, so the reactor would spin), and it says so once per episode. An episode lasts while failures
 * keep coming less than {@link #EPISODE_GAP_NS} apart: a successful accept between two failures does not end it,
 * because under a shortage the descriptor an accept got back is usually the one a closing stream just freed, and
 * the next accept fails again (DESIGN.md §4).
 *
 * <p>Shared by the frontends' {@link Listener}s and the runtime API's stats sockets. One per listening socket,
 * owner reactor's thread only. The owner folds {@link #isPaused()} into its interest set, and is told to look
 * again when a pause ends.
 */
public final class AcceptPause {
    /** How long accept pauses after EMFILE/ENFILE. */
    public static final long PAUSE_NS = 100_000_000L;
    /** Quiet time after the last descriptor shortage before the next one is logged as a new episode. */
    public static final long EPISODE_GAP_NS = 10 * PAUSE_NS;

    private final Reactor reactor;
    private final String socketName;
    private final Runnable pauseEnded;
    private final TimerHandler endPause = this::endPause;
    private boolean paused;
    private boolean inEpisode;
    private long lastShortageNs;

    /**
     * @param reactor    the owner, whose timers end the pause
     * @param socketName how the log names the socket ({@code frontend 'fe' 127.0.0.1:80})
     * @param pauseEnded run on the owner when a pause ends: the owner recomputes its interest set
     */
    public AcceptPause(final Reactor reactor, final String socketName, final Runnable pauseEnded) {
        this.reactor = reactor;
        this.socketName = socketName;
        this.pauseEnded = pauseEnded;
    }

    /** True while accept is paused for lack of descriptors. */
    public boolean isPaused() {
        return paused;
    }

    /**
     * An accept failed with {@code e}. A descriptor shortage pauses accept (the caller then clears its interest)
     * and returns true, logged once per episode; any other failure is logged and returns false (the next client
     * is accepted as usual: such a failure is that client's).
     */
    public boolean onAcceptFailure(final IOException e) {
        final String message = String.valueOf(e.getMessage());
        if (!message.contains("Too many open files")) { // EMFILE, and ENFILE ("... in system")
            Logger.warn("{}: accept failed: {}", socketName, message);
            return false;
        }
        final long nowNs = reactor.nowNs();
        if (!inEpisode || nowNs - (lastShortageNs + EPISODE_GAP_NS) > 0) {
            Logger.warn("{}: accept failed ({}), pausing accept for {} ms at a time until descriptors free up; not "
                + "logged again before {} ms without such a failure", socketName, message, PAUSE_NS / 1_000_000,
                EPISODE_GAP_NS / 1_000_000);
        }
        inEpisode = true;
        lastShortageNs = nowNs;
        if (!paused) {
            paused = true;
            reactor.timers().schedule(nowNs + PAUSE_NS, endPause);
        }
        return true;
    }

    private void endPause(final long nowNs, final long timerId) {
        paused = false;
        pauseEnded.run();
    }
}
