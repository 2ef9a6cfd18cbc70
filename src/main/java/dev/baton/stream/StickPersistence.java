package dev.baton.stream;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.StickServerRules;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.Scratch;
import dev.baton.stick.StickEntry;
import dev.baton.stick.StickKey;
import dev.baton.stick.StickTable;
import dev.baton.stick.StickTables;

import java.util.List;

/**
 * A stream's server persistence by stick table, as HAProxy 2.6's sticking and store rules: once the request goes to
 * the backend, {@link #request} runs the {@code stick match|on|store-request} rules in order: the first matching
 * rule whose key is in its table names the server stored there (found by its name, {@code server_key}; by its id,
 * {@code server_id}, only when no name was stored: an entry whose server left names none, even when a server added
 * later got its id), taken only while it is
 * usable (not down, not in maintenance) and only when no cookie or {@code use-server} assigned one; the first
 * store rule of each table keeps its key. {@link #response} adds the {@code stick store-response} keys, and
 * {@link #store} writes the server the stream went to into every kept key's entry (created, or overwritten: a
 * client balanced off a dead server sticks to the new one). At most 8 keys a stream, as HAProxy. One per stream
 * with stick rules (an HTTP workspace's, reused); its reactor thread; keys are kept in probes of its own, so that a
 * stream whose entries exist allocates nothing.
 */
public final class StickPersistence {
    private static final int MAX_STORES = 8;

    private final StickTable[] storeTables = new StickTable[MAX_STORES];
    private final StickKey[] storeKeys = new StickKey[MAX_STORES];
    /** Probes the kept keys are copied into, reused from stream to stream. */
    private final StickKey[] keys = new StickKey[MAX_STORES];
    private int stores;
    /** Keys kept by request rules (the response rules may add one per table beside them). */
    private int requestStores;

    /**
     * Runs the request rules of {@code rules} for the stream {@code ctx} evaluates, keeping the keys to store; the
     * server a {@code stick match} or {@code stick on} found (usable, or any with {@code force}: a
     * {@code force-persist} rule matched), or null. {@code assigned}: a cookie or {@code use-server} already chose,
     * so no match assigns.
     */
    public Server request(final StickServerRules rules, final StickTables tables, final Backend backend,
                          final SampleContext ctx, final boolean assigned, final boolean force) {
        clear();
        Server found = null;
        final List<StickServerRules.Rule> all = rules.request();
        for (int i = 0; i < all.size(); i++) {
            final StickServerRules.Rule r = all.get(i);
            final StickTable t = tables.get(r.table());
            if (t == null || r.store() && kept(t, 0)) {
                continue; // only the first storing rule of each table applies (HAProxy skips the whole rule)
            }
            if (!r.condition().test(ctx)) {
                continue;
            }
            final StickKey key = key(r, t, ctx);
            if (key == null) {
                continue;
            }
            if (r.match()) {
                final StickEntry e = t.lookup(key);
                if (e != null) {
                    if (found == null && !assigned) {
                        found = usable(t, e, backend, force);
                    }
                    t.touched(e);
                }
            }
            if (r.store()) {
                keep(t, key);
            }
        }
        requestStores = stores;
        return found;
    }

    /** Runs the {@code stick store-response} rules on the response {@code ctx} evaluates, keeping their keys. */
    public void response(final StickServerRules rules, final StickTables tables, final SampleContext ctx) {
        final List<StickServerRules.Rule> all = rules.response();
        for (int i = 0; i < all.size(); i++) {
            final StickServerRules.Rule r = all.get(i);
            final StickTable t = tables.get(r.table());
            if (t == null || kept(t, requestStores) || !r.condition().test(ctx)) {
                continue; // only the first store-response of each table applies
            }
            final StickKey key = key(r, t, ctx);
            if (key != null) {
                keep(t, key);
            }
        }
    }

    /** Stores {@code server} (null: the stream reached none, nothing is stored) in every kept key; forgets them. */
    public void store(final Server server) {
        if (server != null) {
            for (int i = 0; i < stores; i++) {
                storeTables[i].storeServer(storeKeys[i], puid(server), server.name());
            }
        }
        clear();
    }

    /** Forgets the kept keys (a stream that ends without a server). */
    public void clear() {
        for (int i = 0; i < stores; i++) {
            storeTables[i] = null;
            storeKeys[i] = null;
        }
        stores = 0;
        requestStores = 0;
    }

    /** HAProxy's {@code puid} of {@code s}: its number in the backend from 1. */
    static int puid(final Server s) {
        return s.id() + 1;
    }

    private boolean kept(final StickTable t, final int from) {
        for (int i = from; i < stores; i++) {
            if (storeTables[i] == t) {
                return true;
            }
        }
        return false;
    }

    private void keep(final StickTable t, final StickKey key) {
        if (stores < MAX_STORES) {
            StickKey kept = keys[stores];
            if (kept == null || !kept.setTo(key)) { // a probe of this stream's, grown to the longest key it kept
                kept = StickKey.probe(Math.max(key.length(), t.config().keyLength()));
                kept.setTo(key);
                keys[stores] = kept;
            }
            storeTables[stores] = t;
            storeKeys[stores++] = kept;
        }
    }

    /** The key of rule {@code r} in table {@code t} (the thread's probe: valid until the next call), or null. */
    private static StickKey key(final StickServerRules.Rule r, final StickTable t, final SampleContext ctx) {
        final Scratch scratch = ctx.scratch();
        final Sample s = scratch.borrow();
        try {
            final StickKey probe = StickKey.threadProbe();
            return r.expr().eval(ctx, s) && probe.set(t.config(), s, scratch) ? probe : null;
        } finally {
            scratch.giveBack();
        }
    }

    /** The server entry {@code e} names in {@code backend}, if it is there and usable now (or forced); else null. */
    private static Server usable(final StickTable t, final StickEntry e, final Backend backend,
                                 final boolean force) {
        final String name = t.serverKey(e);
        // a stored name that left the backend names no server (its id may be another's now): the id only without one
        final long id = name == null ? t.read(e, dev.baton.stick.StickDataType.SERVER_ID) : -1;
        final List<Server> servers = backend.servers();
        Server s = null;
        for (int i = 0; i < servers.size() && s == null; i++) {
            final Server c = servers.get(i);
            if (name != null ? c.name().equals(name) : puid(c) == id) {
                s = c;
            }
        }
        return s != null && (force || s.isRunning() && !s.isDisabled()) ? s : null;
    }
}
