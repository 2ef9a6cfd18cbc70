package dev.baton.backend.balance;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;

/**
 * {@code balance static-rr}: round-robin over the weights configured at start-up. The smooth sequence of
 * those weights is computed once; a pick walks it, skipping servers that are not candidates. As in HAProxy a
 * run-time weight change does not change the shares: a server with a positive weight is served by its
 * configured weight, weight 0 takes it out (drain), and a server configured with weight 0 never takes traffic.
 *
 * <p>The seed rotates the starting point in the sequence (modulo its length).
 */
final class StaticRoundRobinBalancer extends AbstractLoadBalancer {
    /** One period of the smooth sequence over the configured weights: indexes into {@link #actives}. */
    private final int[] sequence;
    /** Next position in {@link #sequence}. */
    private int cursor;

    StaticRoundRobinBalancer(final Backend backend, final boolean backups, final long seed) {
        super(backend, backups);
        final int[] initial = initialWeights();
        this.sequence = new int[SmoothWeights.sum(initial)];
        SmoothWeights.interleave(initial, sequence);
        this.cursor = startOffset(seed, sequence.length);
    }

    /** The configured weight, whatever the current one is (which only decides eligibility). */
    @Override
    protected int weightOf(final Server server) {
        return server.initialWeight();
    }

    @Override
    protected int choose(final long key) {
        for (int k = 0; k < sequence.length; k++) {
            final int index = sequence[cursor];
            cursor = cursor + 1 == sequence.length ? 0 : cursor + 1;
            if (candidate[index]) {
                return index;
            }
        }
        return -1;
    }
}
