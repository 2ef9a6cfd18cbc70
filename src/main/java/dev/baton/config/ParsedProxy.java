package dev.baton.config;

/**
 * A proxy as parsed, with what cross-reference checks need beyond the record itself: where its
 * {@code default_backend} was written (null when unset), so a dangling reference is reported there.
 */
record ParsedProxy(ProxyConfig config, SourceLocation defaultBackendWhere) {
}
