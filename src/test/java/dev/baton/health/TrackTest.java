package dev.baton.health;

import dev.baton.backend.Backend;
import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.CheckOptions;
import dev.baton.config.ServerReactions;
import dev.baton.pool.ReactorPool;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code track}: a chain s3 -> s2 -> s1 follows s1's check-driven transitions (with HAProxy's "via" lines) and
 * its maintenance (inherited, shown "MAINT (via ...)"), which a tracker's own admin changes never end.
 */
class TrackTest {
    private final Backend backend = StateRig.backend("be", BalanceAlgorithm.ROUNDROBIN);
    private final Server s1 = StateRig.server(backend, "s1", 80, 1, false,
        new CheckOptions(true, 1000, 0, 0, 2, 3, 0, null), ServerReactions.DEFAULT);
    private final Server s2 = StateRig.server(backend, "s2", 81, 1, false, CheckOptions.DEFAULT,
        ServerReactions.DEFAULT.withTrack("s1"));
    private final Server s3 = StateRig.server(backend, "s3", 82, 1, false, CheckOptions.DEFAULT,
        ServerReactions.DEFAULT.withTrack("s2"));
    private final CheckTransitions transitions = new CheckTransitions(new ReactorPool[0]);

    TrackTest() {
        s2.track(s1);
        s3.track(s2);
    }

    private void check(final CheckStatus status) {
        final CheckReport r = new CheckReport(status, 0, status.passed() ? null : "Connection refused");
        final boolean was = s1.isRunning();
        s1.applyCheck(r, System.nanoTime());
        if (was && !s1.isRunning()) {
            transitions.serverDown(s1, r);
        } else if (!was && s1.isRunning()) {
            transitions.serverUp(s1, r);
        }
    }

    @Test
    void trackersFollowTheTrackedServersChecksDownTheChain() {
        assertTrue(s2.isRunning() && s3.isRunning(), "all start UP");
        check(CheckStatus.L4CON);
        assertFalse(s1.isRunning());
        assertFalse(s2.isRunning(), "s2 follows s1");
        assertFalse(s3.isRunning(), "s3 follows s2");
        assertEquals(1, s2.downTransitions());
        assertEquals("Server be/s2 is DOWN via be/s1. 0 active and 0 backup servers left. 0 sessions active, "
            + "0 requeued, 0 remaining in queue.", TrackMessages.down(s2));
        check(CheckStatus.L4OK);
        assertFalse(s2.isRunning(), "one pass of rise 2: s1, and so s2, still DOWN");
        check(CheckStatus.L4OK);
        assertTrue(s1.isRunning() && s2.isRunning() && s3.isRunning());
        assertEquals("Server be/s3 is UP via be/s2. 3 active and 0 backup servers online. 0 sessions requeued, "
            + "0 total in queue.", TrackMessages.up(s3));
    }

    @Test
    void maintenancePropagatesAsInheritedAndOnlyTheTrackedServerEndsIt() {
        s1.disabled(true);
        assertTrue(s2.isDisabled() && s2.state().inheritedMaintOnly(), "MAINT (via be/s1)");
        assertTrue(s3.isDisabled() && s3.state().inheritedMaintOnly(), "MAINT (via be/s2)");
        assertFalse(s2.isEligible());
        assertEquals(Server.AdminState.MAINT, s2.adminState());
        s2.adminState(Server.AdminState.READY);
        assertTrue(s2.isDisabled(), "set server state ready does not end an inherited maintenance");
        s2.disabled(true);
        assertFalse(s2.state().inheritedMaintOnly(), "forced as well now: plain MAINT");
        s1.disabled(false);
        assertFalse(s1.isDisabled());
        assertTrue(s2.isDisabled(), "s2's own maintenance stays");
        assertFalse(s2.state().inheritedMaintOnly());
        assertTrue(s3.isDisabled(), "s3 follows s2, still in maintenance");
        s2.disabled(false);
        assertFalse(s2.isDisabled());
        assertFalse(s3.isDisabled(), "the chain is out of maintenance");
        assertTrue(s3.isEligible());
    }

    @Test
    void aTrackerOfAServerInMaintenanceAtStartInheritsIt() {
        final Server m = StateRig.server(backend, "m", 83, 1, false,
            new CheckOptions(true, 1000, 0, 0, 2, 3, 0, null), ServerReactions.DEFAULT);
        m.disabled(true);
        final Server t = StateRig.server(backend, "t", 84, 1, false, CheckOptions.DEFAULT,
            ServerReactions.DEFAULT.withTrack("m"));
        t.track(m);
        assertTrue(t.state().inheritedMaintOnly());
        assertEquals(m, t.tracked());
        assertEquals(List.of(t), m.trackers());
    }
}
