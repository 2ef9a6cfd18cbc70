package dev.baton.http;

import dev.baton.http.rules.FieldName;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The parser's {@link HeaderName} for a configuration {@link FieldName}: built once per name (at the
 * first request that uses it), then a plain map read. The two types exist because the rule model and the
 * parser were written side by side; this bridge is the one place that knows both.
 */
final class HeaderNames {
    private static final ConcurrentHashMap<FieldName, HeaderName> BY_FIELD = new ConcurrentHashMap<>();

    private HeaderNames() {
    }

    static HeaderName of(final FieldName field) {
        final HeaderName known = BY_FIELD.get(field);
        return known != null ? known : BY_FIELD.computeIfAbsent(field, f -> HeaderName.of(f.text()));
    }
}
