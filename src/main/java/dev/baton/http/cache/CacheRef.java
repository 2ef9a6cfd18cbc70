package dev.baton.http.cache;

/**
 * A cache named by {@code http-request cache-use} or {@code http-response cache-store}, resolved once every section
 * was read (a {@code cache} section may follow the proxies that use it, as in HAProxy). The loading thread resolves
 * it before the configuration is published to the reactors, which only read it.
 */
public final class CacheRef {
    private final String name;
    private HttpCache cache;

    public CacheRef(final String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Loading thread only, before the configuration is published. */
    public void resolve(final HttpCache resolved) {
        this.cache = resolved;
    }

    /** The cache, or null before {@link #resolve} (an unresolved name is a configuration error). */
    public HttpCache cache() {
        return cache;
    }
}
