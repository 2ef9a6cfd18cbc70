package dev.baton.config;

import java.util.Locale;

/**
 * {@code http-reuse never|safe|aggressive|always}: which idle server connections a request may use (see
 * DESIGN.md §3 for the table). SAFE is the default: a session's first request gets its own connection.
 */
public enum HttpReuse {
    NEVER, SAFE, AGGRESSIVE, ALWAYS;

    static final String EXPECTED = "one of never, safe, aggressive, always";

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    static HttpReuse fromKeyword(final String word) {
        for (final HttpReuse r : values()) {
            if (r.keyword().equals(word)) {
                return r;
            }
        }
        return null;
    }
}
