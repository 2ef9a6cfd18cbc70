package dev.baton.pool;

import dev.baton.config.IdlePoolTuning;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;

import java.io.IOException;

/**
 * The takeover half of HAProxy's conn_backend_get for one reactor's pool, the thief (DESIGN.md §3): when that
 * reactor has no idle connection to a server, take one over from a sibling reactor and move its channel to this
 * reactor's selector. One per {@link ReactorPool}, made with it.
 *
 * <p><b>Threads and locks.</b> Runs on the thief pool's owner reactor thread only. A victim's lists are touched
 * only under the victim's {@code idleConnsLock}, which is only ever {@code tryLock}ed here (a busy sibling is
 * skipped, never waited for) and held for the unlink alone; the channel moves after the lock is released. The
 * connection changes hands by winning its {@code running} CAS with {@link ServerConnection#THIEF}; counters are
 * charged at the victim's index. Allocates nothing.
 */
final class Takeover {
    private final ReactorPool thief;
    private final Reactor reactor;
    private final FdBudget fds;
    private final IdlePoolTuning tuning;
    private final PoolActivity stats;

    Takeover(final ReactorPool thief, final FdBudget fds, final IdlePoolTuning tuning, final PoolActivity stats) {
        this.thief = thief;
        this.reactor = thief.reactor();
        this.fds = fds;
        this.tuning = tuning;
        this.stats = stats;
    }

    /**
     * Takes over an idle connection to the server of {@code p} from a sibling: not while the server has
     * fewer than {@code pool-low-conn} idle connections and FDs are not low (opening a new one is cheaper
     * than ping-ponging connections between reactors); otherwise a walk over the siblings from the
     * server's rotating {@code nextTakeover}, skipping this reactor and those with no idle connection to
     * it, try-locking each (a busy sibling is skipped, never waited for). Returns it unlinked and registered on
     * this reactor, or null.
     */
    ServerConnection steal(final ServerPool p, final boolean safeOnly, final String sni) {
        if (p.currIdleConns.get() < p.lowIdleConns && fds.open() < fds.band(tuning.lowFdRatio())) {
            return null;
        }
        final ReactorPool[] siblings = thief.siblings;
        final int n = siblings.length;
        final int start = Math.floorMod(p.nextTakeover.get(), n);
        int i = start;
        do {
            if (i != thief.id && p.currIdleThr.get(i) > 0) {
                final ReactorPool victim = siblings[i];
                if (victim.idleConnsLock.tryLock()) {
                    final ServerConnection c;
                    try {
                        c = detachLocked(victim, p, safeOnly, sni);
                    } finally {
                        victim.idleConnsLock.unlock();
                    }
                    if (c != null) {
                        p.nextTakeover.set((i + 1) % n);
                        return adopt(c) ? c : null;
                    }
                } else {
                    stats.takeoverLockBusy.increment();
                }
            }
            i = (i + 1) % n;
        } while (i != start);
        return null;
    }

    /**
     * Caller holds {@code victim}'s lock and is the thief's thread: unlinks the most recent connection to
     * the server that the victim is not handling an event for (the running CAS) and that the thief can
     * register at once, and makes the thief its owner. Its counters are decremented at the victim's index.
     */
    private ServerConnection detachLocked(final ReactorPool victim, final ServerPool p, final boolean safeOnly,
                                          final String sni) {
        final ServerPool.Slice s = p.slice(victim.id);
        for (int pass = safeOnly ? 1 : 0; pass < 2; pass++) {
            for (ServerConnection c = (pass == 0 ? s.idle : s.safe).tail(); c != null; c = c.prev) {
                if (!java.util.Objects.equals(c.sni(), sni)) {
                    continue; // made for another server name: never given to this request
                }
                if (canAdopt(c) && c.running.compareAndSet(0, ServerConnection.THIEF)) {
                    ReactorPool.unlinkLocked(p, c, victim.id);
                    c.owner = thief;
                    c.running.set(0);
                    return c;
                }
                reactor.stats().takeoverFailures.increment();
            }
        }
        return null;
    }

    /**
     * Whether {@code c} can join this reactor's selector at once, on this reactor's thread. Not when this
     * selector still holds the key it had for the channel before a sibling took {@code c} from it, cancelled
     * and not yet flushed, while this reactor is dispatching events: only a selection flushes such a key, and
     * none may start inside a selection. The next selection flushes it; until then {@code c} stays with its
     * owner (HAProxy reference §10, Java pitfall 2).
     */
    private boolean canAdopt(final ServerConnection c) {
        if (!c.movable()) {
            return false; // its TLS layer holds buffers of its owner's pool
        }
        return !reactor.isSelecting() || c.endpoint().channel().keyFor(reactor.selector()) == null;
    }

    /** On the thief's thread, after the victim's lock: moves the channel's key to this selector. */
    private boolean adopt(final ServerConnection c) {
        try {
            c.moveTo(thief);
            reactor.stats().fdTakeovers.increment();
            return true;
        } catch (final IOException e) {
            // The channel died on the way: it is ours now, and unusable; counted as nothing.
            reactor.stats().takeoverFailures.increment();
            c.abort();
            return false;
        }
    }
}
