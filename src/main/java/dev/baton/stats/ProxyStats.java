package dev.baton.stats;

import java.util.List;

/**
 * One proxy section: its frontend side (null for a backend section), its backend side (null for a frontend
 * section) and its servers in configuration order (empty without a backend side).
 *
 * @param name  the section's name (HAProxy's pxname)
 * @param iid   the proxy's id (HAProxy's iid: {@code id N}, else numbered as HAProxy numbers proxies)
 * @param mode  {@code tcp} or {@code http}
 * @param description  the proxy's {@code description}, or null
 * @param cookie  the name of its persistence {@code cookie}, or null
 * @param listeners  its listening addresses in bind order under {@code option socket-stats}, else none
 */
public record ProxyStats(String name, int iid, String mode, FrontendStats frontend, BackendStats backend,
                         List<ServerStats> servers, String description, String cookie, List<ListenerStats> listeners) {
    public ProxyStats {
        servers = List.copyOf(servers);
        listeners = List.copyOf(listeners);
    }

    /** A proxy without listener rows. */
    public ProxyStats(final String name, final int iid, final String mode, final FrontendStats frontend,
                      final BackendStats backend, final List<ServerStats> servers, final String description,
                      final String cookie) {
        this(name, iid, mode, frontend, backend, servers, description, cookie, List.of());
    }

    /** A proxy without description. */
    public ProxyStats(final String name, final int iid, final String mode, final FrontendStats frontend,
                      final BackendStats backend, final List<ServerStats> servers) {
        this(name, iid, mode, frontend, backend, servers, null, null);
    }

    /** A proxy without cookie persistence. */
    public ProxyStats(final String name, final int iid, final String mode, final FrontendStats frontend,
                      final BackendStats backend, final List<ServerStats> servers, final String description) {
        this(name, iid, mode, frontend, backend, servers, description, null);
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
