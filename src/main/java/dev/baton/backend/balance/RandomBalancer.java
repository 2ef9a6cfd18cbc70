package dev.baton.backend.balance;

import dev.baton.backend.Backend;

import java.util.SplittableRandom;

/**
 * {@code balance random(N)}, with N draws (2 by default: the power of two choices): N candidates are drawn at
 * random, each with a probability proportional to its weight (the same one may come twice), and the one with the
 * lowest {@code currConns / weight} wins; on a tie, the earlier drawn. So with no connections anywhere the shares
 * follow the weights, and a loaded server is drawn as often but loses most comparisons. One draw is plain
 * weighted random.
 *
 * <p>The random sequence is the instance's own, seeded at construction: the same seed, backend state and calls
 * give the same picks.
 */
final class RandomBalancer extends AbstractLoadBalancer {
    private final SplittableRandom random;
    private final int draws;

    RandomBalancer(final Backend backend, final boolean backups, final long seed, final int draws) {
        super(backend, backups);
        this.random = new SplittableRandom(seed);
        this.draws = Math.max(1, draws);
    }

    @Override
    protected int choose(final long key) {
        int total = 0;
        for (int index = 0; index < candidate.length; index++) {
            if (candidate[index]) {
                total += weights[index];
            }
        }
        int best = draw(total);
        for (int k = 1; k < draws; k++) {
            final int next = draw(total);
            if (next != best && lighter(next, best)) {
                best = next;
            }
        }
        return best;
    }

    /** A candidate drawn with probability weight / total. */
    private int draw(final int total) {
        int remaining = random.nextInt(total);
        for (int index = 0; index < candidate.length; index++) {
            if (candidate[index]) {
                remaining -= weights[index];
                if (remaining < 0) {
                    return index;
                }
            }
        }
        return -1;
    }

    /** Whether {@code a} carries strictly less than {@code b} per unit of weight. */
    private boolean lighter(final int a, final int b) {
        return (long) actives[a].currConns() * weights[b] < (long) actives[b].currConns() * weights[a];
    }
}
