package dev.baton.counters;

/**
 * The cumulative traffic counters kept per frontend, backend and server, named after the HAProxy
 * {@code show stat} columns they feed. Which ones apply depends on the object: a frontend counts
 * sessions, bytes and denials; a backend and a server count every one.
 */
public enum Counter {
    /** Cumulated sessions (stot). */
    SESSIONS("stot"),
    /**
     * HTTP requests (req_tot, HTTP mode): on a frontend those received; on a backend those that ended after reaching
     * it, on a server the final responses it sent (HAProxy's cum_req of each, the window of their qtime).
     */
    REQUESTS("req_tot"),
    /** Requests denied by http-request rules (dreq). */
    DENIED_REQUESTS("dreq"),
    /** Bytes received from clients and sent on to servers (bin). */
    BYTES_IN("bin"),
    /** Bytes received from servers and sent on to clients (bout). */
    BYTES_OUT("bout"),
    /** Failed connection attempts to servers (econ). */
    CONNECT_ERRORS("econ"),
    /** Errors while talking to a server after it accepted the connection (eresp). */
    RESPONSE_ERRORS("eresp"),
    /** Connection retries (wretr). */
    RETRIES("wretr"),
    /** Redispatches to another server (wredis). */
    REDISPATCHES("wredis"),
    /** Transfers aborted by the client (cli_abrt). */
    CLIENT_ABORTS("cli_abrt"),
    /** Transfers aborted by the server (srv_abrt). */
    SERVER_ABORTS("srv_abrt"),
    /** Times the server was chosen by the balancer (lbtot). */
    SELECTED("lbtot"),
    /** New connections opened to servers (connect). */
    CONNECTS("connect"),
    /** Server connections reused from the idle pools (reuse). */
    REUSES("reuse"),
    /** Responses denied by tcp-response content rules (dresp). */
    DENIED_RESPONSES("dresp"),
    /** Response body bytes fed to the compressor (comp_in; frontends and backends). */
    COMP_IN("comp_in"),
    /** Bytes the compressor made of them, chunk framing aside (comp_out). */
    COMP_OUT("comp_out"),
    /** Body bytes of responses re-framed without compression, {@code compression algo identity} (comp_byp). */
    COMP_BYP("comp_byp"),
    /** Responses that went through the compression (comp_rsp), identity included. */
    COMP_RSP("comp_rsp");

    private final String statName;

    Counter(final String statName) {
        this.statName = statName;
    }

    /** The HAProxy {@code show stat} column name. */
    public String statName() {
        return statName;
    }
}
