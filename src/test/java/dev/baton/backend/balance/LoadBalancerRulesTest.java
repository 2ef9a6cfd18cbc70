package dev.baton.backend.balance;

import dev.baton.backend.LoadBalancer;
import dev.baton.backend.Server;
import dev.baton.config.BalanceAlgorithm;
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

    @ParameterizedTest
    @EnumSource(BalanceAlgorithm.class)
    void fullActivesFallBackToBackup(final BalanceAlgorithm algorithm) {
        final TestBackend backend = TestBackend.of(algorithm).active("a", 1, 1).backup("x", 1);
        final LoadBalancer balancer = backend.balancer(0);
        assertPicks(balancer, null, backend.server("a"));
        backend.server("a").tryAcquire();
        assertPicks(balancer, null, backend.server("x"));
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
                    final Server picked = balancer.pick(random.nextInt(), avoid);
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
     * Returns {@code picked} if it is a valid answer among the actives, else the only valid answer: the first
     * usable backup not avoided, the avoided one if it is the only one, or null.
     */
    private static Server expectedGroupChoice(final TestBackend backend, final BalanceAlgorithm algorithm,
                                              final Server avoid, final Server picked) {
        int usableActives = 0;
        boolean avoidUsable = false;
        for (final Server server : backend.backend().servers()) {
            if (!server.isBackup() && usable(server, algorithm)) {
                usableActives++;
                avoidUsable |= server == avoid;
            }
        }
        if (usableActives > 0) {
            assertTrue(picked != null && !picked.isBackup() && usable(picked, algorithm), "a usable active");
            if (avoidUsable && usableActives > 1) {
                assertNotSame(avoid, picked, "avoided while others are usable");
            }
            return picked;
        }
        Server onlyAvoid = null;
        for (final Server server : backend.backend().servers()) {
            if (server.isBackup() && usable(server, algorithm)) {
                if (server != avoid) {
                    return server;
                }
                onlyAvoid = server;
            }
        }
        return onlyAvoid;
    }

    private static boolean usable(final Server server, final BalanceAlgorithm algorithm) {
        final boolean configuredOut = algorithm == BalanceAlgorithm.STATIC_RR && server.initialWeight() == 0;
        return server.isEligible() && server.hasFreeSlot() && !configuredOut;
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
