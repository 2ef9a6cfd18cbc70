package dev.baton.config;

import dev.baton.stick.StickReferences;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks, once every proxy is parsed, that each stick table a rule or fetch names ({@code track-sc0 src table T},
 * {@code src_conn_cur(T)}, {@code in_table(T)}, or the rule's own proxy's when it names none) is the
 * {@code stick-table} of some proxy or a {@code table} of a peers section ({@code SECTION/NAME}), as HAProxy refuses to start otherwise. Pure but for the diagnostics.
 */
final class StickTableReferences {
    private StickTableReferences() {
    }

    static void validate(final List<ParsedProxy> proxies, final Set<String> peerTables, final Diagnostics diag) {
        final Set<String> tables = new HashSet<>(peerTables);
        final Set<String> names = new HashSet<>();
        for (final ParsedProxy parsed : proxies) {
            names.add(parsed.config().name());
            if (parsed.config().extras().stickTable() != null) {
                tables.add(parsed.config().name());
            }
        }
        for (final StickReferences.Reference r : StickReferences.drain()) {
            if (tables.contains(r.table())) {
                continue;
            }
            final SourceLocation where = r.where() instanceof SourceLocation l ? l : null;
            final boolean own = r.table().equals(r.proxy());
            diag.error(where, "'" + r.what() + "': "
                + (names.contains(r.table()) ? "proxy '" + r.table() + "' has no stick table"
                    + (own ? " (add a 'stick-table' line to it, or name another proxy's table)" : "")
                    : "no stick table named '" + r.table() + "'"));
        }
    }
}
