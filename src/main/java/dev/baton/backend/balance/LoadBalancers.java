package dev.baton.backend.balance;

import dev.baton.backend.LoadBalancer;
import dev.baton.backend.Backend;
import dev.baton.config.BalanceAlgorithm;

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
     *             (their index, say) do not all start on the same server. {@code source} and {@code first}
     *             ignore it. The same seed gives the same sequence.
     */
    public static LoadBalancer create(final Backend backend, final BalanceAlgorithm algorithm, final long seed) {
        return switch (algorithm) {
            case ROUNDROBIN -> new RoundRobinBalancer(backend, seed);
            case STATIC_RR -> new StaticRoundRobinBalancer(backend, seed);
            case LEASTCONN -> new LeastConnBalancer(backend, seed);
            case FIRST -> new FirstBalancer(backend);
            case SOURCE -> new SourceBalancer(backend);
            case RANDOM -> new RandomBalancer(backend, seed);
        };
    }
}
