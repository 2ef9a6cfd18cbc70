package dev.baton.queue;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.io.BufferPool;
import dev.baton.config.AgentCheckOptions;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.CheckOptions;
import dev.baton.config.HttpOptions;
import dev.baton.config.Mode;
import dev.baton.config.PoolOptions;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ProxyKind;
import dev.baton.config.Redispatch;
import dev.baton.config.ServerReactions;
import dev.baton.config.ServerConfig;
import dev.baton.config.SourceLocation;
import dev.baton.config.Timeouts;
import dev.baton.reactor.Reactor;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue engine driven by hand: two reactors whose turns the test runs ({@code runOnce(false)}) with a hand
 * clock, waiters that record how their waits end. Covers docs/queues.md's order (Q6, Q7), hand-over (Q8, Q10),
 * limits (Q11), redistribution (Q15) and the cancel races of §2.3.
 */
class BackendQueuesTest {
    private static final SourceLocation WHERE = new SourceLocation("test", 1);

    private final CachedNanoClock clock = new CachedNanoClock();
    private final Reactor reactorA = new Reactor(0, clock, new BufferPool(1024, 2));
    private final Reactor reactorB = new Reactor(1, clock, new BufferPool(1024, 2));
    private final QueueInbox inboxA = new QueueInbox(reactorA);
    private final QueueInbox inboxB = new QueueInbox(reactorB);
    /** Every wait's end, in the order the reactors' drains told them: "name:granted s1" or "name:requeued". */
    private final List<String> told = new ArrayList<>();

    private Backend backend(final boolean redispatch, final int... maxconns) {
        final Backend b = new Backend(new ProxyConfig("be", ProxyKind.BACKEND, Mode.TCP, List.of(), 0, Timeouts.NONE,
            null, BalanceAlgorithm.ROUNDROBIN, 3, redispatch ? new Redispatch(true, 1) : Redispatch.OFF, false,
            false, List.of(), HttpOptions.DEFAULT, WHERE));
        for (int i = 0; i < maxconns.length; i++) {
            addServer(b, "s" + (i + 1), maxconns[i], 0);
        }
        return b;
    }

    private static Server addServer(final Backend b, final String name, final int maxconn, final int maxqueue) {
        final int id = b.servers().size();
        final ServerConfig config = new ServerConfig(name, "127.0.0.1", 8000 + id, 1, maxconn, false, false,
            PoolOptions.DEFAULT, CheckOptions.DEFAULT, ServerReactions.DEFAULT, WHERE, AgentCheckOptions.DEFAULT, 0,
            maxqueue);
        final Server s = new Server(b, id, config, InetSocketAddress.createUnresolved("127.0.0.1", 8000 + id));
        b.addServer(s);
        return s;
    }

    /** A waiter that records its end and, like a stream, holds the granted slot until {@link #done()}. */
    private final class Waiter implements QueueWaiter {
        final String name;
        final QueueEntry entry;
        Server holding;

        Waiter(final String name, final QueueInbox inbox) {
            this.name = name;
            this.entry = new QueueEntry(inbox, this);
        }

        @Override
        public void onQueueGranted(final Server server) {
            holding = server;
            told.add(name + ":granted " + server.name());
        }

        @Override
        public void onQueueRequeued() {
            told.add(name + ":requeued");
        }

        /** The stream ends: its slot goes back (and on to the next waiter). */
        void done() {
            final Server s = holding;
            holding = null;
            s.release();
        }
    }

    private int enqueue(final Backend b, final Waiter w, final Server target, final int priorityClass,
                        final long offsetMs) {
        return b.queues().enqueue(w.entry, target, clock.nanoTime() / 1_000_000L, priorityClass, offsetMs);
    }

    private void turns() {
        reactorA.runOnce(false);
        reactorB.runOnce(false);
    }

    @Test
    void oldestWaiterIsServedFirstWhicheverReactorItLivesOn() {
        final Backend b = backend(false, 1);
        final Server s1 = b.servers().get(0);
        assertTrue(s1.tryAcquire(), "the one slot is taken");
        final Waiter a1 = new Waiter("a1", inboxA);
        final Waiter b1 = new Waiter("b1", inboxB);
        final Waiter a2 = new Waiter("a2", inboxA);
        clock.update(1_000_000_000L);
        assertEquals(BackendQueues.QUEUED, enqueue(b, a1, null, 0, 0));
        clock.advance(1_000_000L);
        assertEquals(BackendQueues.QUEUED, enqueue(b, b1, null, 0, 0));
        clock.advance(1_000_000L);
        assertEquals(BackendQueues.QUEUED, enqueue(b, a2, null, 0, 0));
        assertEquals(3, b.queues().queue().size());
        assertEquals(3, b.queues().queue().peak());

        s1.release(); // the slot passes straight to a1, on reactor A
        assertEquals(1, s1.currConns(), "the slot is never free between the leaving stream and the waiter");
        assertTrue(told.isEmpty(), "nothing runs before the owner's drain");
        turns();
        assertEquals(List.of("a1:granted s1"), told);

        a1.done(); // next in line lives on reactor B
        turns();
        assertEquals(List.of("a1:granted s1", "b1:granted s1"), told);
        b1.done();
        turns();
        a2.done();
        turns();
        assertEquals(List.of("a1:granted s1", "b1:granted s1", "a2:granted s1"), told);
        // HAProxy's backend_queue log position: entries served while it waited, plus itself
        assertEquals(List.of(1L, 2L, 3L), List.of(a1.entry.servedWhileWaiting(), b1.entry.servedWhileWaiting(),
            a2.entry.servedWhileWaiting()));
        assertEquals(0, s1.currConns());
        assertEquals(0, b.queues().totalWaiting());
        assertEquals(3, b.queues().queue().dequeued());
        assertTrue(inboxA.isEmpty() && inboxB.isEmpty());
    }

    @Test
    void priorityClassThenOffsetThenArrival() {
        final Backend b = backend(false, 1);
        final Server s1 = b.servers().get(0);
        s1.tryAcquire();
        clock.update(5_000_000_000L);
        final Waiter plain = new Waiter("plain", inboxA);
        final Waiter late = new Waiter("late", inboxA);
        final Waiter urgent = new Waiter("urgent", inboxB);
        final Waiter ahead = new Waiter("ahead", inboxB);
        enqueue(b, plain, null, 0, 0);
        clock.advance(10_000_000L);
        enqueue(b, late, null, 0, 0);
        clock.advance(10_000_000L);
        enqueue(b, ahead, null, 0, -1_000); // set-priority-offset -1s: as if it came a second earlier
        clock.advance(10_000_000L);
        enqueue(b, urgent, null, -1, 0); // set-priority-class -1: before every class 0
        s1.release();
        turns();
        for (final Waiter next : List.of(urgent, ahead, plain)) {
            next.done(); // each served stream ends, and its slot goes to the next in line
            turns();
        }
        final List<String> order = new ArrayList<>();
        for (final String t : told) {
            order.add(t.substring(0, t.indexOf(':')));
        }
        assertEquals(List.of("urgent", "ahead", "plain", "late"), order);
    }

    @Test
    void aFreeSlotIsTakenByTheEnqueuerItselfThroughItsInbox() {
        final Backend b = backend(false, 1);
        final Server s1 = b.servers().get(0);
        final Waiter a1 = new Waiter("a1", inboxA);
        // the releaser's decrement happened just before: the enqueue must not miss the free slot
        assertEquals(BackendQueues.QUEUED, enqueue(b, a1, null, 0, 0));
        assertEquals(1, s1.currConns(), "granted under the lock at enqueue");
        assertTrue(told.isEmpty(), "told in a drain, never inline");
        turns();
        assertEquals(List.of("a1:granted s1"), told);
    }

    @Test
    void cancelledWaiterIsSkippedAndHoldsNothing() {
        final Backend b = backend(false, 1);
        final Server s1 = b.servers().get(0);
        s1.tryAcquire();
        final Waiter a1 = new Waiter("a1", inboxA);
        final Waiter b1 = new Waiter("b1", inboxB);
        enqueue(b, a1, null, 0, 0);
        enqueue(b, b1, null, 0, 0);
        assertEquals(QueueEntry.QUEUED, b.queues().cancel(a1.entry), "a client gone while it waits");
        assertEquals(QueueEntry.IDLE, a1.entry.state());
        s1.release();
        turns();
        assertEquals(List.of("b1:granted s1"), told);
        b1.done();
        assertEquals(0, s1.currConns());
        assertEquals(0, b.queues().totalWaiting());
    }

    @Test
    void aGrantInFlightWhenTheWaiterLeavesIsPassedOn() {
        final Backend b = backend(false, 1);
        final Server s1 = b.servers().get(0);
        s1.tryAcquire();
        final Waiter a1 = new Waiter("a1", inboxA);
        final Waiter b1 = new Waiter("b1", inboxB);
        enqueue(b, a1, null, 0, 0);
        enqueue(b, b1, null, 0, 0);
        s1.release(); // granted to a1, on its way through A's inbox
        assertEquals(QueueEntry.GRANTED, b.queues().cancel(a1.entry), "the abort finds the grant");
        final Server granted = a1.entry.markStale(); // the abort consumes the grant: the slot is its to give back
        assertSame(s1, granted);
        granted.release(); // the aborting stream gives back only what it was given
        turns();
        assertEquals(List.of("b1:granted s1"), told, "a1 is not told; b1 gets the slot");
        assertEquals(QueueEntry.IDLE, a1.entry.state(), "the drain made the stale entry reusable");
        assertEquals(1, s1.currConns());
    }

    @Test
    void maxqueueRefusesTheNextWaiterOfThatServer() {
        final Backend b = backend(false);
        final Server s1 = addServer(b, "s1", 1, 2);
        s1.tryAcquire();
        assertEquals(BackendQueues.QUEUED, enqueue(b, new Waiter("w1", inboxA), s1, 0, 0));
        assertEquals(BackendQueues.QUEUED, enqueue(b, new Waiter("w2", inboxB), s1, 0, 0));
        final Waiter w3 = new Waiter("w3", inboxA);
        assertEquals(BackendQueues.QUEUE_FULL, enqueue(b, w3, s1, 0, 0));
        assertEquals(QueueEntry.IDLE, w3.entry.state(), "nothing linked");
        assertEquals(2, s1.queue().size());
        assertEquals(2, b.queues().totalWaiting());
        assertFalse(s1.tryAcquire(), "a newcomer never overtakes the server's waiters");
    }

    @Test
    void serversOwnQueueWinsATieWithTheBackendQueue() {
        final Backend b = backend(false, 1);
        final Server s1 = b.servers().get(0);
        s1.tryAcquire();
        clock.update(7_000_000_000L);
        final Waiter own = new Waiter("own", inboxA);
        final Waiter shared = new Waiter("shared", inboxB);
        enqueue(b, shared, null, 0, 0);
        enqueue(b, own, s1, 0, 0); // same millisecond
        s1.release();
        turns();
        assertEquals(List.of("own:granted s1"), told);
    }

    @Test
    void aServerGoingIntoMaintenanceSendsItsWaitersBackToTheBalancer() {
        final Backend b = backend(false);
        final Server s1 = addServer(b, "s1", 1, 0);
        final Server s2 = addServer(b, "s2", 1, 0);
        s1.tryAcquire();
        s2.tryAcquire();
        final Waiter w1 = new Waiter("w1", inboxA);
        final Waiter w2 = new Waiter("w2", inboxB);
        enqueue(b, w1, s1, 0, 0);
        enqueue(b, w2, s1, 0, 0);
        s1.disabled(true); // forced maintenance flushes even without option redispatch (docs/queues.md Q15)
        assertEquals(2, s1.lastQueueMoves(), "the state-change line's requeued count");
        turns();
        assertEquals(List.of("w1:requeued", "w2:requeued"), told);
        assertEquals(1, w1.entry.servedWhileWaiting(), "a requeue counts its own leaving too, as HAProxy");
        assertEquals(0, s1.queue().size());
    }

    @Test
    void withoutRedispatchADownServerKeepsItsWaitersUntilItsSlotFrees() {
        final Backend b = backend(false);
        final Server s1 = addServer(b, "s1", 1, 0);
        addServer(b, "s2", 0, 0);
        s1.tryAcquire();
        final Waiter w1 = new Waiter("w1", inboxA);
        enqueue(b, w1, s1, 0, 0);
        s1.forceHealth(false, false);
        assertEquals(0, s1.lastQueueMoves());
        turns();
        assertTrue(told.isEmpty(), "still waiting for s1");
        s1.release();
        turns();
        assertEquals(List.of("w1:granted s1"), told, "its own queue is served even while DOWN (Q7)");
    }

    @Test
    void whenTheLastServerGoesTheBackendQueueFailsAtOnce() {
        final Backend b = backend(true, 1);
        final Server s1 = b.servers().get(0);
        s1.tryAcquire();
        final Waiter w1 = new Waiter("w1", inboxB);
        enqueue(b, w1, null, 0, 0);
        s1.forceHealth(false, false);
        turns();
        assertEquals(List.of("w1:requeued"), told, "re-runs the balancer, which finds no server (Q15, Q16)");
        assertEquals(0, b.queues().totalWaiting());
    }

    @Test
    void aServerComingUpTakesWaitersOfTheBackendQueue() {
        final Backend b = backend(false);
        final Server s1 = addServer(b, "s1", 1, 0);
        final Server s2 = addServer(b, "s2", 2, 0);
        s2.forceHealth(false, false);
        s1.tryAcquire();
        final Waiter w1 = new Waiter("w1", inboxA);
        final Waiter w2 = new Waiter("w2", inboxB);
        final Waiter w3 = new Waiter("w3", inboxA);
        enqueue(b, w1, null, 0, 0);
        enqueue(b, w2, null, 0, 0);
        enqueue(b, w3, null, 0, 0);
        s2.forceHealth(true, false);
        assertEquals(2, s2.lastQueueMoves(), "the UP line's requeued: up to its maxconn");
        turns();
        assertEquals(List.of("w1:granted s2", "w2:granted s2"), told);
        assertEquals(1, b.queues().queue().size());
    }

    @Test
    void raisingMaxconnServesWaitersAtOnce() {
        final Backend b = backend(false, 1);
        final Server s1 = b.servers().get(0);
        s1.tryAcquire();
        enqueue(b, new Waiter("w1", inboxA), null, 0, 0);
        enqueue(b, new Waiter("w2", inboxB), null, 0, 0);
        s1.maxconn(3); // set maxconn server, or an agent's maxconn:3
        turns();
        assertEquals(List.of("w1:granted s1", "w2:granted s1"), told);
        assertEquals(3, s1.currConns());
    }
}
