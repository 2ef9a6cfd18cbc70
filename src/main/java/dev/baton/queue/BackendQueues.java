package dev.baton.queue;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queues of one backend: its own (streams that found every usable server full) and, through
 * {@link Server#queue()}, each server's (streams bound to that server), all guarded by one lock
 * (docs/queues.md §2.1–2.2): a dispatch always looks at a server's queue and the backend's together, so one lock
 * needs no lock order.
 *
 * <p><b>The lock.</b> The "queues' short critical section" DESIGN.md §5 allows: held only to link and unlink
 * entries, read heads, claim slots ({@link Server#tryAcquireForQueue()}, a CAS) and write entry states; never
 * around I/O, a stream's code, a log or a wake-up. Grants collected under it are handed to their owners'
 * {@link QueueInbox}es after it is released.
 *
 * <p><b>No lost wake-up.</b> A releaser decrements {@code currConns} and then reads the queue sizes without the
 * lock ({@link Server#release()}); an enqueuer links its entry (a volatile size write) and then, still under the
 * lock, dispatches, which reads {@code currConns}. Both are volatile accesses, so one of the two sees the other:
 * either the releaser finds the entry and dispatches, or the enqueuer finds the free slot and grants itself.
 *
 * <p><b>Who calls what.</b> {@link #enqueue} and {@link #cancel}: the waiter's reactor. {@link #offer}: whoever freed
 * a slot or made a server usable (any reactor, a check's reactor, the runtime API's). {@link #redistribute}: the
 * thread of a server's state change ({@code CheckTransitions}).
 */
public final class BackendQueues {
    /** {@link #enqueue}: the entry waits. */
    public static final int QUEUED = 0;
    /** {@link #enqueue}: the server's queue holds {@code maxqueue} entries already (HAProxy's FULL: 503 {@code SQ}). */
    public static final int QUEUE_FULL = 1;

    private final ReentrantLock lock = new ReentrantLock();
    private final PendingQueue queue = new PendingQueue();
    private final Backend backend;
    private final boolean allBackups;

    public BackendQueues(final Backend backend, final boolean allBackups) {
        this.backend = backend;
        this.allBackups = allBackups;
    }

    /** The backend's own queue (its figures are read without the lock). */
    public PendingQueue queue() {
        return queue;
    }

    /** Entries waiting in the backend's queue and its servers' (HAProxy's {@code totpend}). Any thread, no lock. */
    public int totalWaiting() {
        int n = queue.size();
        final List<Server> servers = backend.servers();
        for (int i = 0; i < servers.size(); i++) {
            n += servers.get(i).queue().size();
        }
        return n;
    }

    /**
     * Waiter's reactor. Links {@code entry} (IDLE) in {@code target}'s queue, or the backend's when null, keyed by
     * {@code priorityClass} then {@code nowMs + offsetMs}; then serves whatever slots are free, so that a slot freed
     * just before is not missed (the entry itself may be granted: it then hears of it through its inbox). Returns
     * {@link #QUEUED}, or {@link #QUEUE_FULL} (nothing linked) when {@code target}'s {@code maxqueue} is reached.
     */
    public int enqueue(final QueueEntry entry, final Server target, final long nowMs, final int priorityClass,
                       final long offsetMs) {
        if (entry.state != QueueEntry.IDLE) {
            throw new IllegalStateException("entry is not idle: " + entry.state);
        }
        QueueEntry grants;
        lock.lock();
        try {
            if (target != null && target.maxqueue() > 0 && target.queue().size() >= target.maxqueue()) {
                return QUEUE_FULL;
            }
            final PendingQueue q = target == null ? queue : target.queue();
            q.add(entry, priorityClass, nowMs + offsetMs);
            entry.state = QueueEntry.QUEUED;
            entry.inServerQueue = target != null;
            entry.dequeuedAtEnqueue = q.dequeued() - 1; // HAProxy's queue_idx: the entry counts its own exit
            entry.servedWhileWaiting = 0;
            grants = target != null ? dispatch(target, null) : dispatchAll(null);
        } finally {
            lock.unlock();
        }
        handOver(grants);
        return QUEUED;
    }

    /**
     * Waiter's reactor: the waiter ends its wait itself (timeout, abort, end of its stream). Returns the state
     * found: {@link QueueEntry#QUEUED} (now unlinked, IDLE), {@link QueueEntry#GRANTED} (a slot is held for it:
     * {@link QueueEntry#markStale()} returns its server, which the caller then uses or releases),
     * {@link QueueEntry#REQUEUED} (the caller marks it STALE), or IDLE/STALE (nothing was pending).
     */
    public int cancel(final QueueEntry entry) {
        lock.lock();
        try {
            final int state = entry.state;
            if (state == QueueEntry.QUEUED) {
                unlink(entry);
                entry.state = QueueEntry.IDLE;
            }
            return state;
        } finally {
            lock.unlock();
        }
    }


    /**
     * Any thread: {@code server} has room (a slot freed, its limit rose, it became usable): serves its queue and,
     * when it may take new traffic, the backend's, oldest first, while it has free slots. Returns how many entries
     * were granted.
     */
    public int offer(final Server server) {
        final QueueEntry grants;
        lock.lock();
        try {
            grants = dispatch(server, null);
        } finally {
            lock.unlock();
        }
        return handOver(grants);
    }

    /**
     * Thread of a state change: {@code server} stopped taking new traffic (DOWN, NOLB, maintenance). With
     * {@code flushOwn} (HAProxy: {@code option redispatch}, or forced maintenance) the entries of its queue leave
     * it without a slot and run the balancer again; when no server of the backend is usable any more, so do the
     * entries of the backend's queue (they fail at once instead of waiting for {@code timeout queue}). Returns how
     * many left the server's queue (HAProxy's "requeued").
     */
    public int redistribute(final Server server, final boolean flushOwn) {
        QueueEntry requeued = null;
        int count = 0;
        lock.lock();
        try {
            if (flushOwn) {
                QueueEntry e;
                while ((e = server.queue().peek()) != null) {
                    unlink(e);
                    requeued = leave(e, QueueEntry.REQUEUED, null, requeued);
                    count++;
                }
            }
            if (!backend.hasEligibleServer()) {
                QueueEntry e;
                while ((e = queue.peek()) != null) {
                    unlink(e);
                    requeued = leave(e, QueueEntry.REQUEUED, null, requeued);
                }
            }
        } finally {
            lock.unlock();
        }
        handOver(requeued);
        return count;
    }

    /** Under the lock: grants free slots of {@code server} to the best of its queue's and the backend's heads. */
    private QueueEntry dispatch(final Server server, final QueueEntry chain) {
        QueueEntry grants = chain;
        final PendingQueue own = server.queue();
        final boolean takesBackend = servesBackendQueue(server);
        while (true) {
            final QueueEntry a = own.peek();
            final QueueEntry b = takesBackend ? queue.peek() : null;
            final QueueEntry e = a == null ? b : b != null && servedBefore(b, a) ? b : a;
            if (e == null || !server.tryAcquireForQueue()) {
                return grants;
            }
            final PendingQueue q = e.queue;
            unlink(e);
            q.countDequeued();
            grants = leave(e, QueueEntry.GRANTED, server, grants);
        }
    }

    /** Under the lock: dispatches every server that may take the backend's queue. */
    private QueueEntry dispatchAll(final QueueEntry chain) {
        QueueEntry grants = chain;
        final List<Server> servers = backend.servers();
        for (int i = 0; i < servers.size(); i++) {
            final Server s = servers.get(i);
            if (servesBackendQueue(s)) {
                grants = dispatch(s, grants);
            }
        }
        return grants;
    }

    /**
     * Under the lock: takes {@code e} out of its queue and records its log position, as HAProxy's: how many
     * entries that queue served while it waited, plus one for its own leaving (a grant, a timeout, an abort or a
     * requeue alike).
     */
    private static void unlink(final QueueEntry e) {
        final PendingQueue q = e.queue;
        e.servedWhileWaiting = q.dequeued() - e.dequeuedAtEnqueue;
        q.remove(e);
    }

    private static QueueEntry leave(final QueueEntry e, final int state, final Server server, final QueueEntry chain) {
        e.state = state;
        e.granted = server;
        e.nextHandOver = chain;
        return e;
    }

    /** After the lock: publishes each entry to its owner's inbox; returns how many. */
    private static int handOver(final QueueEntry chain) {
        int n = 0;
        QueueEntry e = chain;
        while (e != null) {
            final QueueEntry next = e.nextHandOver; // read before publishing: the owner may reuse e at once
            e.nextHandOver = null;
            e.owner.handOver(e);
            n++;
            e = next;
        }
        return n;
    }

    /**
     * Whether {@code server} may take entries of the backend's queue (HAProxy's {@code px_ok}): it is usable for
     * new traffic, and if it is a backup, no active server is, and it is the first usable backup or
     * {@code option allbackups} is set.
     */
    public boolean servesBackendQueue(final Server server) {
        if (!server.isEligible()) {
            return false;
        }
        if (!server.isBackup()) {
            return true;
        }
        final List<Server> servers = backend.servers();
        Server firstBackup = null;
        for (int i = 0; i < servers.size(); i++) {
            final Server s = servers.get(i);
            if (s.isEligible()) {
                if (!s.isBackup()) {
                    return false;
                }
                if (firstBackup == null) {
                    firstBackup = s;
                }
            }
        }
        return allBackups || firstBackup == server;
    }


    /**
     * Whether the backend queue's head {@code b} goes before the server queue's head {@code a}: a lower class, or
     * the same class and an earlier time key; a tie goes to the server's own queue (Q7).
     */
    private static boolean servedBefore(final QueueEntry b, final QueueEntry a) {
        if (b.priorityClass != a.priorityClass) {
            return b.priorityClass < a.priorityClass;
        }
        return b.timeKeyMs < a.timeKeyMs;
    }

    /** Tests: whether the lock is free (no critical section left open). */
    boolean isUnlocked() {
        return !lock.isLocked();
    }
}
