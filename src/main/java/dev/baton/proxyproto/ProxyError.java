package dev.baton.proxyproto;

/**
 * Why a PROXY protocol header was not accepted, with the text HAProxy 2.6 logs for each (its {@code CO_ER_PRX_*}
 * connection error codes): the log line of a connection that never became a session ends with it.
 */
public enum ProxyError {
    /** The client closed before sending a byte. */
    EMPTY("Connection closed while waiting for PROXY protocol header"),
    /** Reading failed (reset). */
    ABORT("Connection error while waiting for PROXY protocol header"),
    /** {@code timeout client} struck first. */
    TIMEOUT("Timeout while waiting for PROXY protocol header"),
    /** The bytes so far could start a header but it cannot complete (closed, or too long). */
    TRUNCATED("Truncated PROXY protocol header received"),
    /** Neither a v1 line nor the v2 signature. */
    NOT_HDR("Received something which does not look like a PROXY protocol header"),
    /** A header whose fields are wrong (addresses, lengths, command, TLVs, checksum). */
    BAD_HDR("Received an invalid PROXY protocol header"),
    /** A v1 line with a protocol other than TCP4, TCP6 or UNKNOWN. */
    BAD_PROTO("Received an unhandled protocol in the PROXY protocol header");

    private final String message;

    ProxyError(final String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }

    /**
     * Whether {@code option dontlognull} hides this failure, as in HAProxy's session_kill_embryonic: a client that
     * sent nothing or broke the connection, and a timeout (HAProxy names it only after that test).
     */
    public boolean hiddenByDontlognull() {
        return this == EMPTY || this == ABORT || this == TIMEOUT;
    }
}
