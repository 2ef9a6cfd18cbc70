package dev.baton.backend.balance;

import dev.baton.backend.LoadBalancer;
import dev.baton.backend.Server;
import dev.baton.config.BalanceAlgorithm;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SourceBalancerTest {
    private static final int CLIENTS = 10_000;

    private static TestBackend weighted() {
        return TestBackend.weighted(BalanceAlgorithm.SOURCE, 1, 2, 3, 4);
    }

    /** The server of each client hash 0..CLIENTS-1 (sequential hashes: the mix must spread them). */
    private static Server[] map(final LoadBalancer balancer) {
        return map(balancer, 0);
    }

    /** The server of each client i in 0..CLIENTS-1, whose hash is {@code i << shift}. */
    private static Server[] map(final LoadBalancer balancer, final int shift) {
        final Server[] servers = new Server[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            servers[i] = balancer.pick(i << shift, null);
        }
        return servers;
    }

    private static int[] counts(final Server[] mapping, final int serverCount) {
        final int[] counts = new int[serverCount];
        for (final Server server : mapping) {
            counts[server.id()]++;
        }
        return counts;
    }

    /** The first of the hashes 0..CLIENTS-1 that maps to {@code server}. */
    private static int firstHashOf(final LoadBalancer balancer, final Server server) {
        for (int hash = 0; hash < CLIENTS; hash++) {
            if (balancer.pick(hash, null) == server) {
                return hash;
            }
        }
        return fail("no hash maps to " + server);
    }

    @Test
    void sameHashSameServerInEveryInstance() {
        final TestBackend backend = weighted();
        final Server[] first = map(backend.balancer(1));
        final LoadBalancer other = backend.balancer(99);
        for (int round = 0; round < 5; round++) {
            final Server[] again = map(other);
            for (int hash = 0; hash < CLIENTS; hash++) {
                assertSame(first[hash], again[hash], "hash " + hash + " round " + round);
            }
        }
    }

    @Test
    void distinctClientsSpreadByWeight() {
        final TestBackend backend = weighted();
        TestBackend.assertShares(counts(map(backend.balancer(0)), 4), new int[] {1, 2, 3, 4}, 0.05);
    }

    @Test
    void disabledServerLosesItsClientsAndGetsThemBack() {
        final TestBackend backend = weighted();
        final LoadBalancer balancer = backend.balancer(0);
        final Server[] before = map(balancer);

        backend.server("c").disabled(true);
        final Server[] without = map(balancer);
        TestBackend.assertShares(counts(without, 4), new int[] {1, 2, 0, 4}, 0.05);
        for (int hash = 0; hash < CLIENTS; hash++) {
            assertSame(without[hash], balancer.pick(hash, null), "sticky without c, hash " + hash);
        }

        backend.server("c").disabled(false);
        final Server[] after = map(balancer);
        for (int hash = 0; hash < CLIENTS; hash++) {
            assertSame(before[hash], after[hash], "same state, same mapping, hash " + hash);
        }
    }

    @Test
    void weightChangeRemaps() {
        final TestBackend backend = weighted();
        final LoadBalancer balancer = backend.balancer(0);
        map(balancer);
        backend.server("a").weight(4);
        TestBackend.assertShares(counts(map(balancer), 4), new int[] {4, 2, 3, 4}, 0.05);
    }

    @Test
    void fullServerKeepsItsClientsWhoWaitInItsQueue() {
        final TestBackend backend = TestBackend.of(BalanceAlgorithm.SOURCE).active("a", 1, 1).active("b", 1)
                .active("c", 1);
        final LoadBalancer balancer = backend.balancer(0);
        final Server a = backend.server("a");
        final int hashOfA = firstHashOf(balancer, a);
        final Server b = backend.server("b");
        final int hashOfB = firstHashOf(balancer, b);

        a.tryAcquire();
        assertSame(a, balancer.pick(hashOfA, null), "a hash algorithm returns its server full or not (HAProxy)");
        assertTrue(balancer.bindsWhenFull(), "so the stream waits in that server's queue");
        assertSame(b, balancer.pick(hashOfB, null), "other clients stay put");
        a.release();
        assertSame(a, balancer.pick(hashOfA, null));
    }

    @Test
    void hashesDifferingOnlyInHighBitsSpreadToo() {
        // Unmixed, i << 16 mod 10 would only ever reach the even slots.
        TestBackend.assertShares(counts(map(weighted().balancer(0), 16), 4), new int[] {1, 2, 3, 4}, 0.05);
    }
}
