package dev.baton.backend.balance;

import dev.baton.backend.Backend;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * {@code balance first}: the candidate with the lowest id (HAProxy's {@code puid}: the configuration's order unless
 * {@code id} forces numbers), the first usable active with a free slot. Servers fill up one after the other, so idle ones can be powered down; a server with
 * {@code maxconn 0} is never full and so takes every connection that reaches it. Weights only matter in that
 * weight 0 takes a server out.
 */
final class FirstBalancer extends AbstractLoadBalancer {
    /** Indexes into {@link #actives} by ascending server id. */
    private final int[] byId;

    FirstBalancer(final Backend backend, final boolean backups) {
        super(backend, backups);
        byId = IntStream.range(0, actives.length).boxed()
            .sorted(Comparator.comparingInt(i -> actives[i].id())).mapToInt(Integer::intValue).toArray();
    }

    @Override
    protected int choose(final long key) {
        for (final int index : byId) {
            if (candidate[index]) {
                return index;
            }
        }
        return -1;
    }
}
