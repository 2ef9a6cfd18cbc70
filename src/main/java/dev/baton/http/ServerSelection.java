package dev.baton.http;

import dev.baton.backend.Server;
import dev.baton.http.rules.MessageView;
import dev.baton.http.rules.ServerRules;
import dev.baton.sample.Scratch;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A backend's {@code force-persist}/{@code ignore-persist} and {@code use-server} rules run on a request, in HAProxy's
 * order: the persistence rules once the backend is known (the first matching one sets its flag), then the
 * {@code use-server} rules before cookie persistence. Reactor thread; allocation-free (a dynamic server name renders
 * into the thread's scratch buffer).
 */
final class ServerSelection {
    /** {@code force-persist} matched. */
    static final int FORCE = 1;
    /** {@code ignore-persist} matched. */
    static final int IGNORE = 2;

    private ServerSelection() {
    }

    /** {@link #FORCE}, {@link #IGNORE} or 0: the first persistence rule whose condition matches decides. */
    static int persistence(final ServerRules rules, final MessageView view) {
        final List<ServerRules.PersistRule> all = rules.persistRules();
        for (int i = 0; i < all.size(); i++) {
            final ServerRules.PersistRule r = all.get(i);
            if (r.condition().test(view)) {
                return r.force() ? FORCE : IGNORE;
            }
        }
        return 0;
    }

    /**
     * The server the first matching {@code use-server} rule names, if it is up or {@code force}d; a rule naming a
     * down server is passed over. A dynamic name that names no server ends the rules (the balancer picks), as
     * HAProxy does. Null when no rule assigns.
     */
    static Server useServer(final ServerRules rules, final List<Server> servers, final MessageView view,
                            final boolean force) {
        final List<ServerRules.UseServer> all = rules.useServers();
        for (int i = 0; i < all.size(); i++) {
            final ServerRules.UseServer r = all.get(i);
            if (!r.condition().test(view)) {
                continue;
            }
            final Server server = r.dynamic() == null ? named(servers, r.name()) : rendered(servers, r, view);
            if (server == null) {
                return null;
            }
            if (force || server.isRunning() && !server.isDisabled()) {
                return server;
            }
        }
        return null;
    }

    private static Server named(final List<Server> servers, final String name) {
        for (int i = 0; i < servers.size(); i++) {
            if (servers.get(i).name().equals(name)) {
                return servers.get(i);
            }
        }
        return null;
    }

    private static Server rendered(final List<Server> servers, final ServerRules.UseServer r, final MessageView view) {
        final ByteBuffer out = Scratch.forThread().next();
        out.clear();
        final int n = r.dynamic().render(view, out);
        if (n <= 0) {
            return null;
        }
        for (int i = 0; i < servers.size(); i++) {
            final String name = servers.get(i).name();
            if (name.length() != n) {
                continue;
            }
            int k = 0;
            while (k < n && out.get(k) == (byte) name.charAt(k)) {
                k++;
            }
            if (k == n) {
                return servers.get(i);
            }
        }
        return null;
    }
}
