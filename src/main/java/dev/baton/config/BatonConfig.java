package dev.baton.config;

import dev.baton.http.cache.HttpCache;
import dev.baton.sample.match.PatternRefs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A whole validated configuration: the global section (with the idle-pool tuning it holds) and every proxy
 * in file order, the pattern references its ACLs and maps use (the runtime API changes their entries, not the
 * configuration), the {@code resolvers} sections by name, the {@code cache} sections' stores by name, and the
 * {@code peers} sections by name with the local peer's name ({@code -L}, {@code localpeer} or the host name). Immutable otherwise; a reload builds a new one.
 */
public record BatonConfig(GlobalConfig global, IdlePoolTuning idlePool, List<ProxyConfig> proxies,
                          List<ConfigError> warnings, PatternRefs patterns, Map<String, ResolversConfig> resolvers,
                          Map<String, HttpCache> caches, Map<String, PeersConfig> peers, String localPeer) {
    public BatonConfig {
        peers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(peers)); // file order
        proxies = List.copyOf(proxies);
        warnings = List.copyOf(warnings);
        resolvers = Map.copyOf(resolvers);
        caches = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(caches)); // file order
    }

    /** A configuration without {@code peers} sections. */
    public BatonConfig(final GlobalConfig global, final IdlePoolTuning idlePool, final List<ProxyConfig> proxies,
                       final List<ConfigError> warnings, final PatternRefs patterns,
                       final Map<String, ResolversConfig> resolvers, final Map<String, HttpCache> caches) {
        this(global, idlePool, proxies, warnings, patterns, resolvers, caches, Map.of(), null);
    }

    /** A configuration without {@code cache} sections. */
    public BatonConfig(final GlobalConfig global, final IdlePoolTuning idlePool, final List<ProxyConfig> proxies,
                       final List<ConfigError> warnings, final PatternRefs patterns,
                       final Map<String, ResolversConfig> resolvers) {
        this(global, idlePool, proxies, warnings, patterns, resolvers, Map.of());
    }

    /** A configuration without {@code resolvers} sections. */
    public BatonConfig(final GlobalConfig global, final IdlePoolTuning idlePool, final List<ProxyConfig> proxies,
                       final List<ConfigError> warnings, final PatternRefs patterns) {
        this(global, idlePool, proxies, warnings, patterns, Map.of());
    }

    /** A configuration without pattern files or ACL patterns to change at run time. */
    public BatonConfig(final GlobalConfig global, final IdlePoolTuning idlePool, final List<ProxyConfig> proxies,
                       final List<ConfigError> warnings) {
        this(global, idlePool, proxies, warnings, new PatternRefs());
    }

    /**
     * This configuration with every backend's {@link ProxyConfig#fullconn} resolved for a global {@code maxconn}
     * of {@code globalMaxconn} (above 0): the configured value, or HAProxy's default computed from the frontends
     * (see {@link FullconnDefaults}). The parser resolves it when the global section sets {@code maxconn}; the
     * daemon calls this once it has derived the global limit. Idempotent.
     */
    public BatonConfig withFullconnResolved(final int globalMaxconn) {
        return new BatonConfig(global, idlePool, FullconnDefaults.resolve(proxies, globalMaxconn), warnings,
            patterns, resolvers, caches, peers, localPeer);
    }

    /** The proxies that accept clients (frontend and listen), in file order. */
    public List<ProxyConfig> frontends() {
        final List<ProxyConfig> out = new ArrayList<>();
        for (final ProxyConfig p : proxies) {
            if (p.kind().isFrontend()) {
                out.add(p);
            }
        }
        return out;
    }

    /** The proxy with this name that can serve as a backend (backend or listen), or null. */
    public ProxyConfig backend(final String name) {
        for (final ProxyConfig p : proxies) {
            if (p.kind().isBackend() && p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
