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
    /**
     * Requests that failed on the frontend (ereq): malformed, or cut or timed out before their head was whole (the
     * error HAProxy's H1 mux answers itself), or refused as bad by the request analysers.
     */
    FAILED_REQUESTS("ereq"),
    /** Requests the frontend answered itself (intercepted): stats page, monitor-uri, redirect, return, services. */
    INTERCEPTED("intercepted"),
    /** Internal errors (eint): answered 500 by baton itself, e.g. after a failed rewrite in strict mode. */
    INTERNAL_ERRORS("eint"),
    /** Header rewrites that failed (wrew). */
    FAILED_REWRITES("wrew"),
    /** Connections refused by tcp-request connection rules (dcon). */
    DENIED_CONNECTIONS("dcon"),
    /** Sessions refused by tcp-request session rules (dses). */
    DENIED_SESSIONS("dses"),
    /** HTTP responses with a 1xx status (hrsp_1xx; a server's interim responses count, as HAProxy's). */
    HRSP_1XX("hrsp_1xx"),
    /** HTTP responses with a 2xx status (hrsp_2xx). */
    HRSP_2XX("hrsp_2xx"),
    /** HTTP responses with a 3xx status (hrsp_3xx). */
    HRSP_3XX("hrsp_3xx"),
    /** HTTP responses with a 4xx status (hrsp_4xx). */
    HRSP_4XX("hrsp_4xx"),
    /** HTTP responses with a 5xx status (hrsp_5xx). */
    HRSP_5XX("hrsp_5xx"),
    /** HTTP responses with any other status (hrsp_other). */
    HRSP_OTHER("hrsp_other"),
    /** Response body bytes fed to the compressor (comp_in; frontends and backends). */
    COMP_IN("comp_in"),
    /** Bytes the compressor made of them, chunk framing aside (comp_out). */
    COMP_OUT("comp_out"),
    /** Body bytes of responses re-framed without compression, {@code compression algo identity} (comp_byp). */
    COMP_BYP("comp_byp"),
    /** Responses that went through the compression (comp_rsp), identity included. */
    COMP_RSP("comp_rsp"),
    /** Requests {@code http-request cache-use} looked up in its cache (cache_lookups; frontends and backends). */
    CACHE_LOOKUPS("cache_lookups"),
    /** Those the cache answered (cache_hits). */
    CACHE_HITS("cache_hits");

    private final String statName;

    Counter(final String statName) {
        this.statName = statName;
    }

    /** The response-class counter of HTTP status {@code status}: HRSP_1XX..HRSP_5XX, else HRSP_OTHER (as HAProxy). */
    public static Counter responseClass(final int status) {
        switch (status / 100) {
            case 1:
                return HRSP_1XX;
            case 2:
                return HRSP_2XX;
            case 3:
                return HRSP_3XX;
            case 4:
                return HRSP_4XX;
            case 5:
                return HRSP_5XX;
            default:
                return HRSP_OTHER;
        }
    }

    /** The HAProxy {@code show stat} column name. */
    public String statName() {
        return statName;
    }
}
