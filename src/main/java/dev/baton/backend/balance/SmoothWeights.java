package dev.baton.backend.balance;

import java.util.Arrays;

/**
 * Smooth weighted round-robin (the nginx scheme): each step every participant's current value grows by its
 * weight, the largest is chosen and lowered by the sum of the weights. Over any run of steps with fixed
 * weights each participant is chosen in proportion to its weight, its turns spread as evenly as possible
 * (weights 5, 1, 1 give a a b a c a a), and the sequence repeats every sum-of-weights steps.
 *
 * <p>Stateless: the caller owns the current values. {@link #step} allocates nothing.
 */
final class SmoothWeights {
    private SmoothWeights() {
    }

    /**
     * One step over the participants {@code i} with {@code weights[i] > 0} and {@code take[i]} set; the others
     * keep their current value, so a participant left out for a while resumes its share where it was. Ties go
     * to the lowest index.
     *
     * @return the chosen index, or -1 when nobody participates
     */
    static int step(final int[] weights, final boolean[] take, final long[] current) {
        long total = 0;
        int best = -1;
        for (int i = 0; i < weights.length; i++) {
            final int weight = weights[i];
            if (weight <= 0 || !take[i]) {
                continue;
            }
            current[i] += weight;
            total += weight;
            if (best < 0 || current[i] > current[best]) {
                best = i;
            }
        }
        if (best >= 0) {
            current[best] -= total;
        }
        return best;
    }

    /**
     * Writes one full period of the smooth sequence over every positive weight into {@code out}, which must
     * hold at least {@link #sum} of them, and returns that period. Allocates scratch: for construction and
     * rebuilds, not for a pick.
     */
    static int interleave(final int[] weights, final int[] out) {
        final long[] current = new long[weights.length];
        final int period = sum(weights);
        final boolean[] everyone = everyone(weights.length);
        for (int k = 0; k < period; k++) {
            out[k] = step(weights, everyone, current);
        }
        return period;
    }

    /**
     * Runs {@code steps} steps over every positive weight from {@code current}, leaving {@code current} where
     * a sequence that had already made those steps would be. Allocates scratch: for construction only.
     */
    static void advance(final int[] weights, final long[] current, final int steps) {
        final boolean[] everyone = everyone(weights.length);
        for (int k = 0; k < steps; k++) {
            step(weights, everyone, current);
        }
    }

    private static boolean[] everyone(final int length) {
        final boolean[] mask = new boolean[length];
        Arrays.fill(mask, true);
        return mask;
    }

    /** The sum of the positive weights. */
    static int sum(final int[] weights) {
        int total = 0;
        for (final int weight : weights) {
            if (weight > 0) {
                total += weight;
            }
        }
        return total;
    }
}
