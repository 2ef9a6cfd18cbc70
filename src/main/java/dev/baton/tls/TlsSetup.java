package dev.baton.tls;

import dev.baton.config.BatonConfig;
import dev.baton.config.BindConfig;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ServerConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TLS contexts of every {@code bind ... ssl} and {@code server ... ssl} line of a configuration, built the same
 * way by start-up and by
 * {@code -c} (certificates loaded, settings applied), so that what {@code -c} accepts starts. Main thread.
 */
public final class TlsSetup {
    /** {@link #certificates()}, once made. */
    private CertStore store;
    private final Map<BindConfig, BindTlsContext> contexts;
    private final Map<ServerConfig, ServerTlsContext> servers;
    private final Map<ServerConfig, ServerTlsContext> checks;
    private final List<String> errors;

    private TlsSetup(final Map<BindConfig, BindTlsContext> contexts, final Map<ServerConfig, ServerTlsContext> servers,
                     final Map<ServerConfig, ServerTlsContext> checks, final List<String> errors) {
        this.contexts = contexts;
        this.servers = servers;
        this.checks = checks;
        this.errors = errors;
    }

    /** Builds every bind's context; the errors say {@code FILE:LINE: frontend 'fe': bind ADDR: why}. */
    public static TlsSetup build(final BatonConfig config) {
        final Map<BindConfig, BindTlsContext> contexts = new IdentityHashMap<>();
        final List<String> errors = new ArrayList<>();
        for (final ProxyConfig fe : config.frontends()) {
            for (final BindConfig bind : fe.binds()) {
                if (bind.tls() == null) {
                    continue;
                }
                try {
                    contexts.put(bind, BindTlsContext.build(bind, config.global().tls()));
                } catch (final IOException e) {
                    errors.add(bind.where() + ": frontend '" + fe.name() + "': bind " + bind.display() + ": "
                        + e.getMessage());
                }
            }
        }
        final Map<ServerConfig, ServerTlsContext> servers = new IdentityHashMap<>();
        final Map<ServerConfig, ServerTlsContext> checks = new IdentityHashMap<>();
        for (final ProxyConfig be : config.proxies()) {
            for (final ServerConfig s : be.servers()) {
                try {
                    final boolean checked = s.check().enabled() && s.tls().checksOverTls(s.check());
                    final ServerTlsContext c = ServerTlsContext.build(s, config.global().tls(), checked);
                    if (c != null && s.ssl()) {
                        servers.put(s, c);
                    }
                    if (c != null && checked) {
                        checks.put(s, c); // the same settings for checks and traffic, as HAProxy
                    }
                } catch (final IOException e) {
                    errors.add(s.where() + ": backend '" + be.name() + "': server '" + s.name() + "': "
                        + e.getMessage());
                }
            }
        }
        return new TlsSetup(contexts, servers, checks, errors);
    }

    /** The context of {@code bind} (null for a plain bind). */
    public BindTlsContext context(final BindConfig bind) {
        return contexts.get(bind);
    }

    /** The TLS context of {@code server} (null for a plain server). */
    public ServerTlsContext context(final ServerConfig server) {
        return servers.get(server);
    }

    /** The TLS context of {@code server}'s health checks (null: plain checks). */
    public ServerTlsContext checkContext(final ServerConfig server) {
        return checks.get(server);
    }

    /** The certificates of every bind, for the runtime API. */
    /**
     * The runtime API's view of this setup's certificates: made once, so that what its commands create or prepare
     * (new files, transactions) stays with this configuration. Main thread at start, then reactor 0.
     */
    public synchronized CertStore certificates() {
        if (store == null) {
            store = new CertStore(contexts.values());
        }
        return store;
    }

    public List<String> errors() {
        return errors;
    }

    /** Frees every native context: after {@code -c}, or when the daemon stops. */
    public void release() {
        for (final BindTlsContext c : contexts.values()) {
            c.release();
        }
        final java.util.Set<ServerTlsContext> all = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        all.addAll(servers.values());
        all.addAll(checks.values());
        for (final ServerTlsContext c : all) {
            c.release();
        }
    }
}
