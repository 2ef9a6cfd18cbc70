package dev.baton.queue;

import java.util.Arrays;

/**
 * The entries waiting for one server or one backend: an indexed binary min-heap ordered by (priority class,
 * time key, sequence number), the order HAProxy serves its queues in (docs/queues.md Q6). The smallest entry
 * is the next one served. Equal keys are served in insertion order: the queue numbers each entry it adds
 * from its own counter.
 *
 * <p>Each linked entry stores its index in the heap array, so an arbitrary entry (a client that aborts or
 * times out while queued) is removed in O(log n) without a search. The array starts at the given capacity
 * and doubles when full; it never shrinks, so once grown no operation allocates.
 *
 * <p>Not thread-safe: the backend that owns this queue guards it, and the queue fields of the entries linked
 * in it, with its queue lock (docs/queues.md §2.2); every method must be called under that lock, except the
 * figures {@link #size()}, {@link #peak()} and {@link #dequeued()}: volatile, written under the lock, read by
 * anyone without it (balancers, {@code Server.release}, statistics).
 */
public final class PendingQueue {

    private static final int DEFAULT_CAPACITY = 16;

    private QueueEntry[] heap;
    /** Linked entries; volatile so that a releaser reads it without the lock (docs/queues.md §2.2). */
    private volatile int size;
    private long nextSeq;
    /** Highest {@link #size} reached (HAProxy's {@code nbpend_max}). */
    private volatile int peak;
    /** Entries that left with a slot (HAProxy's {@code idx}); not those that timed out, aborted or were requeued. */
    private volatile long dequeued;

    /** A queue with room for 16 entries before its first growth. */
    public PendingQueue() {
        this(DEFAULT_CAPACITY);
    }

    /** A queue with room for {@code initialCapacity} (at least 1) entries before its first growth. */
    public PendingQueue(int initialCapacity) {
        if (initialCapacity < 1) {
            throw new IllegalArgumentException("initial capacity must be at least 1: " + initialCapacity);
        }
        heap = new QueueEntry[initialCapacity];
    }

    /** Number of linked entries. Any thread. */
    public int size() {
        return size;
    }

    /** The highest number of entries linked at once since start. Any thread. */
    public int peak() {
        return peak;
    }

    /** How many entries left this queue with a slot since start. Any thread. */
    public long dequeued() {
        return dequeued;
    }

    /** Counts one entry leaving with a slot; under the lock. */
    void countDequeued() {
        dequeued = dequeued + 1;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Whether {@code entry} is linked in this queue. */
    public boolean contains(QueueEntry entry) {
        return entry.queue == this;
    }

    /**
     * Links {@code entry} with the given key and the next sequence number of this queue. Clamping the class
     * and the offset to HAProxy's ranges is the caller's job.
     *
     * @throws IllegalStateException if the entry is already linked (here or in another queue): an entry
     *     waits in one queue at a time, and adding it twice is a bug of the caller
     */
    public void add(QueueEntry entry, int priorityClass, long timeKeyMs) {
        if (entry.queue != null) {
            throw new IllegalStateException("entry is already linked in a queue");
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, Math.multiplyExact(heap.length, 2));
        }
        entry.priorityClass = priorityClass;
        entry.timeKeyMs = timeKeyMs;
        entry.seq = nextSeq++;
        entry.queue = this;
        final int at = size;
        siftUp(at, entry);
        size = at + 1;
        if (at + 1 > peak) {
            peak = at + 1;
        }
    }

    /** The entry served next, still linked; null when the queue is empty. */
    public QueueEntry peek() {
        return size == 0 ? null : heap[0];
    }

    /** Unlinks and returns the entry served next; null when the queue is empty. */
    public QueueEntry poll() {
        if (size == 0) {
            return null;
        }
        QueueEntry head = heap[0];
        removeAt(0);
        return head;
    }

    /**
     * Unlinks {@code entry} if it is linked in this queue, wherever it sits in the heap.
     *
     * @return true if it was linked here and now is not; false (and nothing changes) if it was not linked
     *     here: already removed or polled, never added, or linked in another queue
     */
    public boolean remove(QueueEntry entry) {
        if (entry.queue != this) {
            return false;
        }
        removeAt(entry.heapIndex);
        return true;
    }

    /** Unlinks the entry at {@code index}, filling the hole with the last entry moved down or up. */
    private void removeAt(int index) {
        QueueEntry removed = heap[index];
        int last = size - 1;
        size = last;
        QueueEntry moved = heap[last];
        heap[last] = null;
        if (index != last) {
            siftDown(index, moved);
            if (heap[index] == moved) {
                siftUp(index, moved);
            }
        }
        removed.queue = null;
        removed.heapIndex = -1;
    }

    private void siftUp(int index, QueueEntry entry) {
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            QueueEntry above = heap[parent];
            if (!entry.precedes(above)) {
                break;
            }
            place(index, above);
            index = parent;
        }
        place(index, entry);
    }

    private void siftDown(int index, QueueEntry entry) {
        int firstLeaf = size >>> 1;
        while (index < firstLeaf) {
            int child = 2 * index + 1;
            QueueEntry smaller = heap[child];
            int right = child + 1;
            if (right < size && heap[right].precedes(smaller)) {
                child = right;
                smaller = heap[right];
            }
            if (!smaller.precedes(entry)) {
                break;
            }
            place(index, smaller);
            index = child;
        }
        place(index, entry);
    }

    private void place(int index, QueueEntry entry) {
        heap[index] = entry;
        entry.heapIndex = index;
    }

    /** Tests only: every parent precedes its children and every entry knows its index. */
    boolean isValidHeap() {
        for (int i = 0; i < size; i++) {
            QueueEntry entry = heap[i];
            if (entry.queue != this || entry.heapIndex != i) {
                return false;
            }
            if (i > 0 && entry.precedes(heap[(i - 1) >>> 1])) {
                return false;
            }
        }
        for (int i = size; i < heap.length; i++) {
            if (heap[i] != null) {
                return false;
            }
        }
        return true;
    }

    /** Tests only: the length of the heap array. */
    int capacity() {
        return heap.length;
    }
}
