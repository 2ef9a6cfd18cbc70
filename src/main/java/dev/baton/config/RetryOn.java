package dev.baton.config;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The failures {@code retry-on} lets an HTTP request be retried after (HAProxy 2.6's meanings); each retry
 * counts against {@code retries}. The default is CONN_FAILURE alone; {@code retry-on none} is the empty set. A retry
 * needs the whole request still at hand (baton keeps it while it fits in its buffer, as HAProxy's L7 buffer).
 */
public enum RetryOn {
    /** The connection could not be established and the request was not sent. */
    CONN_FAILURE("conn-failure"),
    /** The server closed after part of the request was sent, without answering anything. */
    EMPTY_RESPONSE("empty-response"),
    /** The server answered something that is not a valid HTTP response head (a partial one included). */
    JUNK_RESPONSE("junk-response"),
    /** {@code timeout server} struck while waiting for the response. */
    RESPONSE_TIMEOUT("response-timeout"),
    /**
     * The server refused TLS early data. baton never sends early data (no 0-RTT to servers), so this never happens;
     * taken so that HAProxy's lists load, as HAProxy takes it for servers it sends none to.
     */
    ZERO_RTT_REJECTED("0rtt-rejected"),
    S401("401"), S403("403"), S404("404"), S408("408"), S425("425"), S500("500"), S501("501"), S502("502"),
    S503("503"), S504("504");

    /** HAProxy's {@code all-retryable-errors}. */
    public static final Set<RetryOn> ALL_RETRYABLE = Collections.unmodifiableSet(EnumSet.of(CONN_FAILURE,
        EMPTY_RESPONSE, JUNK_RESPONSE, RESPONSE_TIMEOUT, ZERO_RTT_REJECTED, S500, S502, S503, S504));

    private final String keyword;

    RetryOn(final String keyword) {
        this.keyword = keyword;
    }

    /** The keyword, such as {@code conn-failure} or {@code 503}. */
    public String keyword() {
        return keyword;
    }

    /** Whether {@code set} retries a request whose response has {@code status}. Allocates nothing. */
    public static boolean retriesStatus(final Set<RetryOn> set, final int status) {
        final RetryOn r = forStatus(status);
        return r != null && set.contains(r);
    }

    /** The keyword of {@code status}, or null when retry-on has none for it. */
    private static RetryOn forStatus(final int status) {
        switch (status) {
            case 401: return S401;
            case 403: return S403;
            case 404: return S404;
            case 408: return S408;
            case 425: return S425;
            case 500: return S500;
            case 501: return S501;
            case 502: return S502;
            case 503: return S503;
            case 504: return S504;
            default: return null;
        }
    }

    static RetryOn fromKeyword(final String word) {
        for (final RetryOn r : values()) {
            if (r.keyword.equals(word)) {
                return r;
            }
        }
        return null;
    }
}
