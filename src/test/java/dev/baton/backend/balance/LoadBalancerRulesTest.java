package dev.baton.backend.balance;

import dev.baton.backend.LoadBalancer;
import dev.baton.backend.Server;
import dev.baton.config.BalanceAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules {@link AbstractLoadBalancer} enforces for every algorithm: backups and {@code avoid}. */
class LoadBalancerRulesTest {
    private static final int HASHES = 1_000;

    private static TestBackend twoActivesTwoBackups(final BalanceAlgorithm algorithm) {
        return TestBackend.of(algorithm).active("a", 1).backup("x", 1).active("b", 2).backup("y", 1);
    }

    /** Asserts what {@code pick(hash, avoid)} returns for many client hashes. */
    private static void assertPicks(final LoadBalancer balancer, final Server avoid, final Server expected) {
        for (int hash = 0; hash < HASHES; hash++) {
            assertSame(expected, balancer.pick(hash, avoid), "hash " + hash);
        }
    }

    @ParameterizedTest
    @EnumSource(BalanceAlgorithm.class)
    void backupServesOnlyWhileNoActiveIsUsable(final BalanceAlgorithm algorithm) {
        final TestBackend backend = twoActivesTwoBackups(algorithm);
        final LoadBalancer balancer = backend.balancer(0);
        for (int hash = 0; hash < HASHES; hash++) {
            assertTrue(!balancer.pick(hash, null).isBackup(), "hash " + hash);
        }

        backend.server("a").disabled(true);
        backend.server("b").weight(0);
        assertPicks(balancer, null, backend.server("x"));

        backend.server("x").disabled(true);
        assertPicks(balancer, null, backend.server("y"));

        backend.server("y").disabled(true);
        assertPicks(balancer, null, null);

        backend.server("a").disabled(false);
        assertPicks(balancer, null, backend.server("a"));
    }

    /** Picks {@code picks} times, client hashes 0, 1, 2... (so that {@code source} spreads too); counts by id. */
    private static int[] spread(final TestBackend backend, final LoadBalancer balancer, final int picks) {
        final int[] counts = new int[backend.backend().servers().size()];
        for (int k = 0; k < picks; k++) {
            counts[balancer.pick(k * 0x9E3779B9, null).id()]++;
        }
        return counts;
    }

    @ParameterizedTest
    @EnumSource(value = BalanceAlgorithm.class, names = "FIRST", mode = EnumSource.Mode.EXCLUDE)
    void allbackupsBalancesEveryUsableBackupWhileNoActiveIsUsable(final BalanceAlgorithm algorithm) {
        final TestBackend backend = TestBackend.allBackups(algorithm).active("a", 1).backup("x", 1).backup("y", 1)
            .backup("z", 1);
        final LoadBalancer balancer = backend.balancer(7);
        assertEquals(List.of(300, 0, 0, 0), List.of(box(spread(backend, balancer, 300))), "actives first");
        backend.server("a").disabled(true);
        final int[] counts = spread(backend, balancer, 300);
        assertTrue(counts[1] > 0 && counts[2] > 0 && counts[3] > 0, () -> algorithm + ": " + List.of(box(counts)));
        backend.server("y").disabled(true);
        final int[] without = spread(backend, balancer, 300);
        assertTrue(without[1] > 0 && without[2] == 0 && without[3] > 0, () -> List.of(box(without)).toString());
        final LoadBalancer plain = TestBackend.of(algorithm).active("a", 0).backup("x", 1).backup("y", 1)
            .balancer(7);
        assertEquals(List.of("x", "x", "x"), TestBackend.names(plain, 3), "without the option: the first backup");
    }

    @Test
    void allbackupsWithFirstTakesTheFirstBackupWithRoom() {
        final TestBackend backend = TestBackend.allBackups(BalanceAlgorithm.FIRST).active("a", 0).backup("x", 1, 1)
            .backup("y", 1);
        final LoadBalancer balancer = backend.balancer(0);
        assertEquals(List.of("x", "y", "y", "y"), TestBackend.pickAndAcquire(balancer, 4),
            "x while it has room (maxconn 1), then y, as first does among actives");
    }

    private static Integer[] box(final int[] counts) {
        final Integer[] out = new Integer[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i];
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(BalanceAlgorithm.class)
    void fullActivesQueueRatherThanUseTheBackup(final BalanceAlgorithm algorithm) {
        // HAProxy serves backups only when no active is usable; a full active is usable: the stream queues (null)
        final TestBackend backend = TestBackend.of(algorithm).active("a", 1, 1).backup("x", 1);
        final LoadBalancer balancer = backend.balancer(0);
        assertPicks(balancer, null, backend.server("a"));
        backend.server("a").tryAcquire();
        // a hash returns its server full or not: the stream then waits in that server's queue
        assertPicks(balancer, null, algorithm.hashes() ? backend.server("a") : null);
        backend.server("a").release();
        assertPicks(balancer, null, backend.server("a"));
    }

    @ParameterizedTest
    @EnumSource(BalanceAlgorithm.class)
    void avoidedServerIsSkippedWhileAnotherIsUsable(final BalanceAlgorithm algorithm) {
        final TestBackend backend = twoActivesTwoBackups(algorithm);
        final LoadBalancer balancer = backend.balancer(0);
        final Server a = backend.server("a");
        assertPicks(balancer, a, backend.server("b"));

        backend.server("b").disabled(true);
        assertPicks(balancer, a, a);
    }

    @ParameterizedTest
    @EnumSource(BalanceAlgorithm.class)
    void avoidedActiveIsStillPreferredToBackups(final BalanceAlgorithm algorithm) {
        final TestBackend backend = twoActivesTwoBackups(algorithm);
        backend.server("b").disabled(true);
        assertPicks(backend.balancer(0), backend.server("a"), backend.server("a"));
    }

    @ParameterizedTest
    @EnumSource(BalanceAlgorithm.class)
    void avoidAppliesAmongBackups(final BalanceAlgorithm algorithm) {
        final TestBackend backend = twoActivesTwoBackups(algorithm);
        final LoadBalancer balancer = backend.balancer(0);
        backend.server("a").disabled(true);
        backend.server("b").disabled(true);
        final Server x = backend.server("x");
        assertPicks(balancer, x, backend.server("y"));
        assertPicks(balancer, backend.server("y"), x);

        backend.server("y").disabled(true);
        assertPicks(balancer, x, x);
    }

    @ParameterizedTest
    @EnumSource(BalanceAlgorithm.class)
    void backendsWithoutActivesOrWithoutServers(final BalanceAlgorithm algorithm) {
        final TestBackend onlyBackups = TestBackend.of(algorithm).backup("x", 1).backup("y", 1);
        assertPicks(onlyBackups.balancer(0), null, onlyBackups.server("x"));
        assertPicks(TestBackend.of(algorithm).balancer(0), null, null);
    }

    /**
     * Random weights, states, slot claims and avoids, with the rules checked after every pick against an
     * oracle written from the {@link LoadBalancer} contract.
     */
    @ParameterizedTest
    @EnumSource(BalanceAlgorithm.class)
    void seededFuzzKeepsTheRules(final BalanceAlgorithm algorithm) {
        final SplittableRandom random = new SplittableRandom(20240611L + algorithm.ordinal());
        final TestBackend backend = TestBackend.of(algorithm);
        for (int i = 0; i < 5; i++) {
            backend.active("a" + i, random.nextInt(4), random.nextInt(4));
        }
        backend.backup("x0", 1).backup("x1", 2).active("a5", 1, 2);
        final List<Server> servers = backend.backend().servers();
        final LoadBalancer balancer = backend.balancer(random.nextLong());

        for (int step = 0; step < 50_000; step++) {
            final Server server = servers.get(random.nextInt(servers.size()));
            switch (random.nextInt(6)) {
                case 0 -> server.disabled(random.nextInt(3) == 0);
                case 1 -> server.weight(random.nextInt(5));
                case 2 -> server.tryAcquire();
                case 3 -> {
                    if (server.currConns() > 0) {
                        server.release();
                    }
                }
                default -> {
                    final Server avoid = random.nextBoolean() ? server : null;
                    final Server picked = balancer.pick(Integer.toUnsignedLong(random.nextInt()), avoid);
                    assertSame(expectedGroupChoice(backend, algorithm, avoid, picked), picked,
                            () -> "picked " + picked + " avoiding " + avoid + " in " + describe(servers));
                    if (picked != null && random.nextBoolean()) {
                        picked.tryAcquire();
                    }
                }
            }
        }
    }

    /**
     * Returns {@code picked} if it is a valid answer among the actives, else the only valid answer. The actives
     * serve while one is eligible, full or not (all full: null, the stream queues); else the first eligible backup
     * not avoided (null when it is full), the avoided one if it is the only one, or null.
     */
    private static Server expectedGroupChoice(final TestBackend backend, final BalanceAlgorithm algorithm,
                                              final Server avoid, final Server picked) {
        int usableActives = 0;
        int eligibleActives = 0;
        boolean avoidUsable = false;
        for (final Server server : backend.backend().servers()) {
            if (!server.isBackup() && eligible(server, algorithm)) {
                eligibleActives++;
                if (hasRoom(server, algorithm)) {
                    usableActives++;
                    avoidUsable |= server == avoid;
                }
            }
        }
        if (usableActives > 0) {
            assertTrue(picked != null && !picked.isBackup() && usable(picked, algorithm), "a usable active");
            if (avoidUsable && usableActives > 1) {
                assertNotSame(avoid, picked, "avoided while others are usable");
            }
            return picked;
        }
        if (eligibleActives > 0) {
            return null;
        }
        Server onlyAvoid = null;
        for (final Server server : backend.backend().servers()) {
            if (server.isBackup() && eligible(server, algorithm)) {
                if (server != avoid) {
                    return hasRoom(server, algorithm) ? server : null;
                }
                onlyAvoid = server;
            }
        }
        return onlyAvoid != null && hasRoom(onlyAvoid, algorithm) ? onlyAvoid : null;
    }

    private static boolean usable(final Server server, final BalanceAlgorithm algorithm) {
        return eligible(server, algorithm) && hasRoom(server, algorithm);
    }

    /** A hash keeps full servers in play (their clients queue there); the others need a free slot. */
    private static boolean hasRoom(final Server server, final BalanceAlgorithm algorithm) {
        return algorithm.hashes() || server.hasFreeSlot();
    }

    private static boolean eligible(final Server server, final BalanceAlgorithm algorithm) {
        final boolean configuredOut = algorithm == BalanceAlgorithm.STATIC_RR && server.initialWeight() == 0;
        return server.isEligible() && !configuredOut;
    }

    private static String describe(final List<Server> servers) {
        final StringBuilder text = new StringBuilder();
        for (final Server server : servers) {
            text.append(server.name()).append("[w=").append(server.weight()).append(server.isDisabled() ? " off" : "")
                    .append(" c=").append(server.currConns()).append('/').append(server.maxconn()).append("] ");
        }
        return text.toString();
    }

    @ParameterizedTest
    @EnumSource(BalanceAlgorithm.class)
    void factoryBuildsEveryAlgorithm(final BalanceAlgorithm algorithm) {
        final TestBackend backend = TestBackend.of(algorithm).active("a", 1);
        assertEquals("a", backend.balancer(0).pick(0, null).name());
    }
}
