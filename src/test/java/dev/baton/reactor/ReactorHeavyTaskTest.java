package dev.baton.reactor;

import dev.baton.io.BufferPool;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Heavy tasks (TLS handshake steps): one per turn, after the turn's other work, oldest first. */
class ReactorHeavyTaskTest {
    private final CachedNanoClock clock = new CachedNanoClock();
    private final Reactor reactor = new Reactor(0, clock, new BufferPool(1024, 4));

    @Test
    void oneHeavyTaskRunsPerTurnInTheOrderQueued() {
        final List<String> ran = new ArrayList<>();
        assertTrue(reactor.queueHeavy(() -> ran.add("a")), "the first task of a turn runs in it");
        assertFalse(reactor.queueHeavy(() -> ran.add("b")), "a second one waits for a later turn");
        assertFalse(reactor.queueHeavy(() -> ran.add("c")));

        reactor.runOnce(false);
        assertEquals(List.of("a"), ran);
        assertEquals(2, reactor.heavyQueued());
        reactor.runOnce(false);
        assertEquals(List.of("a", "b"), ran);
        reactor.runOnce(false);
        assertEquals(List.of("a", "b", "c"), ran);
        assertEquals(0, reactor.heavyQueued());
    }

    @Test
    void heavyTaskRunsAfterTheTurnsCommandsAndTimers() {
        final List<String> ran = new ArrayList<>();
        reactor.queueHeavy(() -> ran.add("heavy"));
        reactor.timers().schedule(clock.nanoTime(), (now, id) -> ran.add("timer"));
        reactor.executeCoalescedLater(new CoalescedCommand(r -> ran.add("command")));

        reactor.runOnce(false);

        assertEquals(List.of("command", "timer", "heavy"), ran);
    }

    @Test
    void aTaskQueuedAfterTheTurnsHeavyTaskRanWaitsForTheNextTurn() {
        final List<String> ran = new ArrayList<>();
        reactor.queueHeavy(() -> {
            ran.add("first");
            assertFalse(reactor.queueHeavy(() -> ran.add("second")), "the turn's heavy slot is taken");
        });

        reactor.runOnce(false);
        assertEquals(List.of("first"), ran);
        reactor.runOnce(false);
        assertEquals(List.of("first", "second"), ran);
    }

    @Test
    void aFailingHeavyTaskDoesNotStopTheOthers() {
        final List<String> ran = new ArrayList<>();
        reactor.queueHeavy(() -> {
            throw new IllegalStateException("boom");
        });
        reactor.queueHeavy(() -> ran.add("next"));

        reactor.runOnce(false);
        reactor.runOnce(false);

        assertEquals(List.of("next"), ran);
    }

    @Test
    void theSelectionDoesNotBlockWhileHeavyTasksWait() {
        // No timer and no channel: a blocking selection would wait forever. The timeout only bounds a failure.
        final List<String> ran = new ArrayList<>();
        reactor.queueHeavy(() -> ran.add("a"));
        reactor.queueHeavy(() -> ran.add("b"));

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            reactor.runOnce(true);
            reactor.runOnce(true);
        });

        assertEquals(List.of("a", "b"), ran);
    }

    @Test
    void aConnectionsStepIsQueuedOnceAndSaysWhenItWaitsPastTheTurn() {
        final List<String> ran = new ArrayList<>();
        final HeavyStep first = new HeavyStep(() -> ran.add("first"));
        final HeavyStep second = new HeavyStep(() -> ran.add("second"));
        assertFalse(first.request(reactor), "runs in this turn: keep polling");
        assertTrue(first.request(reactor), "queued already: stop polling meanwhile");
        assertTrue(second.request(reactor), "behind another: waits past the turn");
        assertEquals(2, reactor.heavyQueued(), "each step once");

        reactor.runOnce(false);
        assertEquals(List.of("first"), ran);
        assertTrue(first.request(reactor), "queued again once it ran, behind the second");
        assertEquals(2, reactor.heavyQueued());
        reactor.runOnce(false);
        reactor.runOnce(false);
        assertEquals(List.of("first", "second", "first"), ran);
    }
}
