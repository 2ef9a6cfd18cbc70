package dev.baton.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test-side view of a server's idle pool: checks that its counters say what its lists hold. Reads each
 * reactor's lists under that reactor's {@code idleConnsLock}, as a sibling would; the counters themselves
 * are updated around the lock, so a check is exact only while no reactor is parking or taking a connection
 * of that server (tests call it at rest, or retry it with Awaitility).
 */
public final class PoolProbe {
    private PoolProbe() {
    }

    /**
     * Asserts, for the server of {@code p} over the reactors' {@code pools} (indexed by reactor id): no counter
     * is negative; each reactor's idle + safe list sizes equal its {@code currIdleThr}; their sums equal
     * {@code currIdleNb}, {@code currSafeNb} and {@code currIdleConns}; each linked connection is owned by that
     * reactor, accounted as the list it is in, open and not private.
     */
    public static void assertConsistent(final ServerPool p, final ReactorPool[] pools) {
        int idle = 0;
        int safe = 0;
        for (final ReactorPool pool : pools) {
            final int id = pool.reactor().id();
            final ServerPool.Slice s = p.slice(id);
            final int idleHere;
            final int safeHere;
            pool.idleConnsLock.lock();
            try {
                idleHere = checkList(s.idle, pool, ServerConnection.ACCOUNTED_IDLE);
                safeHere = checkList(s.safe, pool, ServerConnection.ACCOUNTED_SAFE);
            } finally {
                pool.idleConnsLock.unlock();
            }
            assertEquals(idleHere + safeHere, p.currIdleThr.get(id), "currIdleThr[" + id + "] against its lists");
            idle += idleHere;
            safe += safeHere;
        }
        assertEquals(idle, p.currIdleNb.get(), "currIdleNb against the idle lists");
        assertEquals(safe, p.currSafeNb.get(), "currSafeNb against the safe lists");
        assertEquals(idle + safe, p.currIdleConns.get(), "currIdleConns against all lists");
        assertTrue(p.currUsedConns.get() >= 0, "currUsedConns " + p.currUsedConns.get());
        assertTrue(p.maxUsedConns.get() >= 0, "maxUsedConns " + p.maxUsedConns.get());
        assertTrue(p.estNeedConns.get() >= 0, "estNeedConns " + p.estNeedConns.get());
        if (p.maxIdleConns >= 0) {
            assertTrue(idle + safe <= p.maxIdleConns, (idle + safe) + " idle, over pool-max-conn " + p.maxIdleConns);
        }
    }

    /** Walks one list under its owner's lock; returns its length after checking every element. */
    private static int checkList(final IdleList list, final ReactorPool owner, final int accounted) {
        int n = 0;
        ServerConnection prev = null;
        for (ServerConnection c = list.head(); c != null; c = c.next) {
            assertSame(list, c.list, "a linked connection names its list");
            assertSame(prev, c.prev, "back link");
            assertSame(owner, c.owner, "a linked connection is owned by the list's reactor");
            assertEquals(accounted, c.accounted, "accounted as the list it is in");
            assertTrue(!c.isClosed() && !c.isPrivate(), "a linked connection is open and shared: " + c);
            prev = c;
            n++;
        }
        assertSame(prev, list.tail(), "tail");
        assertEquals(n, list.size(), "list size field");
        return n;
    }
}
