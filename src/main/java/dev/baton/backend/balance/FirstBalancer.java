package dev.baton.backend.balance;

import dev.baton.backend.Backend;

/**
 * {@code balance first}: the candidate with the lowest id, that is the first usable active with a free slot in
 * configuration order. Servers fill up one after the other, so idle ones can be powered down; a server with
 * {@code maxconn 0} is never full and so takes every connection that reaches it. Weights only matter in that
 * weight 0 takes a server out.
 */
final class FirstBalancer extends AbstractLoadBalancer {
    FirstBalancer(final Backend backend, final boolean backups) {
        super(backend, backups);
    }

    @Override
    protected int choose(final long key) {
        for (int index = 0; index < candidate.length; index++) {
            if (candidate[index]) {
                return index;
            }
        }
        return -1;
    }
}
