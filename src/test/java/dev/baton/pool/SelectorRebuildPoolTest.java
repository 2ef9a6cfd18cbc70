package dev.baton.pool;

import dev.baton.config.IdlePoolTuning;
import dev.baton.config.PoolOptions;
import dev.baton.io.BufferPool;
import dev.baton.reactor.FailingSelector;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pooled server connections on a reactor that rebuilds its selector (its selection kept failing): an idle one
 * keeps being watched on the new selector, one taken over later leaves no key behind on it, and one a sibling is
 * taking over during the rebuild is not registered again with the old owner. Two reactors, driven by hand; reactor
 * 0's first selector always fails.
 */
class SelectorRebuildPoolTest {
    private final CachedNanoClock clock = new CachedNanoClock();
    private final FailingSelector broken = new FailingSelector();
    private PoolRig rig;

    @BeforeEach
    void setUp() throws Exception {
        clock.update(1_000_000_000L);
        final AtomicBoolean brokenGiven = new AtomicBoolean();
        rig = new PoolRig(2, 1, PoolOptions.DEFAULT, new FdBudget(100_000), IdlePoolTuning.DEFAULT,
            r -> new Reactor(r, clock, new BufferPool(1024, 4),
                () -> r == 0 && brokenGiven.compareAndSet(false, true) ? broken : Selector.open()));
    }

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
        assertEquals(0, rig.fds.open(), "every socket closed exactly once");
    }

    /** Turns reactor 0 until it has replaced its broken selector. */
    private void rebuild() {
        for (int i = 0; i < Reactor.SELECT_FAILURES_BEFORE_REBUILD; i++) {
            rig.turn(0);
        }
        assertNotSame(broken, rig.reactors[0].selector(), "rebuilt");
        assertFalse(broken.isOpen());
    }

    private static SelectionKey keyOn(final ServerConnection c, final Reactor r) {
        return c.endpoint().channel().keyFor(r.selector());
    }

    @Test
    void anIdleConnectionIsStillWatchedAfterTheRebuild() {
        final ServerConnection c = rig.open(0, 0);
        rig.park(c, 1);
        rebuild();
        final SelectionKey key = keyOn(c, rig.reactors[0]);
        assertTrue(key != null && key.isValid(), "moved to the new selector");
        assertSame(c, key.attachment());

        rig.backends.closeServerSide(rig.backends.peerOf(c.endpoint().channel()));
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            rig.turn(0);
            return c.isClosed();
        });
        assertEquals(0, rig.pool(0).currIdleConns.get(), "closed by its owner on the new selector");
    }

    @Test
    void aConnectionTakenOverAfterTheRebuildLeavesNoKeyOnTheOldOwner() {
        final ServerConnection c = rig.open(0, 0);
        rig.park(c, 2);
        rebuild();

        final ServerConnection taken = rig.pools[1].takeIdle(rig.servers[0], false);

        assertSame(c, taken);
        final SelectionKey left = keyOn(c, rig.reactors[0]);
        assertTrue(left == null || !left.isValid(), "the key on reactor 0's new selector is cancelled by the thief");
        assertTrue(keyOn(c, rig.reactors[1]).isValid());
        rig.pools[1].discard(c);
    }

    @Test
    void aConnectionBeingTakenOverDuringTheRebuildIsNotRegisteredWithTheOldOwner() throws Exception {
        final ServerConnection c = rig.open(0, 0);
        rig.park(c, 2);
        // A sibling has unlinked it under reactor 0's lock and made itself the owner, but not yet moved the channel
        // to its own selector (it does that on its own thread, after the lock).
        rig.pools[0].idleConnsLock.lock();
        try {
            ReactorPool.unlinkLocked(c.pool(), c, 0);
            c.owner = rig.pools[1];
        } finally {
            rig.pools[0].idleConnsLock.unlock();
        }
        rebuild();

        final SelectionKey left = keyOn(c, rig.reactors[0]);
        assertTrue(left == null || !left.isValid(), "not registered again with a reactor that no longer owns it");
        c.moveTo(rig.pools[1]);
        assertTrue(keyOn(c, rig.reactors[1]).isValid());
        rig.pools[1].countNew(c);
        rig.pools[1].discard(c);
    }
}
