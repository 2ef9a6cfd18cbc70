package dev.baton.backend.balance;

import dev.baton.backend.LoadBalancer;
import dev.baton.config.BalanceAlgorithm;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.baton.backend.balance.TestBackend.pickAndAcquire;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FirstBalancerTest {
    @Test
    void fillsServersInOrder() {
        final TestBackend backend = TestBackend.of(BalanceAlgorithm.FIRST).active("s1", 1, 2).active("s2", 1, 2)
                .active("s3", 1, 2);
        final LoadBalancer balancer = backend.balancer(0);
        assertEquals(List.of("s1", "s1", "s2", "s2", "s3", "s3", "-"), pickAndAcquire(balancer, 7));

        backend.server("s2").release();
        assertEquals(List.of("s2", "-"), pickAndAcquire(balancer, 2));
        backend.server("s1").release();
        backend.server("s3").release();
        assertEquals(List.of("s1", "s3"), pickAndAcquire(balancer, 2));
    }

    @Test
    void unlimitedServerTakesEverything() {
        final TestBackend backend = TestBackend.of(BalanceAlgorithm.FIRST).active("s1", 1, 0).active("s2", 1, 0);
        TestBackend.assertShares(backend.count(backend.balancer(0), 100), new int[] {1, 0}, 0);
    }

    @Test
    void skipsUnusableServersAndIgnoresWeights() {
        final TestBackend backend = TestBackend.of(BalanceAlgorithm.FIRST).active("s1", 1).active("s2", 1)
                .active("s3", 200);
        final LoadBalancer balancer = backend.balancer(0);
        backend.server("s1").disabled(true);
        assertEquals(List.of("s2", "s2"), TestBackend.names(balancer, 2));
        backend.server("s2").weight(0);
        assertEquals(List.of("s3"), TestBackend.names(balancer, 1));
    }
}
