package dev.baton.backend.balance;

import dev.baton.backend.LoadBalancer;
import dev.baton.backend.Server;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.BalanceParams;
import dev.baton.config.HashFunction;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The map-based and consistent hash balancers against HAProxy's rules written out independently: a map of
 * {@code hash mod total weight} interleaved by weight, a ring whose points are {@code fullHash(id * 4096 + j)}
 * and whose key goes to the nearest point; what moves when a server goes down, comes back or changes weight;
 * {@code hash-balance-factor}; the round robin of key-less streams.
 */
class HashBalancerTest {
    private static final int KEYS = 20_000;
    private static final BalanceParams CONSISTENT = BalanceParams.DEFAULT.withHashType(true, HashFunction.SDBM, true);

    private static long key(final int hash) {
        return Integer.toUnsignedLong(hash);
    }

    /** The server of each of {@code KEYS} keys drawn from a fixed seed. */
    private static Server[] map(final LoadBalancer balancer) {
        final SplittableRandom random = new SplittableRandom(7);
        final Server[] servers = new Server[KEYS];
        for (int i = 0; i < KEYS; i++) {
            servers[i] = balancer.pick(key(random.nextInt()), null);
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

    /** A key that {@code balancer} sends to {@code server}. */
    private static long keyOf(final LoadBalancer balancer, final Server server) {
        final SplittableRandom random = new SplittableRandom(11);
        for (int k = 0; k < KEYS; k++) {
            final long key = key(random.nextInt());
            if (balancer.pick(key, null) == server) {
                return key;
            }
        }
        throw new AssertionError("no key goes to " + server);
    }

    @Test
    void mapBasedWithEqualWeightsIsHashModuloServerCount() {
        final TestBackend backend = TestBackend.weighted(BalanceAlgorithm.URI, 1, 1, 1, 1, 1);
        final LoadBalancer balancer = backend.balancer(0);
        for (final int hash : new int[] {0, 1, 4, 5, 123_456_789, -1, Integer.MIN_VALUE}) {
            final int expected = (int) (key(hash) % 5);
            assertSame(backend.backend().servers().get(expected), balancer.pick(key(hash), null), "hash " + hash);
        }
    }

    @Test
    void mapBasedDividesTheWeightsByTheirGcdAndInterleavesThem() {
        // weights 2 and 4: gcd 2, map weights 1 and 2, HAProxy's map is [a, b, b]
        final TestBackend backend = TestBackend.weighted(BalanceAlgorithm.SOURCE, 2, 4);
        final LoadBalancer balancer = backend.balancer(0);
        final Server a = backend.server("a");
        final Server b = backend.server("b");
        assertEquals(List.of(a, b, b, a, b, b), List.of(balancer.pick(0, null), balancer.pick(1, null),
            balancer.pick(2, null), balancer.pick(3, null), balancer.pick(4, null), balancer.pick(5, null)));
        TestBackend.assertShares(counts(map(TestBackend.weighted(BalanceAlgorithm.URI, 1, 2, 3, 4).balancer(0)), 4),
            new int[] {1, 2, 3, 4}, 0.05);
    }

    @Test
    void sameKeySameServerInEveryInstance() {
        for (final BalanceParams params : List.of(BalanceParams.DEFAULT, CONSISTENT)) {
            final TestBackend backend = TestBackend.of(BalanceAlgorithm.HDR, params).active("a", 1).active("b", 2)
                .active("c", 3);
            final Server[] first = map(backend.balancer(1));
            final Server[] again = map(backend.balancer(99));
            for (int i = 0; i < KEYS; i++) {
                assertSame(first[i], again[i], "key " + i);
            }
        }
    }

    @Test
    void consistentGoesToTheNearestPointOfTheRing() {
        final TestBackend backend = TestBackend.of(BalanceAlgorithm.URI, CONSISTENT).active("a", 1).active("b", 3)
            .active("c", 2);
        final LoadBalancer balancer = backend.balancer(0);
        final SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < 2_000; k++) {
            final int hash = random.nextInt();
            assertSame(nearestByScan(backend, hash), balancer.pick(key(hash), null), "hash " + hash);
        }
    }

    /** The server owning the point nearest to {@code hash}, every point examined (the earlier one on a tie). */
    private static Server nearestByScan(final TestBackend backend, final int hash) {
        Server best = null;
        long bestDistance = Long.MAX_VALUE;
        boolean bestBefore = false;
        for (final Server s : backend.backend().servers()) {
            for (int j = 0; j < s.weight() * 16; j++) {
                final int point = HashFunctions.fullHash((s.id() + 1) * 4096 + j);
                final long after = Integer.toUnsignedLong(point - hash); // the point lies this far after the key
                final long before = Integer.toUnsignedLong(hash - point); // or this far before it
                final boolean isBefore = before <= after;
                final long distance = Math.min(before, after);
                if (distance < bestDistance || (distance == bestDistance && isBefore && !bestBefore)) {
                    best = s;
                    bestDistance = distance;
                    bestBefore = isBefore;
                }
            }
        }
        return best;
    }

    @Test
    void consistentMovesOnlyTheKeysOfAServerThatGoesDownAndGivesThemBack() {
        final TestBackend backend = TestBackend.of(BalanceAlgorithm.URL_PARAM, CONSISTENT).active("a", 1)
            .active("b", 2).active("c", 1).active("d", 3);
        final LoadBalancer balancer = backend.balancer(0);
        final Server c = backend.server("c");
        final Server[] before = map(balancer);
        c.disabled(true);
        final Server[] without = map(balancer);
        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
            if (before[i] == c) {
                assertNotSame(c, without[i]);
                moved++;
            } else {
                assertSame(before[i], without[i], "a key of another server stays, key " + i);
            }
        }
        assertTrue(moved > KEYS / 20, "c had keys: " + moved);
        c.disabled(false);
        final Server[] after = map(balancer);
        for (int i = 0; i < KEYS; i++) {
            assertSame(before[i], after[i], "back up, same keys, key " + i);
        }
    }

    @Test
    void consistentWeightChangesMoveKeysOnlyToOrFromThatServer() {
        final TestBackend backend = TestBackend.of(BalanceAlgorithm.SOURCE, CONSISTENT).active("a", 2).active("b", 2)
            .active("c", 2);
        final LoadBalancer balancer = backend.balancer(0);
        final Server b = backend.server("b");
        final Server[] before = map(balancer);
        b.weight(5);
        final Server[] heavier = map(balancer);
        for (int i = 0; i < KEYS; i++) {
            assertTrue(heavier[i] == before[i] || heavier[i] == b, "only to b, key " + i);
        }
        assertTrue(2 * counts(heavier, 3)[1] > 3 * counts(before, 3)[1], "b gained keys: from "
            + counts(before, 3)[1] + " to " + counts(heavier, 3)[1]);
        b.weight(1);
        final Server[] lighter = map(balancer);
        for (int i = 0; i < KEYS; i++) {
            assertTrue(lighter[i] == before[i] || before[i] == b, "only from b, key " + i);
        }
    }

    @Test
    void mapBasedRebuildsItsMapWhenAServerGoesDown() {
        final TestBackend backend = TestBackend.weighted(BalanceAlgorithm.URI, 1, 1, 1, 1);
        final LoadBalancer balancer = backend.balancer(0);
        backend.server("b").disabled(true);
        final List<Server> servers = backend.backend().servers();
        final List<Server> up = List.of(servers.get(0), servers.get(2), servers.get(3));
        for (int hash = 0; hash < 30; hash++) {
            assertSame(up.get(hash % 3), balancer.pick(hash, null), "hash mod 3 over a, c, d: " + hash);
        }
    }

    @Test
    void balanceFactorPassesOverALoadedServer() {
        final BalanceParams bounded = CONSISTENT.withBalanceFactor(125);
        final TestBackend backend = TestBackend.of(BalanceAlgorithm.URI, bounded).active("a", 1).active("b", 1)
            .active("c", 1).active("d", 1);
        final LoadBalancer balancer = backend.balancer(0);
        final Server a = backend.server("a");
        final long keyOfA = keyOf(balancer, a);
        assertSame(a, balancer.pick(keyOfA, null), "an idle backend: its own server");
        for (int i = 0; i < 3; i++) {
            a.tryAcquire();
        }
        // 3 connections, 4 servers: (3 + 1) x 1.25 = 5 slots, a's share is 1 or 2, and it serves 3
        final Server moved = balancer.pick(keyOfA, null);
        assertNotSame(a, moved, "over its share: the next point's server");
        final LoadBalancer unbounded = TestBackend.of(BalanceAlgorithm.URI, CONSISTENT).active("a", 1).active("b", 1)
            .active("c", 1).active("d", 1).balancer(0);
        assertSame(a.name(), unbounded.pick(keyOfA, null).name(), "without the factor the key stays");
    }

    @Test
    void aFullServerKeepsItsKeysWhoWaitInItsQueue() {
        final TestBackend backend = TestBackend.of(BalanceAlgorithm.URI, CONSISTENT).active("a", 1, 1).active("b", 1);
        final LoadBalancer balancer = backend.balancer(0);
        final Server a = backend.server("a");
        final long keyOfA = keyOf(balancer, a);
        a.tryAcquire();
        assertSame(a, balancer.pick(keyOfA, null), "a hash returns its server full or not (HAProxy)");
        assertTrue(balancer.bindsWhenFull());
    }

    @Test
    void withoutAKeyTheServersTakeTurnsSkippingFullOnes() {
        for (final BalanceParams params : List.of(BalanceParams.DEFAULT, CONSISTENT)) {
            final TestBackend backend = TestBackend.of(BalanceAlgorithm.URL_PARAM, params).active("a", 1, 1)
                .active("b", 1, 1).active("c", 1, 1);
            final LoadBalancer balancer = backend.balancer(0);
            final Set<Server> seen = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                final Server s = balancer.pick(LoadBalancer.NO_KEY, null);
                assertTrue(seen.add(s), "a new server each time while all have room: " + s);
                s.tryAcquire();
            }
            assertNull(balancer.pick(LoadBalancer.NO_KEY, null), "all full: the stream queues in the backend");
        }
    }

    @Test
    void theSourceKeyFoldsTheAddressAsHaproxy() throws Exception {
        assertEquals(0x7f000001, BalanceKeys.addressHash(InetAddress.getByName("127.0.0.1")));
        assertEquals(1, BalanceKeys.addressHash(InetAddress.getByName("::1")));
        assertEquals(0x20010db8 ^ 0x00010002 ^ 0x00030004 ^ 0x00050006,
            BalanceKeys.addressHash(InetAddress.getByName("2001:db8:1:2:3:4:5:6")));
        assertEquals(0, BalanceKeys.addressHash(null));
        assertEquals(0x7f000001L, BalanceKeys.source(BalanceParams.DEFAULT, 0x7f000001));
        assertEquals(Integer.toUnsignedLong(HashFunctions.fullHash(0x7f000001)),
            BalanceKeys.source(CONSISTENT, 0x7f000001), "consistent hashing adds the avalanche by default");
    }
}
