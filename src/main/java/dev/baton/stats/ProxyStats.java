package dev.baton.stats;

import java.util.List;

/**
 * One proxy section: its frontend side (null for a backend section), its backend side (null for a frontend
 * section) and its servers in configuration order (empty without a backend side).
 *
 * @param name  the section's name (HAProxy's pxname)
 * @param iid   1-based position of the section in the configuration (HAProxy's iid)
 * @param mode  {@code tcp} or {@code http}
 */
public record ProxyStats(String name, int iid, String mode, FrontendStats frontend, BackendStats backend,
                         List<ServerStats> servers) {
    public ProxyStats {
        servers = List.copyOf(servers);
    }

    /** The server named {@code server}, or null. */
    public ServerStats server(final String server) {
        for (final ServerStats s : servers) {
            if (s.name().equals(server)) {
                return s;
            }
        }
        return null;
    }
}
