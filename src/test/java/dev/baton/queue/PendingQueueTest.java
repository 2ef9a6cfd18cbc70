package dev.baton.queue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The indexed min-heap of waiting entries (docs/queues.md §2.1, step 3): order, removal at index, growth. */
class PendingQueueTest {

    /** The order the queue promises: class, then time key, then insertion order. */
    private static final Comparator<QueueEntry> SERVICE_ORDER = Comparator
            .comparingInt(QueueEntry::priorityClass)
            .thenComparingLong(QueueEntry::timeKeyMs)
            .thenComparingLong(QueueEntry::seq);

    @Test
    void servesLowerClassFirstThenLowerTimeKeyThenInsertionOrder() {
        PendingQueue queue = new PendingQueue();
        QueueEntry lateClassZero = added(queue, 0, 500);
        QueueEntry classOne = added(queue, 1, 10);
        QueueEntry earlyClassZero = added(queue, 0, 100);
        QueueEntry classMinusOne = added(queue, -1, 900);
        QueueEntry tieFirst = added(queue, 0, 300);
        QueueEntry tieSecond = added(queue, 0, 300);
        QueueEntry tieThird = added(queue, 0, 300);

        List<QueueEntry> expected = List.of(classMinusOne, earlyClassZero, tieFirst, tieSecond, tieThird,
                lateClassZero, classOne);
        for (QueueEntry next : expected) {
            assertSame(next, queue.peek());
            assertSame(next, queue.poll());
            assertFalse(next.isLinked());
            assertTrue(queue.isValidHeap());
        }
        assertNull(queue.poll());
        assertNull(queue.peek());
        assertTrue(queue.isEmpty());
    }

    @Test
    void removingTheTopAMiddleOrTheLastEntryKeepsTheOrder() {
        PendingQueue queue = new PendingQueue();
        List<QueueEntry> entries = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            entries.add(added(queue, 0, (i * 7) % 15));  // distinct keys 0..14 in a scrambled order
        }
        List<QueueEntry> sorted = new ArrayList<>(entries);
        sorted.sort(SERVICE_ORDER);

        QueueEntry top = queue.peek();
        QueueEntry last = sorted.get(sorted.size() - 1);
        QueueEntry middle = sorted.get(7);
        assertSame(sorted.get(0), top);
        for (QueueEntry victim : List.of(top, middle, last)) {
            int sizeBefore = queue.size();
            assertTrue(queue.remove(victim));
            assertEquals(sizeBefore - 1, queue.size());
            assertFalse(victim.isLinked());
            assertNull(victim.queue());
            assertTrue(queue.isValidHeap(), "heap broken after removing " + victim.timeKeyMs());
            sorted.remove(victim);
        }
        for (QueueEntry next : sorted) {
            assertSame(next, queue.poll());
        }
        assertTrue(queue.isEmpty());
    }

    @Test
    void removingEveryHeapPositionOnceKeepsTheHeapValid() {
        for (int position = 0; position < 31; position++) {
            PendingQueue queue = new PendingQueue();
            List<QueueEntry> entries = new ArrayList<>();
            for (int i = 0; i < 31; i++) {
                entries.add(added(queue, i % 3, (i * 11) % 31));
            }
            QueueEntry victim = null;
            for (QueueEntry entry : entries) {
                if (entry.heapIndex == position) {
                    victim = entry;
                }
            }
            assertTrue(queue.remove(victim), "position " + position);
            assertTrue(queue.isValidHeap(), "heap broken after removing at position " + position);
            entries.remove(victim);
            entries.sort(SERVICE_ORDER);
            for (QueueEntry next : entries) {
                assertSame(next, queue.poll(), "order after removing at position " + position);
            }
        }
    }

    @Test
    void anEntryRemovedTwiceOrPolledAfterRemovalIsNoLongerThere() {
        PendingQueue queue = new PendingQueue();
        QueueEntry first = added(queue, 0, 1);
        QueueEntry second = added(queue, 0, 2);

        assertTrue(queue.remove(first));
        assertFalse(queue.remove(first), "second removal must report that nothing was linked");
        assertEquals(1, queue.size());
        assertSame(second, queue.poll(), "a removed entry is never polled");
        assertNull(queue.poll());
        assertFalse(queue.remove(second), "a polled entry is no longer linked");
        assertFalse(queue.remove(new QueueEntry()), "an entry never added is not linked");
        assertTrue(queue.isEmpty());
    }

    @Test
    void anEntryWaitsInOneQueueAtATime() {
        PendingQueue serverQueue = new PendingQueue();
        PendingQueue backendQueue = new PendingQueue();
        QueueEntry entry = added(serverQueue, 0, 5);

        assertThrows(IllegalStateException.class, () -> backendQueue.add(entry, 0, 5));
        assertThrows(IllegalStateException.class, () -> serverQueue.add(entry, 0, 5));
        assertFalse(backendQueue.remove(entry), "removal from a queue it is not linked in");
        assertSame(serverQueue, entry.queue());
        assertTrue(backendQueue.isEmpty());
        assertEquals(1, serverQueue.size());

        assertSame(entry, serverQueue.poll());
        backendQueue.add(entry, 2, 7);  // unlinked: free to wait elsewhere, with its new key
        assertSame(backendQueue, entry.queue());
        assertEquals(2, entry.priorityClass());
        assertEquals(7, entry.timeKeyMs());
    }

    @Test
    void growsPastItsInitialCapacityByDoublingAndKeepsEveryEntry() {
        PendingQueue queue = new PendingQueue(2);
        List<QueueEntry> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            entries.add(added(queue, 0, 1000 - i));
        }
        assertEquals(100, queue.size());
        assertEquals(128, queue.capacity());
        assertTrue(queue.isValidHeap());
        for (int i = entries.size() - 1; i >= 0; i--) {
            assertSame(entries.get(i), queue.poll());
        }
        assertEquals(128, queue.capacity(), "the array never shrinks");
        assertThrows(IllegalArgumentException.class, () -> new PendingQueue(0));
    }

    /**
     * Random adds, polls, peeks and removals (of linked and unlinked entries), checked after every operation
     * against a sorted list: same size, same head, same polled entry, every entry linked exactly when the
     * reference holds it. Small key ranges so that ties (FIFO by sequence number) are frequent.
     */
    @ParameterizedTest
    @ValueSource(longs = {1L, 42L, 20_261_206L, -7_777L})
    void randomOperationsMatchASortedReferenceList(long seed) {
        Random random = new Random(seed);
        PendingQueue queue = new PendingQueue(4);
        List<QueueEntry> pool = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pool.add(new QueueEntry());
        }
        List<QueueEntry> reference = new ArrayList<>();
        Set<QueueEntry> referenced = Collections.newSetFromMap(new IdentityHashMap<>());

        for (int op = 0; op < 20_000; op++) {
            String where = "seed " + seed + ", operation " + op;
            int kind = random.nextInt(10);
            QueueEntry entry = pool.get(random.nextInt(pool.size()));
            if (kind < 5) {
                if (!entry.isLinked()) {
                    queue.add(entry, random.nextInt(5) - 2, random.nextInt(20));
                    int at = -Collections.binarySearch(reference, entry, SERVICE_ORDER) - 1;
                    reference.add(at, entry);
                    referenced.add(entry);
                }
            } else if (kind < 7) {
                QueueEntry polled = queue.poll();
                QueueEntry expected = reference.isEmpty() ? null : reference.remove(0);
                referenced.remove(expected);
                assertSame(expected, polled, where + ": poll");
                if (polled != null) {
                    assertFalse(polled.isLinked(), where + ": polled entry still linked");
                }
            } else {
                boolean wasThere = reference.remove(entry);
                referenced.remove(entry);
                assertEquals(wasThere, queue.remove(entry), where + ": remove");
            }
            assertEquals(reference.size(), queue.size(), where + ": size");
            assertSame(reference.isEmpty() ? null : reference.get(0), queue.peek(), where + ": peek");
            assertTrue(queue.isValidHeap(), where + ": heap invariant");
            for (QueueEntry each : pool) {
                assertEquals(referenced.contains(each), queue.contains(each), where + ": linked state");
            }
        }
        for (QueueEntry next : new ArrayList<>(reference)) {
            assertSame(next, queue.poll(), "seed " + seed + ": final drain");
        }
        assertTrue(queue.isEmpty(), "seed " + seed);
    }

    private static QueueEntry added(PendingQueue queue, int priorityClass, long timeKeyMs) {
        QueueEntry entry = new QueueEntry();
        queue.add(entry, priorityClass, timeKeyMs);
        return entry;
    }
}
