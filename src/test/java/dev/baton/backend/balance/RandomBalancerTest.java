package dev.baton.backend.balance;

import dev.baton.config.BalanceAlgorithm;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomBalancerTest {
    @Test
    void sharesFollowWeightsWhenCountsAreEqual() {
        final TestBackend backend = TestBackend.weighted(BalanceAlgorithm.RANDOM, 1, 2, 3, 4);
        TestBackend.assertShares(backend.count(backend.balancer(42), 100_000), new int[] {1, 2, 3, 4}, 0.03);
    }

    @Test
    void loadedServerIsChosenLess() {
        final TestBackend backend = TestBackend.weighted(BalanceAlgorithm.RANDOM, 1, 1, 1, 1);
        for (int k = 0; k < 50; k++) {
            backend.server("a").tryAcquire();
        }
        final int picks = 100_000;
        final int[] counts = backend.count(backend.balancer(42), picks);
        // a wins only when drawn twice: 1/16 of the picks; the others share the rest evenly.
        assertTrue(Math.abs(counts[0] - picks / 16) < picks / 16 * 0.05, () -> "a: " + counts[0]);
        TestBackend.assertShares(new int[] {counts[1], counts[2], counts[3]}, new int[] {1, 1, 1}, 0.03);
    }

    @Test
    void loadIsComparedPerUnitOfWeight() {
        // a: 10 connections for weight 10 is lighter than b: 2 for weight 1, so b only wins when drawn twice.
        final TestBackend backend = TestBackend.of(BalanceAlgorithm.RANDOM).active("a", 10).active("b", 1);
        for (int k = 0; k < 10; k++) {
            backend.server("a").tryAcquire();
        }
        backend.server("b").tryAcquire();
        backend.server("b").tryAcquire();
        final int picks = 100_000;
        final int[] counts = backend.count(backend.balancer(5), picks);
        final double expectedB = picks / 121.0;
        assertTrue(Math.abs(counts[1] - expectedB) < expectedB * 0.15, () -> "b: " + counts[1]);
    }

    @Test
    void sameSeedSamePicks() {
        final TestBackend backend = TestBackend.of(BalanceAlgorithm.RANDOM).active("a", 1).active("b", 1)
                .active("c", 1);
        assertEquals(TestBackend.names(backend.balancer(3), 50), TestBackend.names(backend.balancer(3), 50));
        assertNotEquals(TestBackend.names(backend.balancer(3), 50), TestBackend.names(backend.balancer(4), 50));
    }
}
