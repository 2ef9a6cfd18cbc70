package dev.baton.backend.balance;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;

import java.util.Arrays;

/**
 * {@code balance source}, map-based like HAProxy's default {@code hash-type map-based}: a table holds every
 * eligible active (enabled, weight above 0) as many times as its weight, in smooth interleaved order, and a
 * client goes to {@code table[mix(clientHash) mod size]}. The same hash gives the same server for as long as the
 * eligible set and the weights stay the same, in every reactor (the table depends on nothing else; the seed is
 * not used). When they change the table is rebuilt and most clients move, as with HAProxy's map.
 *
 * <p>A full server ({@code maxconn}) is still its clients' server: they wait in its queue, as HAProxy's hash
 * algorithms do ({@link #bindsWhenFull()}). An avoided server (a redispatch) stays in the table: its clients go,
 * for that pick only, to the next candidate found walking the table forward.
 *
 * <p>The table is checked against the weights of each pick (an array comparison, no allocation) and rebuilt only
 * when they differ. A rebuild, which follows an operator's or a health check's change, allocates a little scratch
 * and, when the table must grow, a larger table; steady state allocates nothing.
 */
final class SourceBalancer extends AbstractLoadBalancer {
    /** The current weight: a hash table is HAProxy's static kind of algorithm, which {@code slowstart} never ramps. */
    @Override
    protected int weightOf(final Server server) {
        return server.weight();
    }

    /** The {@link #weights} the table was built from. */
    private final int[] builtWeights;
    /** Indexes into {@link #actives}; the first {@link #size} entries are the table. */
    private int[] table = new int[0];
    private int size;

    /** Every eligible server has room: a full one queues its clients (docs/queues.md Q4). */
    @Override
    protected boolean hasRoom(final Server server) {
        return true;
    }

    @Override
    public boolean bindsWhenFull() {
        return true;
    }

    SourceBalancer(final Backend backend, final boolean backups) {
        super(backend, backups);
        this.builtWeights = new int[actives.length];
    }

    @Override
    protected int choose(final int clientHash) {
        if (!Arrays.equals(weights, builtWeights)) {
            rebuild();
        }
        int slot = Integer.remainderUnsigned(mix(clientHash), size);
        for (int k = 0; k < size; k++) {
            final int index = table[slot];
            if (candidate[index]) {
                return index;
            }
            slot = slot + 1 == size ? 0 : slot + 1;
        }
        return -1;
    }

    private void rebuild() {
        System.arraycopy(weights, 0, builtWeights, 0, weights.length);
        final int total = SmoothWeights.sum(builtWeights);
        if (table.length < total) {
            table = new int[total];
        }
        size = SmoothWeights.interleave(builtWeights, table);
    }

    /**
     * Spreads the bits of a client hash (the murmur3 finaliser), so that neighbouring addresses, which differ
     * in a few low bits, land on unrelated slots.
     */
    static int mix(final int hash) {
        int h = hash;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
