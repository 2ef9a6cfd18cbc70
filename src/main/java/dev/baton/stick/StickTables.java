package dev.baton.stick;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every stick table of one configuration generation, by name (the name of the proxy that declares it), in the
 * order of the configuration. Built once with the generation; then read-only and shared by every reactor. A table
 * not shared through a peers section does not outlive its generation: as HAProxy without peers, a reload starts it
 * empty. A shared one keeps its entries ({@link #carryOver}).
 */
public final class StickTables {
    /** A configuration without stick tables. */
    public static final StickTables NONE = new StickTables(Map.of());

    private final Map<String, StickTable> tables;

    private StickTables(final Map<String, StickTable> tables) {
        this.tables = tables;
    }

    /** The tables of {@code configs}, one each. */
    public static StickTables of(final Iterable<StickTableConfig> configs) {
        final Map<String, StickTable> m = new LinkedHashMap<>();
        for (final StickTableConfig c : configs) {
            m.putIfAbsent(c.name(), new StickTable(c));
        }
        return m.isEmpty() ? NONE : new StickTables(Collections.unmodifiableMap(m));
    }

    /**
     * The tables of {@code configs} after a reload from {@code before}: a table shared through peers, declared as
     * before, is the same table (entries, update log and all); one shared whose key and data types are unchanged
     * but whose size, expiry or peers section changed is a new table that starts with a copy of the old one's
     * entries (changes made to the old one while the copy runs may be lost); any other starts empty. Reload thread.
     */
    public static StickTables carryOver(final Iterable<StickTableConfig> configs, final StickTables before) {
        final Map<String, StickTable> m = new LinkedHashMap<>();
        for (final StickTableConfig c : configs) {
            if (m.containsKey(c.name())) {
                continue;
            }
            final StickTable old = before.get(c.name());
            if (c.peers() == null || old == null || old.config().peers() == null
                || !c.sameEntries(old.config())) {
                m.put(c.name(), new StickTable(c));
            } else if (c.equals(old.config())) {
                m.put(c.name(), old);
            } else {
                final StickTable fresh = new StickTable(c);
                copy(old, fresh);
                m.put(c.name(), fresh);
            }
        }
        return m.isEmpty() ? NONE : new StickTables(Collections.unmodifiableMap(m));
    }

    private static void copy(final StickTable from, final StickTable to) {
        final StickUpdate u = new StickUpdate();
        final StickKey probe = StickKey.probe(StickKey.MAX_LENGTH);
        for (final StickEntry e : from.snapshot()) {
            from.readForPeers(e, u);
            probe.setTo(e.key());
            to.applyRemote(probe, u);
        }
    }

    /** Whether {@code t} is one of these tables (the very object). */
    public boolean contains(final StickTable t) {
        return tables.get(t.name()) == t;
    }

    /** The table called {@code name}, or null. Allocation-free. */
    public StickTable get(final String name) {
        return name == null ? null : tables.get(name);
    }

    public Collection<StickTable> all() {
        return tables.values();
    }

    public boolean isEmpty() {
        return tables.isEmpty();
    }
}
