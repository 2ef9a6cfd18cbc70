package dev.baton.backend.balance;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;

/**
 * {@code balance leastconn}: the candidate with the lowest {@code (currConns + 1) / weight}, compared exactly by
 * cross-multiplication. The "+ 1" counts the connection about to be made, so with no connections at all the
 * heavier server is preferred. Ties go round-robin: each scan starts just after the server chosen last, so equal
 * servers take turns instead of the first one taking every tie.
 *
 * <p>The counts are the servers' {@link dev.baton.backend.Server#currConns()}, shared by every reactor: the
 * caller must claim the slot ({@code tryAcquire}) for the balancing to see it. The seed rotates where the first
 * scan starts.
 */
final class LeastConnBalancer extends AbstractLoadBalancer {
    /** Index into {@link #actives} where the next scan starts. */
    private int next;

    /**
     * HAProxy's fwlc rule: a server is a candidate while its streams and waiters stay below its limit plus its
     * {@code maxqueue}; with {@code maxqueue} 0 that is "a free slot and nobody waiting".
     */
    @Override
    protected boolean hasRoom(final Server server) {
        final int limit = server.dynamicMaxconn();
        return limit == 0 || server.currConns() + server.queue().size() < limit + server.maxqueue();
    }

    /** A full server picked for the room in its {@code maxqueue} binds the stream to its queue. */
    @Override
    public boolean bindsWhenFull() {
        return true;
    }

    LeastConnBalancer(final Backend backend, final boolean backups, final long seed) {
        super(backend, backups);
        this.next = startOffset(seed, actives.length);
    }

    @Override
    protected int choose(final long key) {
        final int count = actives.length;
        int best = -1;
        long bestLoad = 0;
        long bestWeight = 1;
        for (int k = 0, index = next; k < count; k++, index = index + 1 == count ? 0 : index + 1) {
            if (!candidate[index]) {
                continue;
            }
            // streams served and waiting in its queue, as HAProxy's fwlc key counts them
            final long load = actives[index].currConns() + actives[index].queue().size() + 1L;
            final long weight = weights[index];
            // load / weight < bestLoad / bestWeight, weights > 0
            if (best < 0 || load * bestWeight < bestLoad * weight) {
                best = index;
                bestLoad = load;
                bestWeight = weight;
            }
        }
        if (best >= 0) {
            next = best + 1 == count ? 0 : best + 1;
        }
        return best;
    }
}
