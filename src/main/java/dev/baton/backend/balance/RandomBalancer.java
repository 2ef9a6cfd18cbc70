package dev.baton.backend.balance;

import dev.baton.backend.Backend;

import java.util.SplittableRandom;

/**
 * {@code balance random}, with two draws (the power of two choices): two candidates are drawn at random, each
 * with a probability proportional to its weight (they may be the same one), and the one with the lower
 * {@code currConns / weight} wins; on a tie, the first drawn. So with no connections anywhere the shares follow
 * the weights, and a loaded server is drawn as often but loses most comparisons.
 *
 * <p>The random sequence is the instance's own, seeded at construction: the same seed, backend state and calls
 * give the same picks.
 */
final class RandomBalancer extends AbstractLoadBalancer {
    private final SplittableRandom random;

    RandomBalancer(final Backend backend, final boolean backups, final long seed) {
        super(backend, backups);
        this.random = new SplittableRandom(seed);
    }

    @Override
    protected int choose(final int clientHash) {
        int total = 0;
        for (int index = 0; index < candidate.length; index++) {
            if (candidate[index]) {
                total += weights[index];
            }
        }
        final int first = draw(total);
        final int second = draw(total);
        return second != first && lighter(second, first) ? second : first;
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
