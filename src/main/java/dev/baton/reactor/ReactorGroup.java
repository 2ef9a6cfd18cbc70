package dev.baton.reactor;

import dev.baton.config.CpuMapEntry;
import dev.baton.io.BufferPool;
import dev.baton.sys.Os;
import org.agrona.concurrent.SystemNanoClock;
import org.tinylog.Logger;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@code nbthread} reactors and their platform threads ({@code baton-reactor-N}, N 1-based as in
 * HAProxy's thread numbers). A thread named in {@code cpu-map} pins itself before its first turn.
 */
public final class ReactorGroup {
    /** Free buffers a reactor keeps for reuse; more are dropped after a burst. */
    private static final int RETAINED_BUFFERS = 4096;

    private final Reactor[] reactors;
    private final Thread[] threads;
    private final BitSet[] affinity;
    private final long[] threadIds;
    private final CountDownLatch started;
    private volatile Consumer<Throwable> crashPolicy = e -> { };

    public ReactorGroup(final int count, final int bufferSize, final List<CpuMapEntry> cpuMap) {
        reactors = new Reactor[count];
        threads = new Thread[count];
        affinity = new BitSet[count];
        threadIds = new long[count];
        started = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            reactors[i] = new Reactor(i, new SystemNanoClock(), new BufferPool(bufferSize, RETAINED_BUFFERS));
        }
        for (final CpuMapEntry e : cpuMap) {
            if (e.thread() >= 1 && e.thread() <= count) {
                affinity[e.thread() - 1] = e.cpus();
            }
        }
        if (!mayShareCpus(affinity)) {
            for (final Reactor r : reactors) {
                r.yieldAfterBatches(false);
            }
        }
    }

    /**
     * Whether two reactors may run on one CPU: the yield after a batch is for them (Reactor#afterTurn). Not with a
     * lone reactor, nor when {@code cpu-map} pins every reactor to CPUs no sibling may use. Then the yields would
     * only hand the CPU to the other processes there (the clients, the servers) in the middle of a load and shrink
     * the batches: measured in bench S1 (nbthread 1, 2026-12-07, three rounds alternating), 35.7-48.6 k req/s
     * without them against 32.2-35.7 k with them, at 20.0-27.6 against 26.7-28.2 us of CPU per request. A pin that
     * fails at start-up is logged; its reactor then runs unpinned without yielding.
     */
    static boolean mayShareCpus(final BitSet[] affinity) {
        if (affinity.length <= 1) {
            return false;
        }
        final BitSet seen = new BitSet();
        for (final BitSet cpus : affinity) {
            if (cpus == null || cpus.intersects(seen)) {
                return true;
            }
            seen.or(cpus);
        }
        return false;
    }

    public int size() {
        return reactors.length;
    }

    public Reactor get(final int id) {
        return reactors[id];
    }

    /** Starts every thread and waits until each has pinned itself (or failed to, which is logged). */
    public void start() throws InterruptedException {
        for (int i = 0; i < reactors.length; i++) {
            final int id = i;
            threads[i] = new Thread(() -> runReactor(id), "baton-reactor-" + (i + 1));
            threads[i].start();
        }
        if (!started.await(10, TimeUnit.SECONDS)) {
            Logger.warn("reactors slow to start");
        }
    }

    private void runReactor(final int id) {
        threadIds[id] = Os.currentThreadId();
        if (affinity[id] != null) {
            try {
                Os.pinCurrentThread(affinity[id]);
                Logger.debug("reactor {} pinned to CPUs {}", id + 1, affinity[id]);
            } catch (final IllegalStateException | UnsatisfiedLinkError e) {
                Logger.warn("cpu-map for thread {} not applied: {}", id + 1, e.getMessage());
            }
        }
        started.countDown();
        try {
            reactors[id].run();
        } catch (final RuntimeException | Error e) {
            crashPolicy.accept(e);
        }
    }

    /**
     * What happens when a reactor thread dies of an error its loop could not contain (an {@code Error}
     * such as OutOfMemoryError): the daemon cannot serve correctly any more, since that reactor's
     * listening socket still takes its share of clients. The command line sets a policy that exits so
     * the supervisor restarts baton; the default (tests) only lets the thread end.
     */
    public void crashPolicy(final Consumer<Throwable> policy) {
        this.crashPolicy = policy;
    }

    /** The kernel thread id of reactor {@code id} (for {@code /proc/self/task/TID}), once started. */
    public long threadId(final int id) {
        return threadIds[id];
    }

    /** Asks every reactor to stop and waits for the threads, up to {@code timeoutMs} in all. */
    public void stop(final long timeoutMs) throws InterruptedException {
        for (final Reactor r : reactors) {
            r.requestStop();
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (final Thread t : threads) {
            if (t != null) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        }
    }
}
