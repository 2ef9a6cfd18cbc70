package dev.baton.backend.balance;

import dev.baton.backend.LoadBalancer;
import dev.baton.config.BalanceAlgorithm;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.baton.backend.balance.TestBackend.assertShares;
import static dev.baton.backend.balance.TestBackend.names;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StaticRoundRobinBalancerTest {
    private static TestBackend weighted(final int... weights) {
        return TestBackend.weighted(BalanceAlgorithm.STATIC_RR, weights);
    }

    @Test
    void sharesFollowWeights() {
        final TestBackend backend = weighted(1, 2, 3, 4);
        assertShares(backend.count(backend.balancer(11), 100_000), new int[] {1, 2, 3, 4}, 0.01);
    }

    @Test
    void followsTheSmoothSequenceOfTheConfiguredWeights() {
        assertEquals(List.of("a", "a", "b", "a", "c", "a", "a", "a", "a", "b"), names(weighted(5, 1, 1).balancer(0), 10));
        assertEquals(List.of("c", "a", "a", "a", "a"), names(weighted(5, 1, 1).balancer(4), 5));
    }

    @Test
    void runtimeWeightChangeIsIgnored() {
        final TestBackend backend = weighted(1, 2, 3, 4);
        final LoadBalancer balancer = backend.balancer(0);
        backend.server("a").weight(40);
        backend.server("d").weight(1);
        assertShares(backend.count(balancer, 10_000), new int[] {1, 2, 3, 4}, 0.01);
    }

    @Test
    void weightZeroDrainsAndDisabledIsSkipped() {
        final TestBackend backend = weighted(1, 2, 3, 4);
        final LoadBalancer balancer = backend.balancer(0);

        backend.server("d").weight(0);
        assertShares(backend.count(balancer, 6_000), new int[] {1, 2, 3, 0}, 0.01);

        backend.server("d").weight(4);
        backend.server("b").disabled(true);
        assertShares(backend.count(balancer, 8_000), new int[] {1, 0, 3, 4}, 0.01);
    }

    @Test
    void serverConfiguredWithWeightZeroNeverServes() {
        final TestBackend backend = weighted(0, 1);
        final LoadBalancer balancer = backend.balancer(0);
        backend.server("a").weight(5);
        assertShares(backend.count(balancer, 100), new int[] {0, 1}, 0);
    }
}
