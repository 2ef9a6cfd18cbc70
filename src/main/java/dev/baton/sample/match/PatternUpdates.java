package dev.baton.sample.match;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.tinylog.Logger;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Where the changes traffic asks of maps and pattern files ({@code set-map}, {@code del-map}, {@code add-acl},
 * {@code del-acl} rules) are applied: off the reactors, by one daemon thread ({@code baton-pattern-updates}) started
 * at the first change, because applying one means taking the reference's lock and rebuilding its lookup structures
 * (linear in its entries). A reactor only offers the change to a bounded lock-free queue; the thread applies what
 * waits in batches, each reference's batch with a single rebuild, so the change shows in lookups shortly after the
 * request that asked for it (HAProxy applies it before its next rule). When the queue is full the change is dropped,
 * counted and logged (rate-limited), rather than holding a reactor or growing without bound.
 */
public final class PatternUpdates {
    private static final int CAPACITY = 65_536;
    private static final int BATCH = 4096;
    private static final ManyToOneConcurrentArrayQueue<Pending> QUEUE = new ManyToOneConcurrentArrayQueue<>(CAPACITY);
    private static final AtomicBoolean SLEEPING = new AtomicBoolean();
    private static final AtomicLong DROPPED = new AtomicLong();
    private static final Object START = new Object();
    private static volatile Thread thread;
    private static long lastWarningMs;

    private record Pending(PatternRef ref, PatternRef.TrafficChange change) {
    }

    private PatternUpdates() {
    }

    /** Queues {@code change} of {@code ref}. Any thread; allocates the queued record; never blocks. */
    public static void submit(final PatternRef ref, final PatternRef.TrafficChange change) {
        if (thread == null) {
            start();
        }
        if (!QUEUE.offer(new Pending(ref, change))) {
            DROPPED.incrementAndGet();
            return;
        }
        if (SLEEPING.get() && SLEEPING.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    /** Changes dropped because the queue was full, since the start. */
    public static long dropped() {
        return DROPPED.get();
    }

    private static void start() {
        synchronized (START) {
            if (thread == null) {
                final Thread t = new Thread(PatternUpdates::run, "baton-pattern-updates");
                t.setDaemon(true);
                t.start();
                thread = t;
            }
        }
    }

    private static void run() {
        final List<Pending> batch = new ArrayList<>(BATCH);
        final Map<PatternRef, List<PatternRef.TrafficChange>> byRef = new IdentityHashMap<>();
        while (true) {
            QUEUE.drain(batch::add, BATCH);
            if (batch.isEmpty()) {
                SLEEPING.set(true);
                if (QUEUE.isEmpty()) {
                    LockSupport.park(); // a producer that saw SLEEPING unparks; a spurious wake-up just loops
                }
                SLEEPING.set(false);
                continue;
            }
            for (final Pending p : batch) {
                byRef.computeIfAbsent(p.ref(), r -> new ArrayList<>()).add(p.change());
            }
            batch.clear();
            for (final Map.Entry<PatternRef, List<PatternRef.TrafficChange>> e : byRef.entrySet()) {
                try {
                    e.getKey().apply(e.getValue());
                } catch (final RuntimeException ex) {
                    Logger.warn(ex, "map/acl change from a rule failed on '{}'", e.getKey().file());
                }
            }
            byRef.clear();
            warnOfDrops();
        }
    }

    private static void warnOfDrops() {
        final long dropped = DROPPED.get();
        final long now = System.currentTimeMillis();
        if (dropped > 0 && now - lastWarningMs > 10_000) {
            lastWarningMs = now;
            Logger.warn("{} map/acl change(s) asked by rules were dropped since the start: the updates thread could "
                + "not keep up", dropped);
        }
    }
}
