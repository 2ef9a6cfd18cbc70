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

    @Test
    void trackingAndReadingAnExistingEntryAllocateNothing() {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        final long[] periods = new long[StickDataType.values().length];
        Arrays.fill(periods, -1);
        periods[StickDataType.HTTP_REQ_RATE.ordinal()] = 10_000;
        periods[StickDataType.CONN_CUR.ordinal()] = 0;
        periods[StickDataType.GPC0.ordinal()] = 0;
        final StickTables tables = StickTables.of(List.of(
            new StickTableConfig("fe", StickKeyType.IP, 4, 1024, 30_000, false, periods)));
        final StickCounters counters = new StickCounters(tables);
        final byte[] src = {10, 1, 2, 3};
        final SampleContext ctx = new SampleContext() {
            @Override
            public byte[] srcAddress() {
                return src;
            }

            @Override
            public StickCounters stickCounters() {
                return counters;
            }
        };
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
