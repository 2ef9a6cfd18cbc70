package dev.baton.config;

/**
 * The rights of a {@code stats socket}, as HAProxy's {@code level} bind option: {@code user} may only read,
 * {@code operator} (the default) may also run the non-destructive operational commands, {@code admin} may
 * change the running process. Ordered: a level includes every lower one.
 */
public enum AccessLevel {
    USER("user"),
    OPERATOR("operator"),
    ADMIN("admin");

    /** HAProxy's default level for a {@code stats socket} without {@code level}. */
    public static final AccessLevel DEFAULT = OPERATOR;

    private final String keyword;

    AccessLevel(final String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** True when this level has at least the rights of {@code required}. */
    public boolean allows(final AccessLevel required) {
        return compareTo(required) >= 0;
    }

    /** The level written as {@code keyword}, or null. */
    public static AccessLevel fromKeyword(final String keyword) {
        for (final AccessLevel l : values()) {
            if (l.keyword.equals(keyword)) {
                return l;
            }
        }
        return null;
    }
}
