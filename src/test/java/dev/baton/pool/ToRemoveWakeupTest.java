package dev.baton.pool;

import dev.baton.config.IdlePoolTuning;
import dev.baton.config.PoolOptions;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An idle connection a sibling hands to its owner's {@code toRemove} inbox under FD pressure (DESIGN.md §4) is
 * closed by the owner's next turns even when the owner's command inbox was full at the hand-over: the wake-up to
 * drain {@code toRemove} is a coalesced command, never refused. Two reactors, driven by hand.
 */
class ToRemoveWakeupTest {
    /** With 100 sockets, the high band is 25. */
    private static final int FEW = 100;

    private final CachedNanoClock clock = new CachedNanoClock();
    private final FdBudget fds = new FdBudget(FEW);
    private PoolRig rig;
    private int extra;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = 0; i < extra; i++) {
            fds.closed();
        }
        rig.close();
        assertEquals(0, fds.open(), "every socket closed exactly once");
    }

    @Test
    void aHandOverMeetingAFullCommandInboxIsStillClosedByItsOwner() throws Exception {
        clock.update(1_000_000_000L);
        rig = new PoolRig(2, 1, PoolOptions.DEFAULT, fds, IdlePoolTuning.DEFAULT, clock);
        final ServerConnection victim = rig.open(1, 0);
        rig.park(victim, 1);
        extra = fds.band(IdlePoolTuning.DEFAULT.highFdRatio()) + 1 - fds.open();
        for (int i = 0; i < extra; i++) {
            fds.opened();
        }
        int queued = 0;
        while (rig.reactors[1].execute(r -> { })) {
            queued++;
        }

        rig.pools[0].relieveFdPressure(rig.servers[0]);

        assertEquals(1, rig.reactors[0].stats().killsRequested.get(), "handed to reactor 1 to close");
        assertFalse(victim.isClosed(), "a sibling's channel is closed by its owner only");
        for (int i = 0; i <= queued / Reactor.COMMAND_DRAIN_LIMIT + 1 && !victim.isClosed(); i++) {
            rig.turn(1);
        }
        assertTrue(victim.isClosed(), "closed by its owner once its inbox drained");
        assertEquals(1, rig.reactors[1].stats().killsDone.get());
    }
}
