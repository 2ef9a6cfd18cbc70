package dev.baton.dns;

import dev.baton.backend.Server;
import dev.baton.config.ResolversConfig;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One DNS SRV name as the servers of one backend use it (HAProxy 2.6's resolv_srvrq): the records its answers gave,
 * kept from answer to answer, and the servers that take them, one record each. Resolver thread only
 * ({@link DnsResolver}); what it decides goes out through {@link Actions}.
 * <p>The records are kept in HAProxy's order, by {@link SrvWire.Record#key()} (unsigned), a new record after those
 * of the same key. An answer refreshes the records it lists (the weight of a listed one is the new one) and adds the
 * others; an additional A/AAAA record goes to the first record of its target that has none. Then, record by record
 * in that order: an additional address not refreshed for {@code hold obsolete} is dropped; a record not refreshed
 * for {@code hold obsolete} is dropped and its server loses it ({@link SrvChange#REMOVED}, back to the end of the
 * free servers); otherwise the record's server, or the first free one, is filled with its port and weight, with
 * the additional address when there is one, else through its own A/AAAA resolution of the target
 * ({@link Actions#link}). A failure that lasted its hold time takes every record away.
 */
final class SrvRequest {
    /** What the request asks of its resolver. */
    interface Actions {
        /** Resolves {@code host} (A/AAAA) for {@code server}, unless that is already under way. */
        void link(Server server, String host);

        /** Stops the A/AAAA resolution of {@code server}, if any. */
        void unlink(Server server);

        /** Hands {@code change} of {@code server} to the servers' thread. */
        void changed(Server server, SrvChange change);
    }

    /** A server the name feeds: the record it holds (null: free) and whether its address comes from that record. */
    private static final class Slot {
        final Server server;
        Item item;
        String hostname;

        Slot(final Server server) {
            this.server = server;
        }
    }

    /** A record of the answers, its additional address and the server holding it. */
    private static final class Item {
        final String target;
        final int port;
        final int key;
        int weight;
        long lastSeenMs;
        InetAddress additional;
        long additionalSeenMs;
        Slot slot;

        Item(final SrvWire.Record r, final long nowMs) {
            this.target = r.target();
            this.port = r.port();
            this.key = r.key();
            this.weight = r.weight();
            this.lastSeenMs = nowMs;
        }
    }

    final String name;
    final ResolversConfig resolvers;
    private final boolean ignoreWeight;
    private final Actions actions;
    private final List<Item> items = new ArrayList<>();
    private final ArrayDeque<Slot> free = new ArrayDeque<>();

    /** The request for {@code name} feeding {@code servers} (in configuration order, the order they are taken in). */
    SrvRequest(final String name, final ResolversConfig resolvers, final List<Server> servers, final Actions actions) {
        this.name = name;
        this.resolvers = resolvers;
        this.ignoreWeight = servers.get(0).config().dns().ignoreWeight();
        this.actions = actions;
        for (final Server s : servers) {
            free.add(new Slot(s));
        }
    }

    /** A valid answer, received at {@code nowMs}. */
    void answered(final SrvWire.Answer answer, final long nowMs) {
        for (final SrvWire.Record r : answer.records()) {
            final Item known = find(r.target(), r.port());
            if (known != null) {
                known.weight = r.weight();
                known.lastSeenMs = nowMs;
            } else {
                insert(new Item(r, nowMs));
            }
        }
        for (final SrvWire.Additional a : answer.additionals()) {
            attachAdditional(a, nowMs);
        }
        final long obsoleteMs = resolvers.holdObsoleteMs();
        for (final Item item : List.copyOf(items)) {
            if (item.additional != null && item.additionalSeenMs + obsoleteMs < nowMs) {
                item.additional = null;
            }
            if (item.lastSeenMs + obsoleteMs < nowMs) {
                if (item.slot != null) {
                    release(item.slot);
                }
                items.remove(item);
                continue;
            }
            fill(item);
        }
    }

    /** A failure ({@code status}) with {@code msSinceValid} since the last valid answer. */
    void failed(final DnsWire.Status status, final long msSinceValid) {
        final long holdMs = switch (status) {
            case NX -> resolvers.holdNxMs();
            case REFUSED -> resolvers.holdRefusedMs();
            case TIMEOUT -> resolvers.holdTimeoutMs();
            default -> resolvers.holdOtherMs();
        };
        if (msSinceValid < holdMs) {
            return; // the records are kept while the failure is younger than its hold time
        }
        for (final Item item : items) {
            if (item.slot != null) {
                release(item.slot);
            }
        }
        items.clear();
    }

    private Item find(final String target, final int port) {
        for (final Item i : items) {
            if (i.port == port && i.target.equals(target)) {
                return i;
            }
        }
        return null;
    }

    private void insert(final Item item) {
        int at = items.size();
        while (at > 0 && Integer.compareUnsigned(items.get(at - 1).key, item.key) > 0) {
            at--;
        }
        items.add(at, item);
    }

    /**
     * HAProxy's pairing of an additional record: the record of its target already holding that very address is
     * refreshed (once per answer); else it goes to the first record of its target without one; else it is dropped.
     */
    private void attachAdditional(final SrvWire.Additional a, final long nowMs) {
        for (final Item i : items) {
            if (i.additional != null && i.additionalSeenMs != nowMs && i.target.equals(a.name())
                && i.additional.equals(a.address())) {
                i.additionalSeenMs = nowMs;
                return;
            }
        }
        for (final Item i : items) {
            if (i.additional == null && i.target.equals(a.name())) {
                i.additional = a.address();
                i.additionalSeenMs = nowMs;
                return;
            }
        }
    }

    private void fill(final Item item) {
        Slot slot = item.slot;
        if (slot == null) {
            slot = free.pollFirst();
            if (slot == null) {
                return; // more records than servers
            }
        }
        if (item.additional != null) {
            actions.unlink(slot.server);
        }
        String fqdn = null;
        if (slot.hostname == null) {
            slot.hostname = item.target;
            fqdn = item.target;
        }
        item.slot = slot;
        slot.item = item;
        if (item.additional == null) {
            actions.link(slot.server, item.target);
        }
        final int weight = ignoreWeight ? -1 : (item.weight + 255) / 256;
        actions.changed(slot.server, new SrvChange(true, item.additional, fqdn, item.port, weight));
    }

    /** {@code slot} loses its record: no name, no address, back to the end of the free servers. */
    private void release(final Slot slot) {
        actions.unlink(slot.server);
        slot.item.slot = null;
        slot.item = null;
        slot.hostname = null;
        free.addLast(slot);
        actions.changed(slot.server, SrvChange.REMOVED);
    }
}
