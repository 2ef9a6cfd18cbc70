package dev.baton.config;

/** Load-balancing algorithms of the {@code balance} keyword, named as in HAProxy. */
public enum BalanceAlgorithm {
    ROUNDROBIN("roundrobin"),
    STATIC_RR("static-rr"),
    LEASTCONN("leastconn"),
    FIRST("first"),
    SOURCE("source"),
    RANDOM("random");

    private final String keyword;

    BalanceAlgorithm(final String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** The algorithm written as {@code keyword}, or null. */
    public static BalanceAlgorithm fromKeyword(final String keyword) {
        for (final BalanceAlgorithm a : values()) {
            if (a.keyword.equals(keyword)) {
                return a;
            }
        }
        return null;
    }
}
