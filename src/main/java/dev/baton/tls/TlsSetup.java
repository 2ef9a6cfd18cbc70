package dev.baton.tls;

import dev.baton.config.BatonConfig;
import dev.baton.config.BindConfig;
import dev.baton.config.ProxyConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TLS contexts of every {@code bind ... ssl} line of a configuration, built the same way by start-up and by
 * {@code -c} (certificates loaded, settings applied), so that what {@code -c} accepts starts. Main thread.
 */
public final class TlsSetup {
    private final Map<BindConfig, BindTlsContext> contexts;
    private final List<String> errors;

    private TlsSetup(final Map<BindConfig, BindTlsContext> contexts, final List<String> errors) {
        this.contexts = contexts;
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
        return new TlsSetup(contexts, errors);
    }

    /** The context of {@code bind} (null for a plain bind). */
    public BindTlsContext context(final BindConfig bind) {
        return contexts.get(bind);
    }

    /** The certificates of every bind, for the runtime API. */
    public CertStore certificates() {
        return new CertStore(contexts.values());
    }

    public List<String> errors() {
        return errors;
    }

    /** Frees every native context: after {@code -c}, or when the daemon stops. */
    public void release() {
        for (final BindTlsContext c : contexts.values()) {
            c.release();
        }
    }
}
