package dev.baton;

import dev.baton.reactor.CoalescedCommand;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Proof that every reactor still turns its loop: {@link #beat} asks each reactor to run a tiny command that stamps
 * the time it ran; {@link #allAnsweredSince} tells whether every one of them has run it since a given time. A
 * reactor stuck in a long computation, a blocking call or an endless loop never runs the command, so its stamp
 * stays old. An idle reactor, asleep in {@code select}, is woken by the command and answers at once.
 *
 * <p>The command is a {@link CoalescedCommand} sent through each reactor's {@link ReactorProxy}: never refused by
 * a full inbox and queued at most once, so a stuck reactor does not accumulate beats. Costs nothing per request.
 *
 * <p>Threads: {@link #beat} and {@link #allAnsweredSince} from one control thread (the systemd watchdog's); the
 * stamps are written by the reactors (an {@link AtomicLongArray}: one slot per reactor).
 */
public final class ReactorHeartbeat {
    private final ReactorProxy[] proxies;
    private final CoalescedCommand[] stamps;
    private final AtomicLongArray answeredNs;

    public ReactorHeartbeat(final ReactorProxy[] proxies) {
        this.proxies = proxies.clone();
        this.answeredNs = new AtomicLongArray(proxies.length);
        this.stamps = new CoalescedCommand[proxies.length];
        final long now = System.nanoTime();
        for (int i = 0; i < proxies.length; i++) {
            final int id = i;
            answeredNs.set(i, now);
            stamps[i] = new CoalescedCommand(r -> answeredNs.set(id, System.nanoTime()));
        }
    }

    /** Asks every reactor to stamp the time once it gets to it. */
    public void beat() {
        for (int i = 0; i < proxies.length; i++) {
            proxies[i].heartbeat(stamps[i]);
        }
    }

    /** The first reactor that has not answered since {@code sinceNs} (a {@link System#nanoTime} value), or -1. */
    public int firstSilentSince(final long sinceNs) {
        for (int i = 0; i < proxies.length; i++) {
            if (answeredNs.get(i) - sinceNs < 0) {
                return i;
            }
        }
        return -1;
    }

    /** When reactor {@code id} last answered ({@link System#nanoTime}). */
    public long answeredNs(final int id) {
        return answeredNs.get(id);
    }
}
