package dev.baton.http;

/**
 * Error codes returned (never thrown) by {@link HeadParser#parse} and {@link ChunkedScanner#scan}: negative
 * numbers whose absolute value is the HTTP status the proxy answers with. A request-side error is
 * {@link #BAD_REQUEST}, {@link #URI_TOO_LONG} or {@link #TOO_LARGE}; a response-side error is always
 * {@link #BAD_GATEWAY} (the client is told the server misbehaved).
 */
public final class HttpError {
    /** Malformed request head or request body framing. */
    public static final int BAD_REQUEST = -400;
    /** The request line alone does not fit in the configured head size. */
    public static final int URI_TOO_LONG = -414;
    /** The request head does not fit in the configured head size. */
    public static final int TOO_LARGE = -431;
    /** Malformed, oversized or ambiguous response head or response body framing. */
    public static final int BAD_GATEWAY = -502;

    private HttpError() {
    }

    /** True for every negative result of the parser or the scanner. */
    public static boolean isError(final int result) {
        return result < -1;
    }

    /**
     * The HTTP status to answer with for an error {@code code}: 400 or 502. A head or request line too large for
     * the buffer is a 400, as HAProxy 2.6 answers it (its manual: a request larger than {@code tune.bufsize -
     * tune.maxrewrite} gets 400), not 431 or 414.
     */
    public static int status(final int code) {
        return code == URI_TOO_LONG || code == TOO_LARGE ? 400 : -code;
    }

    /** The error for malformed input on one side: 400 for a request, 502 for a response. */
    static int bad(final boolean request) {
        return request ? BAD_REQUEST : BAD_GATEWAY;
    }
}
