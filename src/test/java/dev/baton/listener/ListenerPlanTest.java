package dev.baton.listener;

import dev.baton.config.BindConfig;
import dev.baton.config.BindOptions;
import dev.baton.config.SourceLocation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Listener ids and thread sets as HAProxy 2.6 works them out at start-up. */
class ListenerPlanTest {
    private static final SourceLocation AT = new SourceLocation("t.cfg", 1);

    private static BindConfig bind(final int id, final long threads) {
        return new BindConfig("127.0.0.1", 80, AT, null, id, 0, BindConfig.Family.INET, null, -1,
            new BindOptions(0, threads, false, false, null, 0, false, false, 0, 0, -1, -1));
    }

    @Test
    void idsSkipThoseTakenExplicitly() {
        assertArrayEquals(new int[] {1, 2, 3}, ListenerPlan.listenerIds(List.of(bind(0, 0), bind(0, 0), bind(0, 0))));
        // HAProxy 2.6's numbering, read from its show stat: the cursor steps past every address, numbered or not
        assertArrayEquals(new int[] {2, 3, 4, 5},
            ListenerPlan.listenerIds(List.of(bind(2, 0), bind(0, 0), bind(0, 0), bind(5, 0))));
        assertArrayEquals(new int[] {1, 7, 2, 4, 5},
            ListenerPlan.listenerIds(List.of(bind(0, 0), bind(7, 0), bind(2, 0), bind(0, 0), bind(0, 0))));
    }

    @Test
    void threadSetsKeepExistingThreadsAndFoldTheRest() {
        assertEquals(0b11, ListenerPlan.threads(bind(0, 0), 2, "fe"), "no set: every reactor");
        assertEquals(0b10, ListenerPlan.threads(bind(0, 0b110), 2, "fe"), "thread 2-3 of 2: thread 2");
        assertEquals(0b01, ListenerPlan.threads(bind(0, 0b100), 2, "fe"), "thread 3 of 2: folded onto thread 1");
        assertEquals(0b11, ListenerPlan.threads(bind(0, -1L), 2, "fe"), "all");
    }
}
