package dev.baton.backend.balance;

/**
 * HAProxy's map of a map-based hash ({@code lb_map.c}, recalc_server_map): a table in which each usable server
 * appears as many times as its weight, the servers interleaved so that every prefix of the table is as close to
 * the weights' proportions as can be, earlier servers first on ties. A key's hash goes to
 * {@code table[hash mod size]} (the hash taken as unsigned). Single-threaded; {@link #build} may allocate,
 * lookups do not.
 */
final class WeightMap {
    /** Server indexes; the first {@link #size} are the map. */
    private int[] table = new int[0];
    private int size;
    private final int[] score;

    WeightMap(final int servers) {
        this.score = new int[servers];
    }

    /**
     * Fills the map from {@code weights} (0: not usable) whose sum is {@code total}: at each slot every usable
     * server's score grows by its weight, the one whose {@code (score + total) / total} is highest (the first one
     * on a tie) takes the slot and pays {@code total}.
     */
    void build(final int[] weights, final int total) {
        if (table.length < total) {
            table = new int[total];
        }
        size = total;
        java.util.Arrays.fill(score, 0);
        for (int slot = 0; slot < total; slot++) {
            int best = -1;
            int max = 0;
            for (int i = 0; i < weights.length; i++) {
                if (weights[i] <= 0) {
                    continue;
                }
                if (total == 1) {
                    best = i;
                    break;
                }
                score[i] += weights[i];
                final int v = (score[i] + total) / total;
                if (best < 0 || v > max) {
                    max = v;
                    best = i;
                }
            }
            table[slot] = best;
            if (best >= 0) {
                score[best] -= total;
            }
        }
    }

    int size() {
        return size;
    }

    /** The server index at {@code slot}. */
    int at(final int slot) {
        return table[slot];
    }

    /**
     * The server of {@code hash}; when that one is not a {@code candidate} (avoided), the next candidate along
     * the map; -1 when the map is empty or has none.
     */
    int lookup(final int hash, final boolean[] candidate) {
        if (size == 0) {
            return -1;
        }
        int slot = Integer.remainderUnsigned(hash, size);
        for (int k = 0; k < size; k++) {
            final int index = table[slot];
            if (candidate[index]) {
                return index;
            }
            slot = slot + 1 == size ? 0 : slot + 1;
        }
        return -1;
    }
}
