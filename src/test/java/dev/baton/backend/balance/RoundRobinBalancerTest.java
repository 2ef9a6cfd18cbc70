package dev.baton.backend.balance;

import dev.baton.backend.LoadBalancer;
import dev.baton.config.BalanceAlgorithm;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.baton.backend.balance.TestBackend.assertShares;
import static dev.baton.backend.balance.TestBackend.names;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RoundRobinBalancerTest {
    private static TestBackend weighted(final int... weights) {
        return TestBackend.weighted(BalanceAlgorithm.ROUNDROBIN, weights);
    }

    @Test
    void sharesFollowWeights() {
        final TestBackend backend = weighted(1, 2, 3, 4);
        assertShares(backend.count(backend.balancer(7), 100_000), new int[] {1, 2, 3, 4}, 0.01);
    }

    @Test
    void interleavesSmoothly() {
        final LoadBalancer balancer = weighted(5, 1, 1).balancer(0);
        assertEquals(List.of("a", "a", "b", "a", "c", "a", "a", "a", "a", "b", "a", "c", "a", "a"),
                names(balancer, 14));
    }

    @Test
    void everyWindowOfOnePeriodHoldsEachWeightExactly() {
        final TestBackend backend = weighted(1, 2, 3, 4);
        final List<String> picks = names(backend.balancer(3), 200);
        for (int start = 0; start + 10 <= picks.size(); start++) {
            final List<String> window = picks.subList(start, start + 10);
            for (int i = 0; i < 4; i++) {
                final String name = String.valueOf((char) ('a' + i));
                assertEquals(i + 1, window.stream().filter(name::equals).count(), name + " in window at " + start);
            }
        }
    }

    @Test
    void seedRotatesTheStartingPoint() {
        assertEquals(List.of("b", "a", "c", "a", "a", "a", "a"), names(weighted(5, 1, 1).balancer(2), 7));
        assertEquals(List.of("a", "b", "a", "c", "a", "a", "a"), names(weighted(5, 1, 1).balancer(8), 7));
    }

    @Test
    void runtimeWeightChangeTakesEffect() {
        final TestBackend backend = weighted(1, 1);
        final LoadBalancer balancer = backend.balancer(0);
        assertShares(backend.count(balancer, 1_000), new int[] {1, 1}, 0.01);

        backend.server("a").weight(3);
        assertShares(backend.count(balancer, 4_000), new int[] {3, 1}, 0.01);

        backend.server("a").weight(0);
        assertShares(backend.count(balancer, 1_000), new int[] {0, 1}, 0);
    }

    @Test
    void disabledServerIsSkippedWithoutDisturbingTheOthers() {
        final TestBackend backend = weighted(1, 2, 3);
        final LoadBalancer balancer = backend.balancer(0);
        backend.count(balancer, 7);

        backend.server("c").disabled(true);
        assertShares(backend.count(balancer, 3_000), new int[] {1, 2, 0}, 0.01);

        backend.server("c").disabled(false);
        assertShares(backend.count(balancer, 6_000), new int[] {1, 2, 3}, 0.01);
    }
}
