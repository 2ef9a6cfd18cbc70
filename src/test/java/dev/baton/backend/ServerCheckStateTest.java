package dev.baton.backend;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HAProxy's check health counter in {@link ServerState#afterCheck}: rise 2, fall 3 (health in 0..4). */
class ServerCheckStateTest {
    private static final int RISE = 2;
    private static final int FALL = 3;

    private static ServerState step(final ServerState s, final boolean passed, final long nowNs) {
        return s.afterCheck(passed, RISE, FALL, nowNs);
    }

    @Test
    void startsUpWithHealthRiseSoThatOneFailureTakesItDown() {
        final ServerState start = ServerState.initial(0, RISE, 0);
        assertTrue(start.running());
        final ServerState down = step(start, false, 5);
        assertFalse(down.running(), "HAProxy 2.6: the first failed check of a fresh server takes it DOWN");
        assertEquals(0, down.health());
        assertEquals(5, down.sinceNs());
    }

    @Test
    void firstPassGoesToFullHealth() {
        final ServerState up = step(ServerState.initial(0, RISE, 0), true, 1);
        assertTrue(up.running());
        assertEquals(RISE + FALL - 1, up.health());
        assertEquals(0, up.sinceNs(), "no transition: still running");
    }

    @Test
    void fallFailuresInARowTakeAFullyUpServerDown() {
        ServerState s = step(ServerState.initial(0, RISE, 0), true, 0);
        s = step(s, false, 1);
        assertEquals(3, s.health());
        assertTrue(s.running());
        s = step(s, false, 2);
        assertEquals(2, s.health());
        assertTrue(s.running());
        s = step(s, true, 3);
        assertEquals(4, s.health(), "a pass in between restores full health");
        s = step(step(step(s, false, 4), false, 5), false, 6);
        assertFalse(s.running(), "three failures in a row");
        assertEquals(0, s.health());
        assertEquals(6, s.sinceNs());
    }

    @Test
    void riseSuccessesBringItBackUpAndFailuresWhileDownChangeNothing() {
        ServerState s = step(ServerState.initial(0, RISE, 0), false, 0);
        final ServerState again = step(s, false, 1);
        assertSame(s, again, "already at 0: no change");
        s = step(s, true, 2);
        assertFalse(s.running());
        assertEquals(1, s.health());
        s = step(s, false, 3);
        assertEquals(0, s.health(), "below rise: back to 0");
        s = step(step(s, true, 4), true, 5);
        assertTrue(s.running());
        assertEquals(4, s.health());
        assertEquals(5, s.sinceNs());
    }

    @Test
    void downtimeCountsWhileDownOnly() {
        ServerState s = step(ServerState.initial(0, RISE, 0), false, 1_000);
        assertEquals(500, s.downtimeNs(1_500));
        s = step(step(s, true, 2_000), true, 3_000);
        assertEquals(2_000, s.downtimeNs(10_000), "down from 1000 to 3000");
        assertEquals(2_000, s.withAdminFlags(ServerState.MAINT, 4_000).downtimeNs(4_000));
        assertEquals(2_500, s.withAdminFlags(ServerState.MAINT, 4_000).downtimeNs(4_500), "maintenance is down");
    }

    @Test
    void leavingMaintenanceStartsTheChecksOverUpWithHealthRise() {
        final ServerState down = step(ServerState.initial(ServerState.MAINT, RISE, 0), false, 1);
        assertFalse(down.running());
        final ServerState ready = down.withAdminFlags(0, 2, RISE);
        assertTrue(ready.running(), "HAProxy 2.6: UP/READY (leaving forced maintenance)");
        assertEquals(RISE, ready.health());
        assertFalse(step(ready, false, 3).running(), "the first failed check takes it DOWN again");
        final ServerState drained = down.withAdminFlags(ServerState.MAINT | ServerState.DRAIN, 2, RISE);
        assertFalse(drained.running(), "still in maintenance: unchanged");
        assertTrue(down.withAdminFlags(0, 2, 0).running(),
            "not checked: UP again (HAProxy 2.6: health down, disable, enable server -> UP/READY)");
    }

    @Test
    void riseOfOneAndFallOfOne() {
        ServerState s = ServerState.initial(0, 1, 0);
        s = s.afterCheck(false, 1, 1, 1);
        assertFalse(s.running());
        s = s.afterCheck(true, 1, 1, 2);
        assertTrue(s.running());
        assertEquals(1, s.health());
    }

    @Test
    void conditionalPassSoftStopsARunningServerUntilAPlainPassOrItGoesDown() {
        final ServerState up = step(ServerState.initial(0, RISE, 0), true, 0);
        final ServerState nolb = up.afterCheck(true, true, RISE, FALL, 10);
        assertTrue(nolb.running());
        assertTrue(nolb.stopping());
        assertEquals(4, nolb.health());
        assertEquals(10, nolb.sinceNs(), "a state change");
        assertSame(nolb, nolb.afterCheck(true, true, RISE, FALL, 11), "another 404: nothing changes");
        ServerState s = step(nolb, false, 12);
        assertTrue(s.stopping() && s.running(), "a failure keeps it stopping while it runs");
        assertFalse(step(s, true, 13).stopping(), "a plain pass brings it back");
        s = step(step(s, false, 14), false, 15);
        assertFalse(s.running());
        assertFalse(s.stopping(), "DOWN is not stopping");
        assertFalse(s.afterCheck(true, true, RISE, FALL, 16).stopping(), "only a running server soft-stops");
    }
}
