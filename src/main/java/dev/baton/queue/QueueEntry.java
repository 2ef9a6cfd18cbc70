package dev.baton.queue;

import dev.baton.backend.Server;

/**
 * One waiting stream (HAProxy's {@code pendconn}): made once per server leg and reused for each wait, so
 * waiting allocates nothing (docs/queues.md §2.1).
 *
 * <p><b>States and who writes them.</b> {@link #IDLE} → {@link #QUEUED} by the owner's enqueue, under the
 * backend's queue lock. While QUEUED, any thread holding that lock may end the wait: {@link #GRANTED} (a slot of
 * {@link #granted} is counted for it) or {@link #REQUEUED} (no slot; run the balancer again), and then hands the
 * entry to its owner's {@link QueueInbox}; or the owner itself unlinks it (cancel) back to IDLE. From GRANTED or
 * REQUEUED on, only the owner reactor's thread touches the entry: the inbox's publication (a CAS) carries the
 * writes made under the lock. The owner that consumes a grant or a requeue before its inbox drain reached the
 * entry (a timeout or an abort in the same turn) marks it {@link #STALE}; the drain then only sets it IDLE. An
 * entry that is not IDLE is never enqueued again: a leg needing to wait while its entry is still on its way
 * through an inbox takes a fresh one (a rare, allocating path).
 *
 * <p>The queue fields (key, sequence number, heap index, queue) are {@link PendingQueue}'s, under the lock.
 */
public final class QueueEntry {
    /** Not waiting; free to enqueue. */
    public static final int IDLE = 0;
    /** Linked in a queue. */
    public static final int QUEUED = 1;
    /** Out of the queue with a slot of {@link #granted}; on its way to, or in, the owner's inbox. */
    public static final int GRANTED = 2;
    /** Out of the queue without a slot (redistribution); on its way to, or in, the owner's inbox. */
    public static final int REQUEUED = 3;
    /** Its grant or requeue was already consumed by the owner; the inbox drain only makes it IDLE. */
    public static final int STALE = 4;

    /** Priority class (lower is served first); the caller clamps it to HAProxy's range. */
    int priorityClass;
    /** Enqueue time in ms plus the priority offset (lower is served first). */
    long timeKeyMs;
    /** Insertion order within the queue it was last added to: breaks ties of equal keys FIFO. */
    long seq;
    /** Index in the queue's heap array while linked; -1 when not linked. */
    int heapIndex = -1;
    /** The queue this entry is linked in, or null. */
    PendingQueue queue;

    /** See the class comment for who writes it when. */
    int state = IDLE;
    /** The server whose slot a GRANTED entry holds. */
    Server granted;
    /** {@link PendingQueue#dequeued()} of its queue at enqueue, minus one: HAProxy's {@code queue_idx}. */
    long dequeuedAtEnqueue;
    /** How many entries its last queue served while it waited there, plus one; written when it leaves. */
    long servedWhileWaiting;
    /** Whether its last wait was in a server's queue (else the backend's). */
    boolean inServerQueue;
    /** Link of its owner's inbox list (one producer writes it before the publishing CAS). */
    QueueEntry nextInInbox;
    /** Link of a dispatch's local list of grants, under the lock, until they are handed to the inboxes. */
    QueueEntry nextHandOver;

    /** The reactor's inbox that hears of this entry's grant or requeue; fixed. */
    final QueueInbox owner;
    /** The stream told of it; fixed. */
    final QueueWaiter waiter;

    /** An entry of {@code waiter}, whose ends are handed to {@code owner}. Null ones for queue-only tests. */
    public QueueEntry(final QueueInbox owner, final QueueWaiter waiter) {
        this.owner = owner;
        this.waiter = waiter;
    }

    /** An entry with no owner nor waiter, for {@link PendingQueue} alone. */
    public QueueEntry() {
        this(null, null);
    }

    /** The priority class given at the last {@link PendingQueue#add}. */
    public int priorityClass() {
        return priorityClass;
    }

    /** The time key (ms plus offset) given at the last {@link PendingQueue#add}. */
    public long timeKeyMs() {
        return timeKeyMs;
    }

    /** The sequence number assigned at the last {@link PendingQueue#add}. */
    public long seq() {
        return seq;
    }

    /** The queue this entry is linked in, or null when it waits nowhere. */
    public PendingQueue queue() {
        return queue;
    }

    /** Whether the entry is linked in a queue. */
    public boolean isLinked() {
        return queue != null;
    }

    /** The state; owner's thread once out of QUEUED, else under the lock. */
    public int state() {
        return state;
    }

    /**
     * Owner's thread: a grant or requeue read through {@link BackendQueues#cancel} was consumed there. Returns the
     * server whose slot a grant held (now the caller's to use or release), null for a requeue.
     */
    public Server markStale() {
        final Server held = granted;
        state = STALE;
        granted = null;
        return held;
    }

    /**
     * Owner's thread, after the wait ended: the log's queue position (HAProxy's {@code srv_queue}/
     * {@code backend_queue}): entries its queue served while it waited, plus one for itself.
     */
    public long servedWhileWaiting() {
        return servedWhileWaiting;
    }

    /** Owner's thread, after the wait ended: whether it waited in a server's queue. */
    public boolean waitedInServerQueue() {
        return inServerQueue;
    }

    /** Whether this entry is served before {@code other}: class, then time key, then sequence number. */
    boolean precedes(final QueueEntry other) {
        if (priorityClass != other.priorityClass) {
            return priorityClass < other.priorityClass;
        }
        if (timeKeyMs != other.timeKeyMs) {
            return timeKeyMs < other.timeKeyMs;
        }
        return seq < other.seq;
    }
}
