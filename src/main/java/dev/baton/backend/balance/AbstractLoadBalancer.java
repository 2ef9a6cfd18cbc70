package dev.baton.backend.balance;

import dev.baton.backend.LoadBalancer;
import dev.baton.backend.Backend;
import dev.baton.backend.Server;

import java.util.List;

/**
 * The rules every algorithm shares, so that a subclass only chooses among candidates.
 *
 * <p>At construction the backend's servers are split into actives and backups, both in configuration order,
 * into arrays that never change: a change of the backend's list (the runtime API's {@code add server} and
 * {@code del server}) gets the reactor a new balancer ({@link LoadBalancer#serversVersion()}). Each {@link #pick} then takes a
 * snapshot of the actives' shared state into per-instance arrays ({@link #weights}, {@link #candidate}), so
 * that the algorithm sees one consistent view even while the runtime API changes weights or states on another
 * thread, and asks {@link #choose} for an index. When no active is usable it returns the first usable backup
 * in configuration order, or, with {@code option allbackups}, asks its backup balancer: an instance of the same
 * algorithm built over the backups as its group ({@code backups} true), which balances them all as HAProxy does.
 *
 * <p>{@code avoid} is applied within the group that serves: it is skipped when another server of that group is
 * usable and returned when it is the only one. A usable active that must be avoided is still preferred over a
 * backup (HAProxy's behaviour: backups are for when the actives are down, not for one failed attempt).
 *
 * <p>Single-threaded like {@link LoadBalancer}; {@link #pick} allocates nothing.
 */
abstract class AbstractLoadBalancer implements LoadBalancer {
    /** Active servers in configuration order (ascending {@link Server#id()}). */
    protected final Server[] actives;
    /** Backup servers in configuration order; empty for a balancer of the backups. */
    private final Server[] backups;
    /** With {@code option allbackups}: the balancer of the backups, asked when no active is usable; else null. */
    private LoadBalancer backupBalancer;
    /**
     * This pick's weight of each active, by index into {@link #actives}: {@link #weightOf} when the server is
     * eligible ({@link Server#isEligible()}), 0 otherwise. It ignores free slots and {@code avoid}, so it
     * changes only when an operator changes a weight or a state.
     */
    protected final int[] weights;
    /**
     * This pick's candidates, by index into {@link #actives}: a positive weight, a free slot, and not the
     * server to avoid. At least one is true whenever {@link #choose} is called.
     */
    protected final boolean[] candidate;
    /** The backend's server-list version read before the list: a change after that makes the balancer stale. */
    private final int serversVersion;

    /**
     * Splits {@code backend}'s servers; with {@code backupGroup}, the backups become this balancer's group
     * (named {@link #actives} here) and it has no backups of its own.
     */
    AbstractLoadBalancer(final Backend backend, final boolean backupGroup) {
        this.serversVersion = backend.serversVersion(); // before the list: a concurrent change leaves it stale
        final List<Server> all = backend.servers();
        int backupCount = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).isBackup()) {
                backupCount++;
            }
        }
        this.actives = new Server[backupGroup ? backupCount : all.size() - backupCount];
        this.backups = new Server[backupGroup ? 0 : backupCount];
        int a = 0;
        int b = 0;
        for (int i = 0; i < all.size(); i++) {
            final Server server = all.get(i);
            if (server.isBackup() == backupGroup) {
                actives[a++] = server;
            } else if (!backupGroup) {
                backups[b++] = server;
            }
        }
        this.weights = new int[actives.length];
        this.candidate = new boolean[actives.length];
    }

    @Override
    public final int serversVersion() {
        return serversVersion;
    }

    @Override
    public final Server pick(final long key, final Server avoid) {
        final int usable = snapshotActives(avoid);
        if (usable > 0) {
            final int index = choose(key);
            if (index >= 0) {
                return actives[index];
            }
            if (index == ALL_FULL) {
                return null; // the stream waits in the backend's queue, backups stay out
            }
        }
        if (usable < 0) {
            return null; // every usable active is full: the stream waits in the backend's queue, backups stay out
        }
        return backupBalancer != null ? backupBalancer.pick(key, avoid) : firstUsableBackup(avoid);
    }

    /** {@code option allbackups}: {@code balancer}, built over the backups, serves when no active is usable. */
    final void backupBalancer(final LoadBalancer balancer) {
        this.backupBalancer = balancer;
    }

    /** What {@link #choose} returns when every candidate is full: the stream queues in the backend. */
    protected static final int ALL_FULL = -2;

    /**
     * Chooses among the actives whose {@link #candidate} flag is set; there is at least one. Returns its index
     * into {@link #actives}, -1 only if the algorithm cannot serve any of them (the backups are tried), or
     * {@link #ALL_FULL}. {@code key}: see {@link LoadBalancer#pick}. Must not allocate.
     */
    protected abstract int choose(long key);

    /**
     * The weight the algorithm balances an eligible server by: by default its effective weight
     * ({@link Server#eweight()}: the current weight in sixteenths, ramped by {@code slowstart}), as HAProxy's
     * dynamic algorithms use it; the static ones override it. 0 or less makes the server unusable for this
     * algorithm.
     */
    protected int weightOf(final Server server) {
        return server.eweight();
    }

    /**
     * Whether {@code server} (eligible) may be picked now: by default when a newcomer can take a slot at once
     * ({@link Server#hasFreeSlot()}); algorithms that bind a stream to a full server ({@link #bindsWhenFull()})
     * widen it.
     */
    protected boolean hasRoom(final Server server) {
        return server.hasFreeSlot();
    }

    /** The actives' configured weights, by index into {@link #actives}; a new array, for construction. */
    protected final int[] initialWeights() {
        final int[] initial = new int[actives.length];
        for (int i = 0; i < actives.length; i++) {
            initial[i] = actives[i].initialWeight();
        }
        return initial;
    }

    /**
     * Where an instance built with {@code seed} starts in a rotation of {@code length} positions, so that
     * reactors given different seeds do not all send their first connection to the same server. 0 when the
     * rotation is empty.
     */
    protected static int startOffset(final long seed, final int length) {
        return length == 0 ? 0 : (int) Math.floorMod(seed, (long) length);
    }

    /**
     * Fills {@link #weights} and {@link #candidate}; returns how many actives are usable, avoid included, or -1
     * when none has a free slot but some is eligible (all full: HAProxy queues rather than use the backups).
     */
    private int snapshotActives(final Server avoid) {
        int usable = 0;
        int eligible = 0;
        int avoidIndex = -1;
        for (int i = 0; i < actives.length; i++) {
            final Server server = actives[i];
            final int weight = server.isEligible() ? Math.max(0, weightOf(server)) : 0;
            weights[i] = weight;
            final boolean usableNow = weight > 0 && hasRoom(server);
            candidate[i] = usableNow;
            if (weight > 0) {
                eligible++;
            }
            if (usableNow) {
                usable++;
                if (server == avoid) {
                    avoidIndex = i;
                }
            }
        }
        if (avoidIndex >= 0 && usable > 1) {
            candidate[avoidIndex] = false;
        }
        return usable == 0 && eligible > 0 ? -1 : usable;
    }

    /**
     * The first usable backup other than {@code avoid} (HAProxy's "first backup" without {@code option
     * allbackups}); {@code avoid} itself if it is the only one; null when none is usable or the one to use is full
     * (the stream then waits in the backend's queue).
     */
    private Server firstUsableBackup(final Server avoid) {
        Server onlyAvoid = null;
        for (final Server server : backups) {
            if (server.isEligible()) {
                if (server != avoid) {
                    return hasRoom(server) ? server : null;
                }
                onlyAvoid = server;
            }
        }
        return onlyAvoid != null && hasRoom(onlyAvoid) ? onlyAvoid : null;
    }
}
