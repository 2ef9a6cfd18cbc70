package dev.baton.backend.balance;

import dev.baton.backend.LoadBalancer;
import dev.baton.backend.Server;
import dev.baton.config.BalanceAlgorithm;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static dev.baton.backend.balance.TestBackend.names;
import static dev.baton.backend.balance.TestBackend.pickAndAcquire;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LeastConnBalancerTest {
    @Test
    void loadedServerGetsNothingUntilTheOthersCatchUp() {
        final TestBackend backend = TestBackend.of(BalanceAlgorithm.LEASTCONN).active("a", 1).active("b", 1)
                .active("c", 1);
        final Server a = backend.server("a");
        for (int k = 0; k < 10; k++) {
            a.tryAcquire();
        }
        final LoadBalancer balancer = backend.balancer(0);

        final List<String> catchUp = pickAndAcquire(balancer, 20);
        assertEquals(0, Collections.frequency(catchUp, "a"), catchUp::toString);
        assertEquals(10, backend.server("b").currConns());
        assertEquals(10, backend.server("c").currConns());

        final List<String> balanced = pickAndAcquire(balancer, 30);
        for (final String name : List.of("a", "b", "c")) {
            assertEquals(10, Collections.frequency(balanced, name), name + " in " + balanced);
            assertEquals(20, backend.server(name).currConns(), name);
        }
    }

    @Test
    void releasedConnectionsDrawTheNextPicks() {
        final TestBackend backend = TestBackend.of(BalanceAlgorithm.LEASTCONN).active("a", 1).active("b", 1);
        final LoadBalancer balancer = backend.balancer(0);
        pickAndAcquire(balancer, 10);
        for (int k = 0; k < 3; k++) {
            backend.server("b").release();
        }
        assertEquals(List.of("b", "b", "b"), pickAndAcquire(balancer, 3));
    }

    @Test
    void equalServersTakeTurns() {
        final TestBackend backend = TestBackend.of(BalanceAlgorithm.LEASTCONN).active("a", 2).active("b", 2)
                .active("c", 2).active("d", 2);
        assertEquals(List.of("a", "b", "c", "d", "a", "b", "c", "d"), names(backend.balancer(0), 8));
        assertEquals(List.of("c", "d", "a", "b"), names(backend.balancer(6), 4));
        TestBackend.assertShares(backend.count(backend.balancer(0), 1_000), new int[] {1, 1, 1, 1}, 0);
    }

    @Test
    void theConnectionAboutToBeMadeCounts() {
        // (0 + 1) / 1 against (0 + 1) / 3: with nothing established the heavier server goes first, and a only
        // ties b once b holds 2 connections.
        final TestBackend backend = TestBackend.of(BalanceAlgorithm.LEASTCONN).active("a", 1).active("b", 3);
        assertEquals(List.of("b", "b", "a", "b", "b", "b", "a"), pickAndAcquire(backend.balancer(0), 7));
    }

    @Test
    void connectionsFollowWeights() {
        final TestBackend backend = TestBackend.of(BalanceAlgorithm.LEASTCONN).active("a", 1).active("b", 3);
        pickAndAcquire(backend.balancer(0), 400);
        assertEquals(100, backend.server("a").currConns());
        assertEquals(300, backend.server("b").currConns());
    }
}
