package dev.baton.health;

import dev.baton.backend.Backend;
import dev.baton.backend.LoadBalancer;
import dev.baton.backend.Server;
import dev.baton.backend.balance.LoadBalancers;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.CheckOptions;
import dev.baton.config.ServerReactions;
import dev.baton.reactor.ReactorTimers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code slowstart}'s ramp, HAProxy's server_recalc_eweight: the factor in sixteenths at several points of a
 * 10 s warm-up, the weight {@code show stat} shows for a weight of 100, the steps a hand-driven reactor's
 * timer makes, and a balancer sharing the traffic by the ramped weight.
 */
class SlowStartTest {
    private static final long S = 1_000_000_000L;
    private final StateRig rig;

    SlowStartTest() throws IOException {
        rig = new StateRig();
    }

    @AfterEach
    void tearDown() throws IOException {
        rig.close();
    }

    private static Server server(final Backend b, final String name, final int weight, final int slowstart) {
        return StateRig.server(b, name, 80, weight, false, CheckOptions.DEFAULT.withEnabled(true),
            ServerReactions.DEFAULT.withSlowstartSec(slowstart));
    }

    @Test
    void factorGrowsWithTheWholeSecondsFromOneSixteenthToFull() {
        assertEquals(1, SlowStart.factor(0, 10), "(16 * 0 + 10) / 10");
        assertEquals(1, SlowStart.factor(999_000_000L, 10), "whole seconds only");
        assertEquals(2, SlowStart.factor(S, 10), "(16 + 10) / 10");
        assertEquals(9, SlowStart.factor(5 * S, 10), "(80 + 10) / 10");
        assertEquals(15, SlowStart.factor(9 * S, 10), "(144 + 10) / 10");
        assertEquals(16, SlowStart.factor(10 * S, 10), "full at T");
        assertEquals(16, SlowStart.factor(60 * S, 10));
        assertEquals(1, SlowStart.factor(0, 1));
        assertEquals(16, SlowStart.factor(S, 1));
    }

    @Test
    void theReactorsTimerStepsTheRampEverySecondAndStatsShowIt() {
        final Server s = server(StateRig.backend("be", BalanceAlgorithm.ROUNDROBIN), "s1", 100, 10);
        final SlowStart ramp = new SlowStart(s, rig.reactor);
        assertEquals(100, s.shownWeight(), "no ramp at start-up");
        ramp.down();
        assertEquals(1, s.rampFactor(), "rests at the first step while DOWN");
        ramp.up(rig.clock.nanoTime());
        assertTrue(ramp.warming());
        assertEquals(7, s.shownWeight(), "100 * 1/16, rounded up");
        assertEquals(100, s.eweight(), "eweight 100 of 1600");
        advance(1);
        assertEquals(13, s.shownWeight(), "100 * 2/16");
        advance(4);
        assertEquals(57, s.shownWeight(), "5 s: 100 * 9/16");
        advance(4);
        assertEquals(94, s.shownWeight(), "9 s: 100 * 15/16");
        advance(1);
        assertEquals(100, s.shownWeight(), "10 s: full");
        assertFalse(ramp.warming(), "done: no more steps");
        ramp.down();
        ramp.up(rig.clock.nanoTime());
        assertEquals(7, s.shownWeight(), "a new UP starts over");
    }

    @Test
    void leavingMaintenanceWarmsUpAsComingBackUpDoes() {
        final Server s = server(StateRig.backend("be", BalanceAlgorithm.ROUNDROBIN), "s1", 100, 10);
        final SlowStart ramp = new SlowStart(s, rig.reactor);
        ramp.listen();
        s.disabled(true); // from this (test) thread, as the runtime API would
        rig.reactor.runOnce(false);
        assertEquals(1, s.rampFactor(), "rests while in maintenance");
        assertFalse(ramp.warming());
        s.disabled(false);
        assertEquals(1, s.rampFactor(), "eligible again at the first step, before the owner even looks");
        rig.reactor.runOnce(false);
        assertTrue(ramp.warming());
        advance(5);
        assertEquals(9, s.rampFactor(), "5 s of 10: 9/16");
    }

    @Test
    void staticAlgorithmsGiveTheFullWeightAtOnce() {
        final Server s = server(StateRig.backend("be", BalanceAlgorithm.STATIC_RR), "s1", 100, 10);
        final SlowStart ramp = new SlowStart(s, rig.reactor);
        ramp.down();
        ramp.up(rig.clock.nanoTime());
        assertEquals(100, s.shownWeight());
        assertFalse(ramp.warming());
        assertFalse(SlowStart.dynamic(BalanceAlgorithm.SOURCE));
        assertTrue(SlowStart.dynamic(BalanceAlgorithm.LEASTCONN));
    }

    @Test
    void aBalancerSharesTheTrafficByTheRampedWeight() {
        final Backend b = StateRig.backend("be", BalanceAlgorithm.ROUNDROBIN);
        final Server a = server(b, "a", 1, 0);
        final Server warm = server(b, "w", 1, 10);
        final LoadBalancer lb = LoadBalancers.create(b, BalanceAlgorithm.ROUNDROBIN, 0);
        final SlowStart ramp = new SlowStart(warm, rig.reactor);
        ramp.down();
        ramp.up(rig.clock.nanoTime());
        assertEquals(1, countPicks(lb, warm, 17), "1/16 against a's 16/16: once in 17");
        advance(5);
        assertEquals(90, countPicks(lb, warm, 250), 1, "9/16 against 16/16: 9 in 25");
        advance(5);
        assertEquals(100, countPicks(lb, warm, 200), 1, "full: half");
        assertEquals(1, a.weight());
    }

    private static int countPicks(final LoadBalancer lb, final Server s, final int picks) {
        int n = 0;
        for (int i = 0; i < picks; i++) {
            if (lb.pick(0, null) == s) {
                n++;
            }
        }
        return n;
    }

    private void advance(final int seconds) {
        for (int i = 0; i < seconds; i++) {
            rig.clock.advance(S + ReactorTimers.TICK_NS); // a timer fires in the first turn after its tick
            rig.reactor.runOnce(false);
        }
    }
}
