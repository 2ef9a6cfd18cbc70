package dev.baton.config;

import java.util.Locale;

/**
 * The failures {@code retry-on} lets an HTTP request be retried after (HAProxy's meanings); each retry
 * counts against {@code retries}. The default is CONN_FAILURE alone; {@code retry-on none} is the empty set.
 */
public enum RetryOn {
    /** The connection could not be established and the request was not sent. */
    CONN_FAILURE,
    /** The server closed after part of the request was sent, without answering anything. */
    EMPTY_RESPONSE,
    /** {@code timeout server} struck while waiting for the response. */
    RESPONSE_TIMEOUT;

    /** The keyword, such as {@code conn-failure}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static RetryOn fromKeyword(final String word) {
        for (final RetryOn r : values()) {
            if (r.keyword().equals(word)) {
                return r;
            }
        }
        return null;
    }
}
