package dev.baton.stick;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A stick table on a clock moved by hand: rates as HAProxy's freq_ctr, expiry, size, trackers and conn_cur. */
class StickTableTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    private StickTable table(final long size, final long expireMs, final boolean nopurge,
                             final StickDataType... stored) {
        final long[] periods = new long[StickDataType.values().length];
        Arrays.fill(periods, -1);
        for (final StickDataType t : stored) {
            periods[t.ordinal()] = t.rate() ? 10_000 : 0;
        }
        return new StickTable(new StickTableConfig("t", StickKeyType.IP, 4, size, expireMs, nopurge, periods),
            now::get);
    }

    private static StickKey ip(final int last) {
        return StickKey.of(new byte[] {10, 0, 0, (byte) last});
    }

    @Test
    void aRateCountsThePeriodThenFadesOverTheNextOne() {
        final StickTable t = table(10, 0, false, StickDataType.HTTP_REQ_RATE, StickDataType.HTTP_REQ_CNT);
        final StickEntry e = t.getOrCreate(ip(1));
        for (int i = 0; i < 20; i++) {
            t.add(e, StickDataType.HTTP_REQ_CNT, StickDataType.HTTP_REQ_RATE, 1);
            now.addAndGet(100);
        }
        assertEquals(20, t.read(e, StickDataType.HTTP_REQ_RATE), "all within the first period");
        assertEquals(20, t.read(e, StickDataType.HTTP_REQ_CNT));
        now.addAndGet(10_000 - 2_000 + 2_500); // 2.5 s into the next period: 75% of the previous one still counts
        assertEquals(15, t.read(e, StickDataType.HTTP_REQ_RATE));
        t.add(e, null, StickDataType.HTTP_REQ_RATE, 4);
        assertEquals(19, t.read(e, StickDataType.HTTP_REQ_RATE), "15 of the past plus the 4 of this period");
        now.addAndGet(30_000);
        assertEquals(0, t.read(e, StickDataType.HTTP_REQ_RATE), "two idle periods forget everything");
        assertEquals(20, t.read(e, StickDataType.HTTP_REQ_CNT), "a counter is not a rate");
    }

    @Test
    void anUnusedEntryExpiresButATrackedOneStays() {
        final StickTable t = table(10, 30_000, false, StickDataType.CONN_CUR);
        final StickEntry kept = t.acquire(ip(1));
        final StickEntry gone = t.getOrCreate(ip(2));
        assertNotNull(gone);
        assertEquals(2, t.used());
        now.addAndGet(29_999);
        assertSame(gone, t.lookup(ip(2)), "not yet");
        now.addAndGet(1);
        assertNull(t.lookup(ip(2)));
        assertEquals(1, t.used(), "the sweep purged it");
        assertSame(kept, t.lookup(ip(1)), "in use: never purged");
        t.release(kept);
        now.addAndGet(29_999);
        assertEquals(1, t.used(), "a release is a use: 30 s from then");
        now.addAndGet(1);
        assertEquals(0, t.used());
    }

    @Test
    void aFullTableDropsItsOldestUnusedEntryOrWithNopurgeRefusesTheKey() {
        final StickTable purging = table(2, 60_000, false, StickDataType.GPC0);
        purging.getOrCreate(ip(1));
        now.addAndGet(10);
        purging.getOrCreate(ip(2));
        now.addAndGet(10);
        assertNotNull(purging.getOrCreate(ip(3)));
        assertEquals(2, purging.used());
        assertNull(purging.lookup(ip(1)), "the oldest went");
        assertNotNull(purging.lookup(ip(2)));

        final StickTable refusing = table(2, 60_000, true, StickDataType.GPC0);
        refusing.getOrCreate(ip(1));
        refusing.getOrCreate(ip(2));
        assertNull(refusing.getOrCreate(ip(3)));
        assertEquals(2, refusing.used());

        final StickTable busy = table(1, 60_000, false, StickDataType.GPC0);
        busy.acquire(ip(1));
        assertNull(busy.getOrCreate(ip(2)), "nothing unused to drop");
    }

    @Test
    void trackingCountsConnectionsAndLetsGoAtTheEnd() {
        final StickTable t = table(10, 30_000, false, StickDataType.CONN_CUR, StickDataType.CONN_CNT,
            StickDataType.HTTP_REQ_CNT, StickDataType.HTTP_ERR_CNT);
        final StickTables tables = StickTables.NONE;
        final StickCounters a = new StickCounters(tables);
        final StickCounters b = new StickCounters(tables);
        a.track(0, t, ip(1), false, true);
        b.track(0, t, ip(1), true, false);
        b.httpRequest();
        b.httpError();
        final StickEntry e = t.lookup(ip(1));
        assertEquals(2, t.read(e, StickDataType.CONN_CUR));
        assertEquals(2, t.read(e, StickDataType.CONN_CNT));
        assertEquals(2, t.read(e, StickDataType.HTTP_REQ_CNT));
        assertEquals(1, t.read(e, StickDataType.HTTP_ERR_CNT));
        assertEquals(2, e.refs());
        a.track(0, t, ip(2), false, true);
        assertNull(t.lookup(ip(2)), "a slot in use keeps its first entry");
        a.endStream();
        assertEquals(1, t.read(e, StickDataType.CONN_CUR));
        b.endStream();
        assertEquals(1, t.read(e, StickDataType.CONN_CUR), "the connection's slot outlives its streams");
        b.endSession();
        b.endSession();
        assertEquals(0, t.read(e, StickDataType.CONN_CUR));
        assertEquals(0, e.refs());
    }

    @Test
    void aProbeFindsTheEntryItsCopyWasStoredUnder() {
        final StickTable t = table(10, 0, false, StickDataType.GPC0);
        final StickKey probe = StickKey.probe(16);
        probe.setRaw(new byte[] {10, 0, 0, 7});
        final StickEntry e = t.getOrCreate(probe);
        probe.setRaw(new byte[] {10, 0, 0, 8});
        assertNull(t.lookup(probe), "the stored key is a copy, not the probe");
        probe.setRaw(new byte[] {10, 0, 0, 7});
        assertSame(e, t.lookup(probe));
    }
}
