package dev.baton.pool;

import dev.baton.backend.Server;
import dev.baton.config.IdlePoolTuning;
import dev.baton.config.PoolOptions;
import dev.baton.io.EndpointHandler;
import dev.baton.io.FdBudget;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Taking over idle connections between four reactors that are not started: the test thread acts as each
 * reactor in turn (a call on {@code rig.pools[r]} or {@code rig.turn(r)} is "reactor r does this"), over real
 * loopback connections. DESIGN.md §3 and the HAProxy reference §2, §9 and §10 say why each case matters.
 */
class TakeoverTest {
    private static final int REACTORS = 4;
    /** Far from any FD band. */
    private static final int PLENTY = 100_000;
    /** With 100 sockets, the low band is 20 and the high band 25. */
    private static final int FEW = 100;

    private final CachedNanoClock clock = new CachedNanoClock();
    private PoolRig rig;
    private Server server;

    private PoolRig rig(final PoolOptions options, final FdBudget fds) throws IOException {
        clock.update(1_000_000_000L);
        rig = new PoolRig(REACTORS, 1, options, fds, IdlePoolTuning.DEFAULT, clock);
        server = rig.servers[0];
        return rig;
    }

    private PoolRig rig() throws IOException {
        return rig(PoolOptions.DEFAULT, new FdBudget(PLENTY));
    }

    @AfterEach
    void closeRig() throws Exception {
        if (rig != null) {
            rig.close();
            assertEquals(0, rig.fds.open(), "every socket closed exactly once");
        }
    }

    /**
     * Opens one connection per entry of {@code reactors} (reactor ids), then parks them all with
     * {@code served}: all in use at once first, so that the keep rule takes them all.
     */
    private List<ServerConnection> parked(final int served, final int... reactors) {
        final List<ServerConnection> out = new ArrayList<>();
        for (final int r : reactors) {
            out.add(rig.open(r, 0));
        }
        for (final ServerConnection c : out) {
            rig.park(c, served);
        }
        return out;
    }

    private ServerPool pool() {
        return rig.pool(0);
    }

    // ------------------------------------------------------------------ own lists, gate

    @Test
    void ownListsComeFirstIdleBeforeSafeNewestFirst() throws IOException {
        rig();
        // All opened before any is parked: the keep rule allows as many idle as were in use at once.
        final ServerConnection sibling = rig.open(1, 0);
        final ServerConnection older = rig.open(0, 0);
        final ServerConnection newer = rig.open(0, 0);
        final ServerConnection safe = rig.open(0, 0);
        rig.park(sibling, 1);
        rig.park(older, 1);
        rig.park(newer, 1);
        rig.park(safe, 2);
        final ReactorPool own = rig.pools[0];

        assertSame(newer, own.takeIdle(server, false));
        assertSame(older, own.takeIdle(server, false));
        assertSame(safe, own.takeIdle(server, false));
        assertEquals(0, own.reactor().stats().fdTakeovers.get());
        assertEquals(3, own.stats().reused.get());

        assertSame(sibling, own.takeIdle(server, false), "own lists empty: taken over");
        assertEquals(1, own.reactor().stats().fdTakeovers.get());
        assertSame(own, sibling.owner());
        assertEquals(0, pool().currIdleConns());
        assertEquals(4, pool().currUsedConns());
    }

    @Test
    void safeOnlyTakesProvenConnectionsOnly() throws IOException {
        rig();
        final ServerConnection idle = parked(1, 0).get(0);
        final ServerConnection safe = parked(2, 0).get(0);
        parked(1, 1);
        final ReactorPool own = rig.pools[0];

        assertSame(safe, own.takeIdle(server, true));
        assertNull(own.takeIdle(server, true), "neither its own idle one nor the sibling's is proven");
        assertEquals(0, own.reactor().stats().fdTakeovers.get());
        assertSame(idle, own.takeIdle(server, false));
        assertEquals(1, pool().currIdleNb());
        assertEquals(0, pool().currSafeNb());
    }

    @Test
    void poolLowConnKeepsStealingOffUntilFdsRunLow() throws IOException {
        final FdBudget fds = new FdBudget(FEW);
        rig(PoolOptions.DEFAULT.withPoolLowConn(3), fds);
        parked(1, 1, 1);
        final ReactorPool own = rig.pools[0];

        assertNull(own.takeIdle(server, false), "2 idle < pool-low-conn 3: better open a new one");
        assertEquals(0, own.reactor().stats().fdTakeovers.get());
        assertEquals(2, pool().currIdleConns());

        final int extra = fds.band(IdlePoolTuning.DEFAULT.lowFdRatio()) - fds.open();
        for (int i = 0; i < extra; i++) {
            fds.opened(); // other sockets: the process reaches the low band
        }
        try {
            assertNotNull(own.takeIdle(server, false), "FDs low: stealing beats opening");
            assertEquals(1, own.reactor().stats().fdTakeovers.get());
        } finally {
            for (int i = 0; i < extra; i++) {
                fds.closed();
            }
        }
    }

    @Test
    void poolLowConnAllowsStealingOnceEnoughAreIdle() throws IOException {
        rig(PoolOptions.DEFAULT.withPoolLowConn(3), new FdBudget(FEW));
        parked(1, 1, 2, 3);
        assertNotNull(rig.pools[0].takeIdle(server, false));
        assertEquals(1, rig.pools[0].reactor().stats().fdTakeovers.get());
    }

    // ------------------------------------------------------------------ the walk

    @Test
    void rotationSpreadsStealsOverTheSiblings() throws IOException {
        rig();
        final Map<ServerConnection, Integer> parkedOn = new HashMap<>();
        final int[] victims = {1, 1, 2, 2, 3, 3};
        final List<ServerConnection> initial = parked(1, victims);
        for (int i = 0; i < victims.length; i++) {
            parkedOn.put(initial.get(i), victims[i]);
        }
        final int steals = 1200;
        final int[] given = new int[REACTORS];
        final ReactorPool thief = rig.pools[0];
        for (int k = 0; k < steals; k++) {
            final ServerConnection c = thief.takeIdle(server, false);
            assertNotNull(c, "steal " + k);
            final int victim = parkedOn.remove(c);
            given[victim]++;
            thief.closeUsed(c, true);
            final ServerConnection fresh = rig.open(victim, 0);
            rig.park(fresh, 1);
            parkedOn.put(fresh, victim);
            rig.turnAll(); // the selectors let go of the closed channels
        }
        final int[] counts = Arrays.copyOfRange(given, 1, REACTORS);
        final int min = Arrays.stream(counts).min().orElseThrow();
        final int max = Arrays.stream(counts).max().orElseThrow();
        assertTrue(max <= 2 * min, "steals per victim " + Arrays.toString(counts));
        assertEquals(steals, thief.reactor().stats().fdTakeovers.get());
    }

    @Test
    void siblingWhoseLockIsBusyIsSkippedAndCounted() throws Exception {
        rig();
        final List<ServerConnection> cs = parked(1, 1, 2);
        pool().nextTakeover.set(1);
        final CountDownLatch locked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Thread holder = new Thread(() -> {
            rig.pools[1].idleConnsLock.lock();
            try {
                locked.countDown();
                release.await(10, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                rig.pools[1].idleConnsLock.unlock();
            }
        });
        holder.start();
        try {
            assertTrue(locked.await(5, TimeUnit.SECONDS));
            assertSame(cs.get(1), rig.pools[0].takeIdle(server, false), "reactor 1 busy: reactor 2 gives");
            assertEquals(1, rig.pools[0].stats().takeoverLockBusy.get());
            assertEquals(1, pool().currIdleOn(1));
            assertEquals(3, pool().nextTakeover.get(), "the next walk starts after the victim");
        } finally {
            release.countDown();
            holder.join(5_000);
        }
    }

    @Test
    void stealChargesTheVictimsCounters() throws IOException {
        rig();
        parked(1, 2, 2);
        final ServerConnection safe = parked(2, 3).get(0);
        pool().nextTakeover.set(2);

        assertNotNull(rig.pools[0].takeIdle(server, false));
        assertEquals(0, pool().currIdleOn(0));
        assertEquals(1, pool().currIdleOn(2));
        assertEquals(1, pool().currIdleOn(3));
        assertEquals(2, pool().currIdleConns());
        assertEquals(1, pool().currIdleNb());
        assertEquals(1, pool().currSafeNb());
        assertEquals(1, pool().currUsedConns());

        assertSame(safe, rig.pools[0].takeIdle(server, false), "the walk goes on at reactor 3");
        assertEquals(0, pool().currIdleOn(3));
        assertEquals(0, pool().currSafeNb());
        assertEquals(1, pool().currIdleOn(2));
        assertEquals(2, pool().currUsedConns());
    }

    // ------------------------------------------------------------------ running flag, stale events

    @Test
    void connectionWhoseRunningFlagIsHeldIsNotTaken() throws IOException {
        rig();
        final ServerConnection c = parked(1, 1).get(0);
        c.running.set(1); // reactor 1 is inside an event for it
        assertNull(rig.pools[0].takeIdle(server, false));
        assertEquals(1, rig.pools[0].reactor().stats().takeoverFailures.get());
        assertSame(rig.pools[1], c.owner());
        assertEquals(1, pool().currIdleOn(1));

        c.running.set(0);
        assertSame(c, rig.pools[0].takeIdle(server, false));
    }

    /**
     * The interleaving for real: reactor 1's thread selected the idle connection (it won {@code running})
     * and waits for its own lock, which the thief holds; the thief must pass the connection by.
     */
    @Test
    void connectionWhoseOwnerIsInsideAnEventForItIsNotTaken() throws Exception {
        rig();
        final ServerConnection c = parked(1, 1).get(0);
        final ReactorPool victim = rig.pools[1];
        rig.backends.poke(c.endpoint().channel()); // unasked-for bytes: reactor 1 will close it
        final Thread owner = new Thread(() -> {
            for (int i = 0; i < 1_000 && victim.stats().closedByServer.get() == 0; i++) {
                rig.turn(1);
            }
        });
        victim.idleConnsLock.lock();
        try {
            owner.start();
            await("reactor 1 inside the event").atMost(Duration.ofSeconds(5))
                .until(() -> victim.idleConnsLock.hasQueuedThread(owner));
            assertEquals(1, c.running.get());
            assertNull(rig.pools[0].takeIdle(server, false));
            assertEquals(1, rig.pools[0].reactor().stats().takeoverFailures.get());
            assertSame(victim, c.owner());
        } finally {
            victim.idleConnsLock.unlock();
        }
        owner.join(5_000);
        assertEquals(1, victim.stats().closedByServer.get());
        assertTrue(c.isClosed());
        assertEquals(0, pool().currIdleConns());
        assertEquals(0, pool().currIdleOn(1));
    }

    /** Records the ready operations of each call: the handler a stream would set on a connection in use. */
    private static final class Recorder implements EndpointHandler {
        final List<Integer> calls = new ArrayList<>();

        @Override
        public void onReady(final dev.baton.io.Endpoint endpoint, final int readyOps) {
            calls.add(readyOps);
        }
    }

    @Test
    void afterATakeoverTheOldSelectorDropsItsEventsAndTheNewOwnerGetsThem() throws IOException {
        rig();
        final ServerConnection c = parked(1, 1).get(0);
        final SelectionKey oldKey = c.endpoint().channel().keyFor(rig.reactors[1].selector());
        rig.backends.poke(c.endpoint().channel()); // readable on the old selector

        assertSame(c, rig.pools[0].takeIdle(server, false));
        final Recorder handler = new Recorder();
        c.handler(handler);

        // Reactor 1 selected the key before the takeover and dispatches it after.
        c.onSelected(oldKey, SelectionKey.OP_READ);
        rig.turn(1);
        assertEquals(List.of(), handler.calls);
        assertFalse(c.isClosed());
        assertEquals(0, rig.pools[1].stats().closedByServer.get());

        rig.turn(0);
        assertEquals(List.of(SelectionKey.OP_READ), handler.calls);
    }

    // ------------------------------------------------------------------ back and forth

    @Test
    void stolenBackAndForthWithoutTheFirstOwnerSelecting() throws IOException {
        rig();
        final ServerConnection c = parked(1, 0).get(0);
        assertSame(c, rig.pools[1].takeIdle(server, false));
        rig.park(c, 2); // reactor 1 used it; reactor 0 still holds the cancelled key

        assertSame(c, rig.pools[0].takeIdle(server, false), "taken back without reactor 0 selecting");
        assertSame(rig.pools[0], c.owner());
        assertTrue(c.endpoint().channel().keyFor(rig.reactors[0].selector()).isValid());
        final Recorder handler = new Recorder();
        c.handler(handler);
        rig.backends.poke(c.endpoint().channel());
        rig.turn(1);
        assertEquals(List.of(), handler.calls);
        rig.turn(0);
        assertEquals(List.of(SelectionKey.OP_READ), handler.calls);
        assertEquals(1, rig.pools[0].reactor().stats().fdTakeovers.get());
        assertEquals(1, rig.pools[1].reactor().stats().fdTakeovers.get());
    }

    /**
     * The same, but reactor 1 takes the connection over while reactor 0 dispatches its events, and reactor 0
     * wants it back from inside an event (a request arrived), as a stream asks: NIO allows no selection inside
     * a selection, so the cancelled key cannot be flushed yet. The steal must leave the connection where it
     * is, usable, and succeed once reactor 0 has selected again.
     */
    @Test
    void stealingBackFromInsideAnEventWaitsForTheNextSelection() throws IOException {
        rig();
        final ServerConnection c = parked(1, 0).get(0);
        final ServerConnection client = rig.open(0, 0); // stands for the stream's event source

        final List<ServerConnection> got = new ArrayList<>();
        client.handler((endpoint, ops) -> {
            if (got.isEmpty()) {
                // Meanwhile, on reactor 1: it takes c over (cancelling reactor 0's key) and parks it again.
                assertSame(c, rig.pools[1].takeIdle(server, false));
                rig.park(c, 2);
            }
            got.add(rig.pools[0].takeIdle(server, false));
        });
        rig.backends.poke(client.endpoint().channel());
        rig.turn(0);
        assertEquals(Arrays.asList((ServerConnection) null), got, "not yet: reactor 0 is selecting");
        assertSame(rig.pools[1], c.owner());
        assertEquals(1, pool().currIdleOn(1));
        assertTrue(c.endpoint().channel().keyFor(rig.reactors[1].selector()).isValid());

        rig.turn(0); // still readable: the handler runs again, after the selection flushed the old key
        assertEquals(2, got.size());
        assertSame(c, got.get(1));
        assertSame(rig.pools[0], c.owner());
        assertEquals(0, pool().currIdleConns());
    }

    // ------------------------------------------------------------------ FD pressure

    @Test
    void fdPressureClosesOwnOldestElseHandsASiblingsOldestToItsOwner() throws IOException {
        final FdBudget fds = new FdBudget(FEW);
        rig(PoolOptions.DEFAULT, fds);
        final List<ServerConnection> own = parked(1, 0, 0);
        final ServerConnection sibling = parked(1, 2).get(0);
        // Above the high band even after the three kills.
        final int extra = fds.band(IdlePoolTuning.DEFAULT.highFdRatio()) + 4 - fds.open();
        for (int i = 0; i < extra; i++) {
            fds.opened();
        }
        try {
            final ReactorPool p0 = rig.pools[0];
            p0.relieveFdPressure(server);
            assertTrue(own.get(0).isClosed(), "own oldest first");
            assertFalse(own.get(1).isClosed());
            p0.relieveFdPressure(server);
            assertTrue(own.get(1).isClosed());
            assertEquals(2, p0.reactor().stats().killsDone.get());

            p0.relieveFdPressure(server);
            assertEquals(1, p0.reactor().stats().killsRequested.get());
            assertFalse(sibling.isClosed(), "a sibling's channel is closed by its owner only");
            assertEquals(0, pool().currIdleOn(2));
            assertEquals(0, pool().currIdleConns());

            rig.backends.poke(sibling.endpoint().channel()); // an idle event before the kill: no relink
            rig.turn(2);
            assertTrue(sibling.isClosed());
            assertEquals(1, rig.pools[2].reactor().stats().killsDone.get());
            assertEquals(0, rig.pools[2].stats().closedByServer.get());
            assertEquals(0, pool().currIdleConns());
        } finally {
            for (int i = 0; i < extra; i++) {
                fds.closed();
            }
        }
    }
}
