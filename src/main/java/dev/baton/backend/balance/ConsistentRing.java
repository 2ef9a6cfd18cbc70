package dev.baton.backend.balance;

import java.util.Arrays;

/**
 * HAProxy's consistent-hashing ring ({@code lb_chash.c}): server {@code i} (HAProxy id {@code puid}) with
 * effective weight {@code w} holds the points {@code fullHash(puid * 4096 + j)} for {@code j < w} (4096: the
 * effective weight range, 256 x 16), so a server's points depend on its id and weight only, and a server that
 * leaves takes its points, and only them, away. Points are kept sorted as unsigned 32-bit keys with their owner;
 * a key goes to the nearer of the first point at or after it and the one before it (wrapping around; the one
 * before on a tie). Single-threaded; {@link #build} may allocate, lookups do not.
 */
final class ConsistentRing {
    /** HAProxy's SRV_EWGHT_RANGE: the effective weight range, and the stride between two servers' point series. */
    static final int POINT_STRIDE = 256 * 16;

    private final int[] puids;
    private int[] keys = new int[0];
    private int[] owners = new int[0];
    /**
     * Scratch for sorting: the key with its sign bit flipped in the high half (so that signed order of the longs is
     * unsigned order of the keys), the owner in the low half.
     */
    private long[] sortable = new long[0];
    private int size;

    ConsistentRing(final int[] puids) {
        this.puids = puids.clone();
    }

    /** Places the points of each server with a weight above 0. */
    void build(final int[] weights) {
        int total = 0;
        for (final int w : weights) {
            total += Math.max(0, w);
        }
        if (keys.length < total) {
            keys = new int[total];
            owners = new int[total];
            sortable = new long[total];
        }
        int n = 0;
        for (int i = 0; i < weights.length; i++) {
            for (int j = 0; j < weights[i]; j++) {
                final int key = HashFunctions.fullHash(puids[i] * POINT_STRIDE + j);
                sortable[n++] = ((long) (key ^ Integer.MIN_VALUE) << 32) | i;
            }
        }
        Arrays.sort(sortable, 0, n);
        for (int k = 0; k < n; k++) {
            keys[k] = (int) (sortable[k] >>> 32) ^ Integer.MIN_VALUE;
            owners[k] = (int) sortable[k];
        }
        size = n;
    }

    int size() {
        return size;
    }

    /** The server index owning the point at {@code pos}. */
    int owner(final int pos) {
        return owners[pos];
    }

    /** The key of the point at {@code pos}, for tests. */
    int key(final int pos) {
        return keys[pos];
    }

    /** The position of the point nearest to {@code hash}; the ring must not be empty. */
    int nearest(final int hash) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (Integer.compareUnsigned(keys[mid], hash) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        final int next = lo == size ? 0 : lo;
        final int prev = next == 0 ? size - 1 : next - 1;
        final int toPrev = hash - keys[prev];
        final int toNext = keys[next] - hash;
        return Integer.compareUnsigned(toPrev, toNext) <= 0 ? prev : next;
    }
}
