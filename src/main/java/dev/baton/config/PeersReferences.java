package dev.baton.config;

import dev.baton.stick.StickTableConfig;

import java.util.Map;

/**
 * Points each proxy's {@code stick-table ... peers NAME} at its peers section once every section is read, as
 * HAProxy's post-parse check: an unknown section is an error; a disabled section, or one dropped for want of a
 * local peer (already warned), leaves the table unshared. Pure but for the diagnostics and the drafts it changes.
 */
final class PeersReferences {
    private PeersReferences() {
    }

    static void resolve(final Iterable<ProxyDraft> proxies, final Map<String, PeersConfig> sections,
                        final Diagnostics diag) {
        for (final ProxyDraft p : proxies) {
            final StickTableConfig t = p.stickTable;
            if (t == null || t.peers() == null) {
                continue;
            }
            final PeersConfig section = sections.get(t.peers());
            if (section == null) {
                diag.error(p.stickTableWhere, "Proxy '" + p.name + "': unable to find sync peers '" + t.peers() + "'.");
                p.stickTable = t.withoutPeers();
            } else if (section.disabled() || section.local() == null) {
                p.stickTable = t.withoutPeers();
            }
        }
    }
}
