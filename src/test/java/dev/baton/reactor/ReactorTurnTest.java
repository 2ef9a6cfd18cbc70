package dev.baton.reactor;

import dev.baton.config.CpuMapEntry;
import dev.baton.io.BufferPool;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reactor turns driven by hand with a hand clock, and the cross-thread command path. */
class ReactorTurnTest {
    private final CachedNanoClock clock = new CachedNanoClock();
    private Reactor reactor;
    private Thread thread;

    @AfterEach
    void stop() throws InterruptedException {
        if (thread != null) {
            reactor.requestStop();
            thread.join(5_000);
        }
    }

    private Reactor newReactor() {
        clock.update(1_000_000_000L);
        reactor = new Reactor(0, clock, new BufferPool(1024, 4));
        return reactor;
    }

    @Test
    void timerFiresOnlyOnceItsDeadlineIsReached() {
        final Reactor r = newReactor();
        final List<Long> fired = new ArrayList<>();
        r.timers().schedule(clock.nanoTime() + 50_000_000L, (now, id) -> fired.add(now));

        clock.advance(40_000_000L);
        r.runOnce(false);
        assertTrue(fired.isEmpty(), "fired 10 ms early");

        clock.advance(20_000_000L);
        r.runOnce(false);
        assertEquals(List.of(clock.nanoTime()), fired);

        clock.advance(1_000_000_000L);
        r.runOnce(false);
        assertEquals(1, fired.size(), "a timer fires once");
    }

    @Test
    void cancelledTimerNeverFires() {
        final Reactor r = newReactor();
        final AtomicInteger fired = new AtomicInteger();
        final long id = r.timers().schedule(clock.nanoTime() + 10_000_000L, (now, t) -> fired.incrementAndGet());
        r.timers().cancel(id);
        clock.advance(100_000_000L);
        r.runOnce(false);
        assertEquals(0, fired.get());
        assertEquals(0, r.timers().count());
    }

    @Test
    void timerAfterLongQuietSpellStillFiresOnTime() {
        final Reactor r = newReactor();
        clock.advance(3_600_000_000_000L);
        r.runOnce(false);
        final AtomicInteger fired = new AtomicInteger();
        r.timers().schedule(clock.nanoTime() + 20_000_000L, (now, t) -> fired.incrementAndGet());
        clock.advance(10_000_000L);
        r.runOnce(false);
        assertEquals(0, fired.get());
        clock.advance(15_000_000L);
        r.runOnce(false);
        assertEquals(1, fired.get());
    }

    @Test
    void timersFireInOneTurnEvenWhenManyTicksBehind() {
        final Reactor r = newReactor();
        final AtomicInteger fired = new AtomicInteger();
        for (int i = 1; i <= 100; i++) {
            r.timers().schedule(clock.nanoTime() + i * 10_000_000L, (now, t) -> fired.incrementAndGet());
        }
        clock.advance(2_000_000_000L);
        r.runOnce(false);
        assertEquals(100, fired.get());
    }

    @Test
    void commandsFromAnotherThreadWaitForTheNextTurnAndRunInOrder() {
        final Reactor r = newReactor();
        final List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            final int n = i;
            assertTrue(r.execute(x -> order.add(n)));
        }
        assertTrue(order.isEmpty(), "a command from a foreign thread never runs inline");
        r.runOnce(false);
        assertEquals(List.of(0, 1, 2, 3, 4), order);
    }

    @Test
    void foreignThreadCommandWakesABlockedReactor() {
        final Reactor r = newReactor();
        thread = new Thread(r, "test-reactor");
        thread.start();
        final AtomicInteger ran = new AtomicInteger();
        final List<String> threads = new ArrayList<>();
        // With no timer and no command, the reactor blocks in select after each command: only the
        // wake-up of execute() can get the second command run.
        for (int i = 1; i <= 2; i++) {
            r.execute(x -> {
                threads.add(Thread.currentThread().getName());
                ran.incrementAndGet();
            });
            final int expected = i;
            await().atMost(Duration.ofSeconds(5)).until(() -> ran.get() == expected);
        }
        assertEquals(List.of("test-reactor", "test-reactor"), threads);
        assertTrue(r.stats().wakeups.get() >= 2);
    }

    @Test
    void loopYieldsItsCpuAfterABatchButNotAfterSingleItems() {
        final Reactor r = newReactor();
        final AtomicInteger yields = new AtomicInteger();
        final List<Integer> yieldsSeenByCommand = new CopyOnWriteArrayList<>(); // the reactor writes, the test reads
        r.yielder(yields::incrementAndGet);
        final AtomicInteger ran = new AtomicInteger();
        // one batch: all queued before the loop starts, so its first turn runs them together
        for (int i = 0; i < Reactor.YIELD_AFTER_WORK; i++) {
            assertTrue(r.execute(x -> ran.incrementAndGet()));
        }
        thread = new Thread(r, "test-reactor");
        thread.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> yields.get() == 1);
        // then single commands, each waited for: a turn of one item each, none yields
        for (int i = 1; i <= 5; i++) {
            r.execute(x -> yieldsSeenByCommand.add(yields.get()));
            final int expected = i;
            await().atMost(Duration.ofSeconds(5)).until(() -> yieldsSeenByCommand.size() == expected);
        }
        r.requestStop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !thread.isAlive());
        assertEquals(Reactor.YIELD_AFTER_WORK, ran.get());
        assertEquals(1, yields.get(), "one yield, after the batch only");
        assertEquals(List.of(1, 1, 1, 1, 1), yieldsSeenByCommand);
    }

    /** The yield is for sibling reactors sharing a CPU: a lone reactor's loop never yields, even after a batch. */
    @Test
    void aLoneReactorDoesNotYieldAfterABatch() throws InterruptedException {
        final ReactorGroup lone = new ReactorGroup(1, 4096, List.of());
        final ReactorGroup two = new ReactorGroup(2, 4096, List.of());
        try {
            assertEquals(false, lone.get(0).yieldsAfterBatches());
            assertEquals(List.of(true, true),
                List.of(two.get(0).yieldsAfterBatches(), two.get(1).yieldsAfterBatches()));
            final Reactor r = lone.get(0);
            final AtomicInteger yields = new AtomicInteger();
            r.yielder(yields::incrementAndGet);
            final AtomicInteger ran = new AtomicInteger();
            // one batch, queued before the loop starts: its first turn runs twice the work that makes a sibling yield
            for (int i = 0; i < 2 * Reactor.YIELD_AFTER_WORK; i++) {
                assertTrue(r.execute(x -> ran.incrementAndGet()));
            }
            lone.start();
            two.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> ran.get() == 2 * Reactor.YIELD_AFTER_WORK);
            assertEquals(0, yields.get());
        } finally {
            lone.stop(5_000);
            two.stop(5_000);
        }
    }

    /** Reactors may share a CPU unless cpu-map pins each to CPUs no sibling may use (then none yields). */
    @Test
    void onlyReactorsThatMayShareACpuYield() {
        assertEquals(false, ReactorGroup.mayShareCpus(new BitSet[] {null}), "one reactor");
        assertEquals(true, ReactorGroup.mayShareCpus(new BitSet[] {null, null}), "no cpu-map");
        assertEquals(false, ReactorGroup.mayShareCpus(new BitSet[] {cpus(0), cpus(1)}), "one CPU each");
        assertEquals(true, ReactorGroup.mayShareCpus(new BitSet[] {cpus(0, 1), cpus(1)}), "CPU 1 shared");
        assertEquals(true, ReactorGroup.mayShareCpus(new BitSet[] {cpus(0), null}), "the second unpinned");
        final ReactorGroup pinned = new ReactorGroup(2, 4096, List.of(
            new CpuMapEntry(1, cpus(0), null), new CpuMapEntry(2, cpus(1), null)));
        final ReactorGroup shared = new ReactorGroup(2, 4096, List.of(
            new CpuMapEntry(1, cpus(0), null), new CpuMapEntry(2, cpus(0), null)));
        try {
            assertEquals(List.of(false, false),
                List.of(pinned.get(0).yieldsAfterBatches(), pinned.get(1).yieldsAfterBatches()));
            assertEquals(List.of(true, true),
                List.of(shared.get(0).yieldsAfterBatches(), shared.get(1).yieldsAfterBatches()));
        } finally {
            closeSelectors(pinned);
            closeSelectors(shared);
        }
    }

    /** Closes the selectors of a group that never started (its threads would have closed them). */
    private static void closeSelectors(final ReactorGroup group) {
        for (int i = 0; i < group.size(); i++) {
            try {
                group.get(i).selector().close();
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static BitSet cpus(final int... ids) {
        final BitSet b = new BitSet();
        for (final int id : ids) {
            b.set(id);
        }
        return b;
    }

    @Test
    void manyCommandsFromManyThreadsAllRunExactlyOnce() throws InterruptedException {
        final Reactor r = newReactor();
        thread = new Thread(r, "test-reactor");
        thread.start();
        final AtomicInteger ran = new AtomicInteger();
        final Thread[] producers = new Thread[4];
        for (int p = 0; p < producers.length; p++) {
            producers[p] = new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    while (!r.execute(x -> ran.incrementAndGet())) {
                        Thread.onSpinWait();
                    }
                }
            });
            producers[p].start();
        }
        for (final Thread t : producers) {
            t.join();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() == 8_000);
        assertTrue(r.stats().wakeups.get() < 8_000, "wake-ups are coalesced");
    }

    @Test
    void afterEventsTasksRunOnceRightAfterTheNextSelection() {
        final Reactor r = newReactor();
        final List<String> order = new ArrayList<>();
        r.afterEvents(() -> order.add("after"));
        r.timers().schedule(clock.nanoTime(), (now, id) -> order.add("timer"));
        assertTrue(order.isEmpty(), "not at once");

        clock.advance(2 * ReactorTimers.TICK_NS);
        r.runOnce(false);
        assertEquals(List.of("after", "timer"), order, "after the selection, before the turn's timers");
        r.runOnce(false);
        assertEquals(2, order.size(), "once");
    }
}
