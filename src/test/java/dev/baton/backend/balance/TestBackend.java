package dev.baton.backend.balance;

import dev.baton.backend.LoadBalancer;
import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.BalanceParams;
import dev.baton.config.HttpOptions;
import dev.baton.config.Mode;
import dev.baton.config.PoolOptions;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ProxyKind;
import dev.baton.config.Redispatch;
import dev.baton.config.ServerConfig;
import dev.baton.config.SourceLocation;
import dev.baton.config.Timeouts;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backend built in memory for balancer tests. Servers are added in call order, which is their id and
 * configuration order, and found again by name.
 */
final class TestBackend {
    private static final SourceLocation WHERE = new SourceLocation("test", 1);

    private final Backend backend;

    private TestBackend(final BalanceAlgorithm algorithm, final boolean allBackups, final BalanceParams params) {
        final ProxyConfig c = new ProxyConfig("be", ProxyKind.BACKEND, Mode.TCP, List.of(), 0, Timeouts.NONE,
                null, algorithm, 3, Redispatch.OFF, false, false, List.of(), HttpOptions.DEFAULT, WHERE)
            .withAllBackups(allBackups);
        this.backend = new Backend(new ProxyConfig(c.name(), c.kind(), c.mode(), c.binds(), c.maxconn(), c.timeouts(),
            c.defaultBackend(), c.balance(), c.retries(), c.redispatch(), c.tcplog(), c.logGlobal(), c.servers(),
            c.http(), c.where(), c.checks(), c.allBackups(), c.logHealthChecks(), c.configuredFullconn(), c.fullconn(),
            c.abortOnClose(), c.logOptions(), c.tcpKeepAlive(), c.log(), c.trafficLog(),
            c.extras().withBalanceParams(params)));
    }

    private TestBackend(final BalanceAlgorithm algorithm, final boolean allBackups) {
        this(algorithm, allBackups, BalanceParams.DEFAULT);
    }

    private TestBackend(final BalanceAlgorithm algorithm) {
        this(algorithm, false);
    }

    /** A backend balanced by {@code algorithm} with {@code params} (hash-type, options). */
    static TestBackend of(final BalanceAlgorithm algorithm, final BalanceParams params) {
        return new TestBackend(algorithm, false, params);
    }

    /** The same with {@code option allbackups}. */
    static TestBackend allBackups(final BalanceAlgorithm algorithm, final BalanceParams params) {
        return new TestBackend(algorithm, true, params);
    }

    static TestBackend of(final BalanceAlgorithm algorithm) {
        return new TestBackend(algorithm);
    }

    /** A backend with {@code option allbackups}. */
    static TestBackend allBackups(final BalanceAlgorithm algorithm) {
        return new TestBackend(algorithm, true);
    }

    /** Actives named a, b, c... with the given weights, unlimited. */
    static TestBackend weighted(final BalanceAlgorithm algorithm, final int... weights) {
        final TestBackend backend = new TestBackend(algorithm);
        for (int i = 0; i < weights.length; i++) {
            backend.active(String.valueOf((char) ('a' + i)), weights[i]);
        }
        return backend;
    }

    TestBackend active(final String name, final int weight) {
        return add(name, weight, 0, false);
    }

    TestBackend active(final String name, final int weight, final int maxconn) {
        return add(name, weight, maxconn, false);
    }

    TestBackend backup(final String name, final int weight) {
        return add(name, weight, 0, true);
    }

    TestBackend backup(final String name, final int weight, final int maxconn) {
        return add(name, weight, maxconn, true);
    }

    private TestBackend add(final String name, final int weight, final int maxconn, final boolean backup) {
        final int id = backend.servers().size();
        final ServerConfig config = new ServerConfig(name, "127.0.0.1", 8000 + id, weight, maxconn, backup, false,
                PoolOptions.DEFAULT, WHERE);
        backend.addServer(new Server(backend, id, config, InetSocketAddress.createUnresolved("127.0.0.1", 8000 + id)));
        return this;
    }

    Backend backend() {
        return backend;
    }

    Server server(final String name) {
        for (final Server server : backend.servers()) {
            if (server.name().equals(name)) {
                return server;
            }
        }
        throw new IllegalArgumentException("no server " + name);
    }

    LoadBalancer balancer(final long seed) {
        return LoadBalancers.create(backend, backend.config().balance(), seed);
    }

    /** Picks {@code picks} times (hash 0, nothing avoided) and counts the picks of each server, by id. */
    int[] count(final LoadBalancer balancer, final int picks) {
        final int[] counts = new int[backend.servers().size()];
        for (int k = 0; k < picks; k++) {
            counts[balancer.pick(0, null).id()]++;
        }
        return counts;
    }

    /** The names of the next {@code picks} picks (hash 0, nothing avoided), "-" for null. */
    static List<String> names(final LoadBalancer balancer, final int picks) {
        final List<String> names = new ArrayList<>();
        for (int k = 0; k < picks; k++) {
            final Server server = balancer.pick(0, null);
            names.add(server == null ? "-" : server.name());
        }
        return names;
    }

    /** Picks and claims a slot {@code picks} times, as a reactor would; returns the names picked. */
    static List<String> pickAndAcquire(final LoadBalancer balancer, final int picks) {
        final List<String> names = new ArrayList<>();
        for (int k = 0; k < picks; k++) {
            final Server server = balancer.pick(0, null);
            if (server == null) {
                names.add("-");
            } else {
                assertTrue(server.tryAcquire(), () -> server + " picked while full");
                names.add(server.name());
            }
        }
        return names;
    }

    /**
     * Asserts that each server's share of {@code counts} is within {@code relativeTolerance} of its share of
     * {@code expectedWeights} (same indexes; a 0 weight must get nothing).
     */
    static void assertShares(final int[] counts, final int[] expectedWeights, final double relativeTolerance) {
        assertEquals(expectedWeights.length, counts.length, "server count");
        long picks = 0;
        long weightSum = 0;
        for (int i = 0; i < counts.length; i++) {
            picks += counts[i];
            weightSum += expectedWeights[i];
        }
        for (int i = 0; i < counts.length; i++) {
            final double expected = (double) expectedWeights[i] / weightSum;
            final double actual = (double) counts[i] / picks;
            final int server = i;
            assertTrue(Math.abs(actual - expected) <= expected * relativeTolerance,
                    () -> "server " + server + ": share " + actual + ", expected " + expected + " within "
                            + relativeTolerance * 100 + "%; counts " + Arrays.toString(counts));
        }
    }
}
