package dev.baton.http.rules;

import dev.baton.http.cache.CacheRef;

/**
 * {@code http-request cache-use NAME} (kind {@link Kind#CACHE_USE}): computes the request's cache key and, when the
 * request may be served from the cache and a fresh object is there, has the cache answer instead of a server (the
 * following rules still run, as in HAProxy). {@code http-response cache-store NAME} ({@link Kind#CACHE_STORE}):
 * stores the response, its head as the rules so far left it, when it may be stored.
 */
public record CacheRule(Kind kind, CacheRef cache, Condition condition) implements HttpRule {
}
