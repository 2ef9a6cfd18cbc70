package dev.baton.stick;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a table shared through a {@code peers} section has changed locally, for the peers thread to push (HAProxy's
 * update tree of a stick table). A reactor that changes an entry (under the entry's lock) marks it once: the first
 * mark puts it on a bounded lock-free queue (no allocation; when the queue is full a flag tells the peers thread to
 * scan the table instead) and wakes the peers thread at most once per turn of its loop. The peers thread alone
 * drains the queue and keeps the update log: each entry at the number of its latest local change, in order, which
 * is what a peer is taught from the last update it acknowledged. The log outlives a reload in place with its table.
 */
public final class StickChanges {
    private final ManyToOneConcurrentArrayQueue<StickEntry> queue;
    private volatile boolean overflow;
    /** Set once the peers thread was woken, cleared by it before it drains: one wake-up per turn. */
    private volatile boolean signalled;
    /** Wakes the peers thread; replaced when a reload starts another one. */
    private volatile Runnable waker = () -> { };

    // ---- peers thread only
    private final TreeMap<Long, StickEntry> log = new TreeMap<>();
    private long localUpdate;

    StickChanges(final long tableSize) {
        this.queue = new ManyToOneConcurrentArrayQueue<>((int) Math.max(64, Math.min(tableSize, 1 << 16)));
    }

    /** The caller holds {@code e}'s lock: marks it changed unless it already is. Allocation-free. */
    void mark(final StickEntry e) {
        if (e.queued) {
            return;
        }
        e.queued = true;
        if (!queue.offer(e)) {
            overflow = true;
        }
        if (!signalled) {
            signalled = true;
            waker.run();
        }
    }

    /** The peers thread that pushes the changes from now on. */
    public void waker(final Runnable w) {
        this.waker = w;
    }

    /**
     * Peers thread: numbers every entry marked since the last call at its newest change and returns the number of the
     * last local update. {@code table}'s entries are scanned when the queue overflowed.
     */
    public long collect(final StickTable table) {
        signalled = false;
        StickEntry e;
        while ((e = queue.poll()) != null) {
            number(e);
        }
        if (overflow) {
            overflow = false;
            for (final StickEntry each : table.rawEntries()) {
                synchronized (each) {
                    if (!each.queued) {
                        continue;
                    }
                }
                number(each);
            }
        }
        return localUpdate;
    }

    private void number(final StickEntry e) {
        synchronized (e) {
            e.queued = false;
        }
        if (e.updateId != 0) {
            log.remove(e.updateId, e);
        }
        e.updateId = ++localUpdate;
        log.put(e.updateId, e);
    }

    /** Peers thread: drops the entries that left the table from the log (else a churning table would grow it). */
    public void prune() {
        log.values().removeIf(e -> {
            synchronized (e) {
                return e.dead;
            }
        });
    }

    /** Peers thread: how many entries the log holds. */
    public int logged() {
        return log.size();
    }

    /** Peers thread: the number of the last local update. */
    public long localUpdate() {
        return localUpdate;
    }

    /** Peers thread: the first live entry changed after update {@code after}, or null; dead ones leave the log. */
    public Map.Entry<Long, StickEntry> next(final long after) {
        Map.Entry<Long, StickEntry> n = log.higherEntry(after);
        while (n != null) {
            final StickEntry e = n.getValue();
            final boolean dead;
            synchronized (e) {
                dead = e.dead;
            }
            if (!dead) {
                return n;
            }
            log.remove(n.getKey());
            n = log.higherEntry(n.getKey());
        }
        return null;
    }
}
