package dev.baton.stick;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every stick table of one configuration generation, by name (the name of the proxy that declares it), in the
 * order of the configuration. Built once with the generation; then read-only and shared by every reactor. Tables
 * do not outlive their generation: as HAProxy without peers, a reload starts them empty.
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
