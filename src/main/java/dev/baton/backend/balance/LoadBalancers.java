package dev.baton.backend.balance;

import dev.baton.backend.LoadBalancer;
import dev.baton.backend.Backend;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.BalanceParams;

/** Creates the per-reactor {@link LoadBalancer} of a backend. */
public final class LoadBalancers {
    private LoadBalancers() {
    }

    /**
     * A new balancer for {@code backend} running {@code algorithm}, for one reactor: call once per reactor per
     * backend, after every server was added (the balancer captures the server list).
     *
     * @param seed per-instance seed: {@code random} draws from it, and {@code roundrobin}, {@code static-rr} and
     *             {@code leastconn} rotate their starting point by it, so that reactors given different seeds
     *             (their index, say) do not all start on the same server. The hash algorithms and
     *             {@code first} ignore it. The same seed gives the same sequence.
     */
    public static LoadBalancer create(final Backend backend, final BalanceAlgorithm algorithm, final long seed) {
        final AbstractLoadBalancer balancer = create(backend, algorithm, seed, false);
        if (backend.config().allBackups()) {
            // HAProxy's option allbackups: the backups are balanced by the same algorithm when no active is usable
            balancer.backupBalancer(create(backend, algorithm, seed, true));
        }
        return balancer;
    }

    private static AbstractLoadBalancer create(final Backend backend, final BalanceAlgorithm algorithm,
                                               final long seed, final boolean backups) {
        final BalanceParams params = backend.config().extras().balanceParams();
        return switch (algorithm) {
            case ROUNDROBIN -> new RoundRobinBalancer(backend, backups, seed);
            case STATIC_RR -> new StaticRoundRobinBalancer(backend, backups, seed);
            case LEASTCONN -> new LeastConnBalancer(backend, backups, seed);
            case FIRST -> new FirstBalancer(backend, backups);
            case SOURCE, URI, URL_PARAM, HDR, HASH -> new HashBalancer(backend, backups, params);
            case RANDOM -> new RandomBalancer(backend, backups, seed, params.draws());
        };
    }
}
