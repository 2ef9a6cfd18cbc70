package dev.baton.http.rules;

/**
 * {@code http-request redirect location|prefix|scheme VALUE [code CODE] [drop-query]}: answers {@code code}
 * (301, 302 default, 303, 307 or 308) with a {@code Location} built as HAProxy does:
 * <ul>
 *   <li>LOCATION: the rendered value as is;</li>
 *   <li>PREFIX: the rendered value followed by the request's path and query ({@code drop-query}: the path
 *       only); a prefix written {@code /} stands for no prefix and is stored empty;</li>
 *   <li>SCHEME: the rendered value, {@code ://}, the first {@code Host} header's value (nothing when
 *       absent), then the path and query ({@code drop-query}: the path only); {@code /} when the request
 *       has no path or {@code *}.</li>
 * </ul>
 * {@code append-slash} (PREFIX and SCHEME): a {@code /} is added at the end of the location when it does not end
 * with one (after the query, unless {@code drop-query}: HAProxy pairs the two).
 */
public record RedirectRule(Type type, ValueTemplate value, int code, boolean dropQuery, Condition condition,
                           boolean appendSlash) implements HttpRule {
    public static final int DEFAULT_CODE = 302;

    /** Without {@code append-slash}. */
    public RedirectRule(final Type type, final ValueTemplate value, final int code, final boolean dropQuery,
                        final Condition condition) {
        this(type, value, code, dropQuery, condition, false);
    }

    public enum Type {
        LOCATION, PREFIX, SCHEME
    }

    @Override
    public Kind kind() {
        return Kind.REDIRECT;
    }
}
