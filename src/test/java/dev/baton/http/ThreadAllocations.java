package dev.baton.http;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The JVM's count of the bytes a thread allocated, for the tests that hold code to allocating nothing. */
final class ThreadAllocations {
    private ThreadAllocations() {
    }

    /**
     * The bytes the calling thread has allocated so far, read on each call, on that thread only. Skips the
     * calling test (an assumption fails) when this JVM does not count them.
     */
    static LongSupplier ofCurrentThread() {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        final long tid = Thread.currentThread().getId();
        return () -> threads.getThreadAllocatedBytes(tid);
    }

    /**
     * The bytes the calling thread allocates running {@code round} {@code iterations} times, once as many rounds
     * warmed the code up; fails when the rounds' sum (what keeps their work live) is not positive.
     */
    static long afterWarmUp(final int iterations, final LongSupplier round) {
        final LongSupplier allocatedBytes = ofCurrentThread();
        long checksum = 0;
        for (int i = 0; i < iterations; i++) {
            checksum += round.getAsLong();
        }
        final long before = allocatedBytes.getAsLong();
        for (int i = 0; i < iterations; i++) {
            checksum += round.getAsLong();
        }
        final long allocated = allocatedBytes.getAsLong() - before;
        org.junit.jupiter.api.Assertions.assertTrue(checksum > 0, "the rounds did work");
        return allocated;
    }
}
