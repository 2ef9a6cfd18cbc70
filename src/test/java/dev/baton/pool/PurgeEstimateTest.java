package dev.baton.pool;

import dev.baton.config.IdlePoolTuning;
import dev.baton.config.PoolOptions;
import dev.baton.io.FdBudget;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The need estimate is the server's, not a reactor's: however many reactors purge their lists in one
 * {@code pool-purge-delay} period, it decays once (HAProxy 2.2–3.4: one purge computation per server and period).
 */
class PurgeEstimateTest {
    private static final int REACTORS = 4;
    private static final long PERIOD_NS = PoolOptions.DEFAULT.poolPurgeDelayMs() * 1_000_000L;

    private final CachedNanoClock clock = new CachedNanoClock();
    private PoolRig rig;

    @BeforeEach
    void start() throws IOException {
        clock.update(1_000_000_000L);
        rig = new PoolRig(REACTORS, 1, PoolOptions.DEFAULT, new FdBudget(1000), IdlePoolTuning.DEFAULT, clock);
    }

    @AfterEach
    void close() throws IOException {
        rig.close();
    }

    @Test
    void everyReactorPurgingInOnePeriodDecaysTheEstimateOnce() {
        final ServerPool p = rig.pool(0);
        // A peak of 8 connections in use, 2 per reactor, then all 8 idle.
        final List<ServerConnection> used = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            used.add(rig.open(i % REACTORS, 0));
        }
        used.forEach(c -> rig.park(c, 1));
        assertEquals(8, p.estNeedConns());
        assertEquals(8, p.maxUsedConns());

        purgeAll(); // period 1: estimate (8 + 8) / 2 = 8, peak of the new period 0
        assertEquals(8, p.estNeedConns(), "the first purge of the period decays it, the three others leave it");
        assertEquals(0, p.maxUsedConns());
        assertEquals(8, p.currIdleConns(), "nothing exceeds the estimate yet");

        clock.update(clock.nanoTime() + PERIOD_NS);
        purgeAll(); // period 2: (8 + 0) / 2 = 4 once, not 8 → 4 → 2 → 1
        assertEquals(4, p.estNeedConns());
    }

    private void purgeAll() {
        for (int r = 0; r < REACTORS; r++) {
            rig.turn(r); // the reactor reads the clock
            rig.pools[r].purge(rig.pool(0), rig.pool(0).slice(r));
        }
    }
}
