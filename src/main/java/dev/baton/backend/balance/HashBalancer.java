package dev.baton.backend.balance;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.BalanceParams;

import java.util.Arrays;
import java.util.List;

/**
 * The hash algorithms ({@code balance source|uri|url_param|hdr}) as HAProxy 2.6 places a key: the key's 32-bit hash
 * (computed by the caller, {@link dev.baton.backend.LoadBalancer#pick}) is looked up either in a map or on a ring,
 * both rebuilt from the servers' weights whenever they change, so that the same key, server list and state give the
 * same server as HAProxy's, in every reactor.
 *
 * <ul>
 *   <li>Map-based (HAProxy's default, {@code lb_map.c}): {@link WeightMap}, each usable server present as many
 *       times as its weight divided by the weights' greatest common divisor; the key goes to
 *       {@code map[hash mod size]}. Any change of the usable set moves most keys. A static algorithm: weights are
 *       0 or the configured one, {@code slowstart} does not apply.</li>
 *   <li>Consistent ({@code hash-type consistent}, {@code lb_chash.c}): {@link ConsistentRing}, each usable server
 *       holding {@code eweight} points (weight x 16, ramped by {@code slowstart}) at fixed places derived from its
 *       id; the key goes to the nearest point. A server going down takes only its own keys with it, and gets the
 *       same keys back when it returns. {@code hash-balance-factor} moves a key past servers that already serve more
 *       than their share of the backend's connections times the factor.</li>
 * </ul>
 *
 * <p>No key ({@link dev.baton.backend.LoadBalancer#NO_KEY}: the parameter or header is absent): round robin over
 * the map or ring, skipping full servers, as HAProxy falls back. A key's server is returned full or not: its
 * stream waits in that server's queue ({@link #bindsWhenFull()}). An avoided server (redispatch) is passed over
 * for the next one along the map or ring. Single-threaded (one instance per reactor); a pick allocates nothing,
 * a rebuild (after an operator's or a health check's change) allocates scratch.
 */
final class HashBalancer extends AbstractLoadBalancer {
    private final boolean consistent;
    private final int balanceFactor;
    /** HAProxy's {@code wmult} for the map: the greatest common divisor of the configured non-zero weights. */
    private final int weightDivisor;
    /** The {@link #weights} the map or ring was built from. */
    private final int[] builtWeights;
    private final WeightMap map;
    private final ConsistentRing ring;
    /** Sum of the weights of the usable servers before each one, for {@code hash-balance-factor}. */
    private final int[] cumulative;
    private int totalWeight;
    /** Where the round robin of key-less picks goes on. */
    private int cursor;

    HashBalancer(final Backend backend, final boolean backups, final BalanceParams params) {
        super(backend, backups);
        this.consistent = params.consistent();
        this.balanceFactor = params.balanceFactor();
        this.weightDivisor = gcdOfWeights(backend.servers());
        this.builtWeights = new int[actives.length];
        this.cumulative = new int[actives.length];
        this.map = consistent ? null : new WeightMap(actives.length);
        final int[] puids = new int[actives.length];
        for (int i = 0; i < actives.length; i++) {
            puids[i] = actives[i].id() + 1; // HAProxy numbers the servers of a backend from 1 in order
        }
        this.ring = consistent ? new ConsistentRing(puids) : null;
    }

    /** HAProxy's wmult of a map: the GCD of the non-zero configured weights of every server, 1 when none. */
    private static int gcdOfWeights(final List<Server> servers) {
        int gcd = 0;
        for (final Server server : servers) {
            int w = server.initialWeight();
            while (w != 0) {
                final int t = gcd % w;
                gcd = w;
                w = t;
            }
        }
        return gcd == 0 ? 1 : gcd;
    }

    /**
     * Consistent: the effective weight ({@link Server#eweight()}, sixteenths ramped by slowstart: HAProxy's
     * chash is dynamic). Map: the weight divided by {@link #weightDivisor}, rounded up (HAProxy's eweight with
     * wdiv 1).
     */
    @Override
    protected int weightOf(final Server server) {
        return consistent ? server.eweight() : (server.weight() + weightDivisor - 1) / weightDivisor;
    }

    /** Every eligible server has room: a full one queues its keys (docs/queues.md Q4). */
    @Override
    protected boolean hasRoom(final Server server) {
        return true;
    }

    @Override
    public boolean bindsWhenFull() {
        return true;
    }

    @Override
    protected int choose(final long key) {
        if (!Arrays.equals(weights, builtWeights)) {
            rebuild();
        }
        if (key < 0) {
            return roundRobin();
        }
        final int hash = (int) key;
        if (!consistent) {
            return map.lookup(hash, candidate);
        }
        int pos = ring.nearest(hash);
        int wraps = 0;
        while (!candidate[ring.owner(pos)] || (balanceFactor != 0 && !withinBalance(ring.owner(pos)))) {
            pos++;
            if (pos == ring.size()) {
                pos = 0;
                if (++wraps > 1) {
                    break; // HAProxy's protection: every server is over its share, take this one
                }
            }
        }
        return ring.owner(pos);
    }

    private void rebuild() {
        System.arraycopy(weights, 0, builtWeights, 0, weights.length);
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            cumulative[i] = sum;
            sum += weights[i];
        }
        totalWeight = sum;
        if (consistent) {
            ring.build(builtWeights);
        } else {
            map.build(builtWeights, sum);
        }
        cursor = 0;
    }

    /** Key-less pick: the next position of the map or ring whose server is a candidate with a free slot. */
    private int roundRobin() {
        final int size = consistent ? ring.size() : map.size();
        for (int k = 0; k < size; k++) {
            final int pos = cursor;
            cursor = cursor + 1 >= size ? 0 : cursor + 1;
            final int index = consistent ? ring.owner(pos) : map.at(pos);
            if (candidate[index] && actives[index].hasFreeSlot()) {
                return index;
            }
        }
        return ALL_FULL;
    }

    /**
     * HAProxy's chash_server_is_eligible: whether server {@code index} serves fewer connections than its share of
     * (the group's connections + 1) x factor / 100, the share following the weights, the remainder spread in
     * proportion, at least one.
     */
    private boolean withinBalance(final int index) {
        long served = 0;
        for (final Server server : actives) {
            served += server.currConns();
        }
        final long totalSlots = ((served + 1) * balanceFactor + 99) / 100;
        final long perWeight = totalSlots / totalWeight;
        final long remainder = totalSlots % totalWeight;
        final long w = weights[index];
        final long before = cumulative[index];
        long slots = w * perWeight + ((before + w) * remainder) / totalWeight - (before * remainder) / totalWeight;
        if (slots == 0) {
            slots = 1;
        }
        return actives[index].currConns() < slots;
    }
}
