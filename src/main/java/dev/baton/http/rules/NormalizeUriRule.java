package dev.baton.http.rules;

/**
 * {@code http-request normalize-uri NORMALIZER}: one of HAProxy 2.6's URI normalizers applied to the request target
 * ({@code dev.baton.http.UriNormalizer}). A strict normalizer that finds a malformed percent-encoding fails the
 * request with 400, as HAProxy's {@code ACT_RET_INV}.
 */
public record NormalizeUriRule(Normalizer normalizer, Condition condition) implements HttpRule {
    /** The normalizers, by their configuration names. */
    public enum Normalizer {
        FRAGMENT_ENCODE("fragment-encode"),
        FRAGMENT_STRIP("fragment-strip"),
        PATH_MERGE_SLASHES("path-merge-slashes"),
        PATH_STRIP_DOT("path-strip-dot"),
        PATH_STRIP_DOTDOT("path-strip-dotdot"),
        PATH_STRIP_DOTDOT_FULL("path-strip-dotdot full"),
        PERCENT_DECODE_UNRESERVED("percent-decode-unreserved"),
        PERCENT_DECODE_UNRESERVED_STRICT("percent-decode-unreserved strict"),
        PERCENT_TO_UPPERCASE("percent-to-uppercase"),
        PERCENT_TO_UPPERCASE_STRICT("percent-to-uppercase strict"),
        QUERY_SORT_BY_NAME("query-sort-by-name");

        private final String text;

        Normalizer(final String text) {
            this.text = text;
        }

        /** The name as written in a configuration, with its option. */
        public String text() {
            return text;
        }

        /** Whether it works on the path alone (up to the '?'), else on the path with its query and fragment. */
        public boolean pathOnly() {
            return this == PATH_MERGE_SLASHES || this == PATH_STRIP_DOT || this == PATH_STRIP_DOTDOT
                || this == PATH_STRIP_DOTDOT_FULL;
        }
    }

    @Override
    public Kind kind() {
        return Kind.NORMALIZE_URI;
    }
}
