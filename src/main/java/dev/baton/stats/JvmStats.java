package dev.baton.stats;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * What the Java virtual machine spent, for {@code show info}: these figures let an operator (and
 * {@code make bench}) compute the bytes allocated per request and the collector's share of the time.
 * HAProxy has no such fields; their names start with {@code Jvm_} so they cannot clash with its.
 *
 * @param allocatedBytes bytes allocated since start by the threads alive now (reactors, the runtime API's
 *                       thread included); -1 when the JVM cannot tell
 * @param gcCount        collections since start, all collectors together
 * @param gcTimeMs       milliseconds spent collecting since start (pauses of a stop-the-world collector)
 * @param heapUsedBytes  heap in use now
 * @param heapCommittedBytes heap the JVM holds from the operating system now
 */
public record JvmStats(long allocatedBytes, long gcCount, long gcTimeMs, long heapUsedBytes,
                       long heapCommittedBytes) {

    /** The figures as of now; allocates, so call it per runtime API command, not per request. */
    public static JvmStats now() {
        long count = 0;
        long time = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            time += Math.max(0, gc.getCollectionTime());
        }
        final MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new JvmStats(allocated(), count, time, heap.getUsed(), heap.getCommitted());
    }

    private static long allocated() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            return threads.getTotalThreadAllocatedBytes();
        }
        return -1;
    }
}
