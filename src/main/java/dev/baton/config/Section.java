package dev.baton.config;

import java.util.Locale;

/** The configuration sections baton implements, named as the keyword that opens them. */
enum Section {
    GLOBAL, DEFAULTS, FRONTEND, BACKEND, LISTEN;

    /** The section keyword, as written in the file and quoted in messages. */
    String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of proxy this section declares, or null for global and defaults. */
    ProxyKind proxyKind() {
        switch (this) {
            case FRONTEND:
                return ProxyKind.FRONTEND;
            case BACKEND:
                return ProxyKind.BACKEND;
            case LISTEN:
                return ProxyKind.LISTEN;
            default:
                return null;
        }
    }

    /** The section opened by {@code word}, or null when the word does not open a section. */
    static Section fromKeyword(final String word) {
        for (final Section s : values()) {
            if (s.keyword().equals(word)) {
                return s;
            }
        }
        return null;
    }
}
