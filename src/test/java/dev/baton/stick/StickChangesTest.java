package dev.baton.stick;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local changes of a table shared through peers: each changed entry is numbered once per collection at its
 * newest change, in order; a peer's update is not a local change; a full queue falls back to a scan that misses
 * nothing; entries that left the table leave the log; a reload's carry-over keeps or copies the entries.
 */
class StickChangesTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    private StickTable table(final long size, final String peers) {
        final long[] periods = new long[StickDataType.values().length];
        Arrays.fill(periods, -1);
        periods[StickDataType.GPC0.ordinal()] = 0;
        periods[StickDataType.HTTP_REQ_RATE.ordinal()] = 10_000;
        return new StickTable(new StickTableConfig("t", StickKeyType.IP, 4, size, 1000, false, periods, peers, "t"),
            now::get);
    }

    private static StickKey ip(final int last) {
        return StickKey.of(new byte[] {10, 0, (byte) (last >> 8), (byte) last});
    }

    private static List<Integer> order(final StickChanges c, final long after) {
        final List<Integer> out = new ArrayList<>();
        Map.Entry<Long, StickEntry> n = c.next(after);
        while (n != null) {
            out.add(n.getValue().key().byteAt(3) & 0xFF);
            n = c.next(n.getKey());
        }
        return out;
    }

    @Test
    void changesAreNumberedInOrderOncePerCollection() {
        final StickTable t = table(100, "p");
        final StickChanges c = t.changes();
        final StickEntry a = t.getOrCreate(ip(1));
        final StickEntry b = t.getOrCreate(ip(2));
        t.set(a, StickDataType.GPC0, 5);
        assertEquals(2, c.collect(t), "two entries, each numbered once");
        assertEquals(List.of(1, 2), order(c, 0));
        t.set(a, StickDataType.GPC0, 6);
        assertEquals(3, c.collect(t));
        assertEquals(List.of(2, 1), order(c, 0), "a moved to its newest change");
        assertEquals(List.of(1), order(c, 2));
        final StickUpdate u = new StickUpdate();
        u.present[StickDataType.GPC0.ordinal()] = true;
        u.value[StickDataType.GPC0.ordinal()] = 9;
        assertTrue(t.applyRemote(ip(3), u));
        t.applyRemote(ip(2), u);
        assertEquals(3, c.collect(t), "a peer's updates are not pushed back");
        assertEquals(9, t.read(t.lookup(ip(3)), StickDataType.GPC0));
    }

    @Test
    void aFullQueueFallsBackToAScan() {
        final StickTable t = table(100_000, "p");
        for (int i = 0; i < 70_000; i++) { // the queue holds 65536
            t.getOrCreate(StickKey.of(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}));
        }
        assertEquals(70_000, t.changes().collect(t), "every entry numbered, those the queue did not hold too");
        assertEquals(70_000, order(t.changes(), 0).size());
        assertEquals(70_000, t.changes().collect(t) , "and none twice");
    }

    @Test
    void entriesThatLeftTheTableLeaveTheLog() {
        final StickTable t = table(100, "p");
        for (int i = 0; i < 10; i++) {
            t.getOrCreate(ip(i));
        }
        t.changes().collect(t);
        assertEquals(10, t.changes().logged());
        now.addAndGet(2000); // past expire
        t.sweep(now.get());
        t.changes().prune();
        assertEquals(0, t.changes().logged());
        assertNull(t.changes().next(0));
    }

    @Test
    void aReloadKeepsOrCopiesASharedTable() {
        final StickTable shared = table(100, "p");
        shared.set(shared.getOrCreate(ip(7)), StickDataType.GPC0, 3);
        final StickTables before = StickTables.of(List.of());
        final StickTables old = StickTables.carryOver(List.of(shared.config()), before);
        final StickTable first = old.get("t");
        first.set(first.getOrCreate(ip(7)), StickDataType.GPC0, 3);
        final StickTables same = StickTables.carryOver(List.of(first.config()), old);
        assertTrue(same.contains(first), "the same definition keeps the very table");
        final long[] periods = new long[StickDataType.values().length];
        Arrays.fill(periods, -1);
        periods[StickDataType.GPC0.ordinal()] = 0;
        periods[StickDataType.HTTP_REQ_RATE.ordinal()] = 10_000;
        final StickTableConfig bigger = new StickTableConfig("t", StickKeyType.IP, 4, 200, 1000, false, periods, "p",
            "t");
        final StickTable copied = StickTables.carryOver(List.of(bigger), old).get("t");
        assertEquals(3, copied.read(copied.lookup(ip(7)), StickDataType.GPC0), "a bigger table starts with a copy");
        final StickTableConfig unshared = new StickTableConfig("t", StickKeyType.IP, 4, 100, 1000, false, periods);
        assertEquals(0, StickTables.carryOver(List.of(unshared), old).get("t").used(), "an unshared one starts empty");
    }
}
