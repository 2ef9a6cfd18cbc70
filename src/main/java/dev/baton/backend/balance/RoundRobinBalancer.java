package dev.baton.backend.balance;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;

/**
 * {@code balance roundrobin}: smooth weighted round-robin over the current weights, re-read on every pick, so
 * a weight changed at run time takes effect on the next pick. A server that is unusable for a while (disabled,
 * weight 0, full, or avoided) sits out without changing the others' shares, and resumes where it stood.
 *
 * <p>The seed rotates the starting point: an instance built with seed {@code s} begins {@code s} steps into the
 * sequence of the configured weights (modulo their sum).
 */
final class RoundRobinBalancer extends AbstractLoadBalancer {
    /** Each active's current value of the smooth scheme; see {@link SmoothWeights}. */
    private final long[] current;

    RoundRobinBalancer(final Backend backend, final boolean backups, final long seed) {
        super(backend, backups);
        this.current = new long[actives.length];
        final int[] initial = initialWeights();
        SmoothWeights.advance(initial, current, startOffset(seed, SmoothWeights.sum(initial)));
        for (int i = 0; i < current.length; i++) {
            current[i] *= Server.FULL_RAMP; // picks weigh eweights (weights in sixteenths): the same sequence, scaled
        }
    }

    @Override
    protected int choose(final long key) {
        return SmoothWeights.step(weights, candidate, current);
    }
}
