package dev.baton.queue;

/**
 * One waiting stream (HAProxy's {@code pendconn}): made once per server leg and reused for each wait, so
 * waiting allocates nothing (docs/queues.md §2.1).
 *
 * <p>This step holds only what {@link PendingQueue} needs: the sort key, the tie-break sequence number and
 * where the entry is linked. The rest of the note's fields (state, granted server, owner inbox, waiter,
 * deadline, queue positions, inbox link) come with the dispatch step (step 4).
 *
 * <p>Every field is written only by {@link PendingQueue}, under the lock of the backend that owns the queue,
 * and must be read under that lock too. An entry is linked in at most one queue at a time: {@link #queue()}
 * is that queue, or {@code null} when the entry is not linked anywhere.
 */
public final class QueueEntry {

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

    /** Whether this entry is served before {@code other}: class, then time key, then sequence number. */
    boolean precedes(QueueEntry other) {
        if (priorityClass != other.priorityClass) {
            return priorityClass < other.priorityClass;
        }
        if (timeKeyMs != other.timeKeyMs) {
            return timeKeyMs < other.timeKeyMs;
        }
        return seq < other.seq;
    }
}
