package dev.baton.http;

/**
 * The record of the request under way on an {@link HttpSession}: how far its request and response went,
 * its timestamps (HAProxy's TR, Tc, Tr, Ta), its status, the bytes sent to the client, and HAProxy's
 * termination state. Reset at each request; reactor thread only. What the log line and the counters say of
 * a request is read from here when it ends ({@link HttpSession#endRequest}).
 */
final class Exchange {
    /** The first byte of the request arrived; {@link #requestStartNs} is set. */
    boolean requestStarted;
    /** The request has yet to be logged and counted. */
    boolean pending;
    /** Its line already went out ({@code option logasap}). */
    boolean logged;
    long requestStartNs;
    long requestEpochMs;
    /** When the wait for this request began (the accept, or the end of the previous exchange): HAProxy's Ti. */
    long idleSinceNs;
    /** HAProxy's stream id of this request (%rt), taken with its first byte. */
    long requestId;
    long headDoneNs = -1;
    long responseHeadNs = -1;
    /**
     * The HAProxy applet that answered ({@code <STATS>}, {@code <PROMEX>}), logged as the server, reached at once
     * (Tw and Tc 0); null otherwise.
     */
    String applet;
    /** What set-log-level rules left for this request's line ({@link dev.baton.log.HttpLogLine#logLevel}). */
    int logLevel = dev.baton.log.HttpLogLine.LEVEL_DEFAULT;
    long bytesToClient;
    /**
     * A server's response body is being relayed to the client: what it moved so far ({@code respBody.moved()}) is
     * not in {@link #bytesToClient} yet. Read by {@code option contstats}' counting on the way.
     */
    boolean relayingBody;
    /**
     * {@code http-send-name-header}: where the server-name line goes in the server output (the head's end) and the
     * length of the one placed there (0: none yet). See {@link ServerNameHeader}.
     */
    int serverNameAt;
    int serverNameLength;
    /** The request's bytes from and to the client already counted by {@code option contstats} on the way. */
    long countedIn;
    long countedOut;
    char termCause = '-';
    char termState = '-';
    /** The cookie persistence states of %tsc (client side, server side); 0 until cookie persistence ran. */
    char cookieClient;
    char cookieServer;
    HttpMethod method;
    int status;
    int clientVersion;
    boolean requestComplete;
    boolean responseStarted;
    boolean responseComplete;
    /** The request is still whole in the server output (it can be sent again on another connection). */
    boolean replayable;
    /** The server keeps the connection alive after this response. */
    boolean serverKeepAlive;
    /** Held by {@code http-request tarpit}: logged as HAProxy does (no TR; Tw the whole wait since the accept). */
    boolean tarpitted;
    /** The frontend counted this request (req_tot, req_rate): its head was parsed, or its early error answered. */
    boolean requestCounted;
    /** HAProxy logs no request time (TR -1) for it: its rules failed before the request was stamped. */
    boolean requestUnstamped;
    /** {@code http-request set-timeout server|tunnel}: this request's timeouts, -1 for the backend's. */
    long serverTimeoutMs = -1;
    long tunnelTimeoutMs = -1;
    /** The algorithm the request chose for its response ({@code compression algo}), null when none. */
    dev.baton.config.CompressionAlgo compAlgo;
    /** The response is being compressed (HAProxy's {@code res.comp}). */
    boolean compressing;

    /**
     * The first byte of a request is here: HAProxy's request date and the start of TR and Ta; the wait for it
     * began at {@code waitStartNs}.
     */
    void markStart(final long nowNs, final boolean wantDate, final long waitStartNs) {
        if (!requestStarted) {
            requestStarted = true;
            requestStartNs = nowNs;
            idleSinceNs = waitStartNs;
            requestId = dev.baton.log.StreamIds.next();
            if (wantDate) {
                requestEpochMs = System.currentTimeMillis();
            }
        }
    }

    /** A request head was parsed at {@code nowNs}: everything else starts afresh. */
    void begin(final long nowNs, final HttpMethod requestMethod, final int version) {
        pending = true;
        logged = false;
        headDoneNs = nowNs;
        responseHeadNs = -1;
        applet = null;
        bytesToClient = 0;
        relayingBody = false;
        countedIn = 0;
        countedOut = 0;
        termCause = '-';
        termState = '-';
        cookieClient = 0;
        cookieServer = 0;
        method = requestMethod;
        clientVersion = version;
        requestComplete = false;
        responseStarted = false;
        responseComplete = false;
        status = 0;
        replayable = true;
        serverKeepAlive = false;
        tarpitted = false;
        requestUnstamped = false;
        serverTimeoutMs = -1;
        tunnelTimeoutMs = -1;
        compAlgo = null;
        compressing = false;
        logLevel = dev.baton.log.HttpLogLine.LEVEL_DEFAULT;
    }

    /** Between requests: the next one has not started. */
    void idle() {
        logLevel = dev.baton.log.HttpLogLine.LEVEL_DEFAULT;
        requestStarted = false;
        requestCounted = false;
        logged = false;
        headDoneNs = -1;
    }

    void terminate(final char cause, final char state) {
        termCause = cause;
        termState = state;
    }

    /**
     * HAProxy's termination state for a reply baton makes itself with {@code code}; {@code inBody}: the client
     * was sending its request body, {@code connectCause}/{@code connectState}: how the server connect failed.
     */
    void terminateWith(final int code, final boolean inBody, final char connectCause, final char connectState) {
        switch (code) {
            case 408:
                terminate('c', inBody ? 'D' : 'R'); // in the request body, or in its head
                break;
            case 502:
                terminate(responseStarted ? 'P' : 'S', 'H');
                break;
            case 503:
                terminate(connectCause, connectState);
                break;
            case 504:
                terminate('s', 'H');
                break;
            case 500:
                terminate('P', responseStarted ? 'H' : 'R'); // a rewrite that failed: of the response, or the request
                break;
            default:
                terminate('P', 'R');
                break;
        }
    }
}
