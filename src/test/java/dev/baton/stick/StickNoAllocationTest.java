package dev.baton.stick;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleExpr;
import dev.baton.sample.SampleParser;
import dev.baton.sample.Uses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A request that tracks its client in a stick table, counts in it and reads it back ({@code track-sc0 src},
 * {@code sc-inc-gpc0(0)}, {@code sc_http_req_rate(0)}, {@code src_conn_cur}, {@code in_table}) allocates nothing
 * once the entry exists: the key is built in the thread's probe, the entry found in the map.
 */
class StickNoAllocationTest {
    @AfterEach
    void forgetReferences() {
        StickReferences.drain();
    }

    private static com.sun.management.ThreadMXBean allocationMeter() {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        return threads;
    }

    /** A table {@code name} of IP keys storing {@code types} (a rate over 10 s). */
    private static StickTables tables(final String name, final StickDataType... types) {
        final long[] periods = new long[StickDataType.values().length];
        Arrays.fill(periods, -1);
        for (final StickDataType t : types) {
            periods[t.ordinal()] = t.name().endsWith("_RATE") ? 10_000 : 0;
        }
        return StickTables.of(List.of(new StickTableConfig(name, StickKeyType.IP, 4, 1024, 30_000, false, periods)));
    }

    /** What a stream of client {@code src} tracking in {@code counters} evaluates. */
    private static SampleContext context(final byte[] src, final StickCounters counters) {
        return new SampleContext() {
            @Override
            public byte[] srcAddress() {
                return src;
            }

            @Override
            public StickCounters stickCounters() {
                return counters;
            }
        };
    }

    @Test
    void trackingAndReadingAnExistingEntryAllocateNothing() {
        final com.sun.management.ThreadMXBean threads = allocationMeter();
        final StickTables tables = tables("fe", StickDataType.HTTP_REQ_RATE, StickDataType.CONN_CUR,
            StickDataType.GPC0);
        final StickCounters counters = new StickCounters(tables);
        final byte[] src = {10, 1, 2, 3};
        final SampleContext ctx = context(src, counters);
        final StickAction track = new StickAction(StickAction.Kind.TRACK, 0,
            SampleParser.parse("src", Uses.HTTP_REQUEST), "fe");
        final StickAction inc = new StickAction(StickAction.Kind.INC_GPC0, 0, null, null);
        final SampleExpr rate = SampleParser.parse("sc_http_req_rate(0)", Uses.HTTP_REQUEST);
        final SampleExpr current = SampleParser.parse("src_conn_cur(fe)", Uses.HTTP_REQUEST);
        final SampleExpr known = SampleParser.parse("src,in_table(fe)", Uses.HTTP_REQUEST);
        final Sample s = new Sample();
        long sum = 0;
        for (int i = 0; i < 20_000; i++) {
            sum += request(ctx, counters, track, inc, rate, current, known, s);
        }
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++) {
            sum += request(ctx, counters, track, inc, rate, current, known, s);
        }
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(sum > 120_000 * 2, "every request saw its entry tracked: " + sum);
        final StickTable t = tables.get("fe");
        assertEquals(120_000, t.read(t.lookup(StickKey.of(src)), StickDataType.GPC0));
        assertEquals(0, t.read(t.lookup(StickKey.of(src)), StickDataType.CONN_CUR), "every stream let go");
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes for 100000 requests");
    }

    /**
     * A table shared through peers marks each changed entry for the peers thread: still nothing allocated per
     * request, one wake-up of the peers thread per turn of its loop (however many requests changed the entry), and
     * the entry numbered once per turn.
     */
    @Test
    void aSharedTableMarksChangesWithoutAllocating() {
        final com.sun.management.ThreadMXBean threads = allocationMeter();
        final long[] periods = new long[StickDataType.values().length];
        Arrays.fill(periods, -1);
        periods[StickDataType.HTTP_REQ_RATE.ordinal()] = 10_000;
        periods[StickDataType.CONN_CUR.ordinal()] = 0;
        periods[StickDataType.GPC0.ordinal()] = 0;
        final StickTables tables = StickTables.of(List.of(new StickTableConfig("fp", StickKeyType.IP, 4, 1024, 30_000,
            false, periods, "mesh", "fp")));
        final StickTable t = tables.get("fp");
        final java.util.concurrent.atomic.AtomicInteger wakeups = new java.util.concurrent.atomic.AtomicInteger();
        t.changes().waker(wakeups::incrementAndGet);
        final StickCounters counters = new StickCounters(tables);
        final byte[] src = {10, 1, 2, 5};
        final SampleContext ctx = context(src, counters);
        final StickAction track = new StickAction(StickAction.Kind.TRACK, 0,
            SampleParser.parse("src", Uses.HTTP_REQUEST), "fp");
        final StickAction inc = new StickAction(StickAction.Kind.INC_GPC0, 0, null, null);
        final SampleExpr rate = SampleParser.parse("sc_http_req_rate(0)", Uses.HTTP_REQUEST);
        final SampleExpr current = SampleParser.parse("src_conn_cur(fp)", Uses.HTTP_REQUEST);
        final SampleExpr known = SampleParser.parse("src,in_table(fp)", Uses.HTTP_REQUEST);
        final Sample s = new Sample();
        for (int turn = 0; turn < 200; turn++) { // warm up; each batch of requests is one turn of the peers loop
            for (int i = 0; i < 100; i++) {
                request(ctx, counters, track, inc, rate, current, known, s);
            }
            t.changes().collect(t);
        }
        long allocated = 0;
        for (int turn = 0; turn < 1000; turn++) {
            final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 100; i++) {
                request(ctx, counters, track, inc, rate, current, known, s);
            }
            allocated += threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            // the peers thread's turn, not measured: its update log (a TreeMap keyed by update number) boxes the
            // number and makes an entry per changed entry and turn, never per request
            t.changes().collect(t);
        }
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes for 100000 requests");
        assertEquals(1200, wakeups.get(), "one wake-up per turn");
        assertEquals(1200, t.changes().localUpdate(), "the entry numbered once per turn");
        assertEquals(120_000, t.read(t.lookup(StickKey.of(src)), StickDataType.GPC0));
    }

    @Test
    void trackingAConnectionWhoseEntryExistsAllocatesNothing() {
        final com.sun.management.ThreadMXBean threads = allocationMeter();
        final StickTables tables = tables("ft", StickDataType.CONN_RATE, StickDataType.CONN_CUR,
            StickDataType.SESS_CNT, StickDataType.HTTP_REQ_CNT);
        final StickCounters counters = new StickCounters(tables);
        final byte[] src = {10, 1, 2, 4};
        final SampleContext ctx = context(src, counters);
        final StickAction track = new StickAction(StickAction.Kind.TRACK, 0,
            SampleParser.parse("src", Uses.TCP_SESSION), "ft");
        final SampleExpr rate = SampleParser.parse("sc_conn_rate(0)", Uses.TCP_SESSION);
        final Sample s = new Sample();
        long sum = 0;
        for (int i = 0; i < 20_000; i++) {
            sum += connection(ctx, counters, track, rate, s);
        }
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++) {
            sum += connection(ctx, counters, track, rate, s);
        }
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(120_000, sum, "every connection saw its entry tracked");
        final StickTable t = tables.get("ft");
        final StickEntry e = t.lookup(StickKey.of(src));
        assertEquals(120_000, t.read(e, StickDataType.SESS_CNT));
        assertEquals(240_000, t.read(e, StickDataType.HTTP_REQ_CNT));
        assertEquals(0, t.read(e, StickDataType.CONN_CUR), "every connection let go");
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes for 100000 connections");
    }

    /** One connection tracked by its connection rules, with a session and two requests; 1 when its rate shows. */
    private static long connection(final SampleContext ctx, final StickCounters counters, final StickAction track,
                                   final SampleExpr rate, final Sample s) {
        track.apply(ctx, true, -1);
        counters.sessionStarted();
        counters.httpRequest();
        counters.httpRequest();
        final long n = rate.eval(ctx, s) && s.number() > 0 ? 1 : 0;
        counters.endSession();
        return n;
    }

    /** One request's stick work; its conn_cur and in_table answers plus a positive rate, summed. */
    private static long request(final SampleContext ctx, final StickCounters counters, final StickAction track,
                                final StickAction inc, final SampleExpr rate, final SampleExpr current,
                                final SampleExpr known, final Sample s) {
        track.apply(ctx, false, 0);
        inc.apply(ctx, false, 0);
        long n = rate.eval(ctx, s) && s.number() > 0 ? 1 : 0;
        n += current.eval(ctx, s) ? s.number() : 0;
        n += known.eval(ctx, s) && s.bool() ? 1 : 0;
        counters.endStream();
        return n;
    }
}
