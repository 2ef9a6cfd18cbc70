package dev.baton.config;

/** Load-balancing algorithms of the {@code balance} keyword, named as in HAProxy. */
public enum BalanceAlgorithm {
    ROUNDROBIN("roundrobin"),
    STATIC_RR("static-rr"),
    LEASTCONN("leastconn"),
    FIRST("first"),
    SOURCE("source"),
    RANDOM("random"),
    /** {@code balance uri}: a hash of the request target (its parameters in {@link BalanceParams}). */
    URI("uri"),
    /** {@code balance hash EXPR}: the hash of a sample expression's value, per request (HAProxy 2.6). */
    HASH("hash"),
    /** {@code balance url_param NAME}: a hash of a query-string parameter's value. */
    URL_PARAM("url_param"),
    /** {@code balance hdr(NAME)}: a hash of a request header's first value. */
    HDR("hdr");

    private final String keyword;

    BalanceAlgorithm(final String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** Whether the algorithm hashes a key onto the servers (HAProxy's BE_LB_KIND_HI), following {@code hash-type}. */
    public boolean hashes() {
        return this == SOURCE || this == URI || this == URL_PARAM || this == HDR || this == HASH;
    }

    /** Whether the key comes from the HTTP request (HAProxy's BE_LB_PROP_L7). */
    public boolean layer7() {
        return this == URI || this == URL_PARAM || this == HDR;
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
