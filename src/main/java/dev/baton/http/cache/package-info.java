/**
 * HAProxy 2.6's small-object HTTP cache ({@code cache NAME} sections, {@code http-request cache-use},
 * {@code http-response cache-store}): the store shared by every reactor ({@link dev.baton.http.cache.HttpCache}),
 * its entries ({@link dev.baton.http.cache.CacheEntry}), and the rules of RFC 7234 as HAProxy applies them to decide
 * what may be served and what may be stored ({@link dev.baton.http.cache.Cacheability}).
 */
package dev.baton.http.cache;
