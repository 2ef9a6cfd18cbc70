package dev.baton.log;

import dev.baton.io.TlsInfo;

import java.net.InetSocketAddress;

/**
 * What a traffic log line can say of a stream (mode tcp: a connection; mode http: a request): every value the
 * {@code %} variables of {@link LogFormat} read. The {@code mode tcp} stream and the HTTP session fill the client,
 * frontend, timer and byte parts; the server leg the backend, server, queue and connect parts
 * ({@code dev.baton.stream.ServerLeg#fillLog}). Times in ms, -1 for a phase never reached, as in HAProxy.
 * Reused (HTTP: one per request workspace, {@link #clearShared}); reactor thread only.
 */
public abstract class StreamLogFields {
    /** HAProxy keeps this many bytes of the request line for the log by default ({@code tune.http.logurilen}). */
    public static final int REQUEST_LINE_BYTES = dev.baton.config.TuneSettings.DEFAULT_LOG_URI_LEN;

    public InetSocketAddress client;
    /** The address the client connected to (%fi, %fp); null when unknown. */
    public InetSocketAddress frontendAddress;
    /** The server connection's local (%bi, %bp) and remote (%si, %sp) addresses; null without a connection. */
    public InetSocketAddress backendSource;
    public InetSocketAddress serverAddress;
    /** For a client of a Unix socket (client null): its listener's id, logged as {@code unix:ID}; else 0. */
    public int unixListenerId;
    public String frontend;
    public String backend;
    public String server;
    /** Tc in ms; -1 when no connection was established. */
    public long connectMs;
    /** Bytes sent to the client. */
    public long bytesRead;
    /** Bytes received from the client (%U). */
    public long bytesUploaded;
    public char terminationCause;
    public char terminationState;
    /** The cookie persistence states of {@code %tsc} (HAProxy's 3rd and 4th characters); 0 shows as '-'. */
    public char cookieClient;
    public char cookieServer;
    public int actconn;
    public int feconn;
    public int beconn;
    public int srvconn;
    public int retries;
    public boolean redispatched;
    /** Tw in ms: time spent waiting in queues before a server slot was held; -1 when it never got that far. */
    public long waitMs;
    /** How many entries the server's queue served while this stream waited in it (HAProxy's srv_queue). */
    public long srvQueue;
    /** How many entries the backend's queue served while this stream waited in it (HAProxy's backend_queue). */
    public long backendQueue;
    /** The stream's accept date (HTTP: the request's stream, after the idle time of a kept-alive connection). */
    public long acceptEpochMs;
    /** Th, Ti (0 in mode tcp), TR (-1 when no full request), Tr (-1 without a response head). */
    public long handshakeMs;
    public long idleMs;
    public long requestMs = -1;
    public long responseMs = -1;
    /** Fields keeping up to {@link #REQUEST_LINE_BYTES} of the request line. */
    protected StreamLogFields() {
        this(REQUEST_LINE_BYTES);
    }

    /** Fields keeping up to {@code requestLineBytes} of the request line ({@code tune.http.logurilen}). */
    protected StreamLogFields(final int requestLineBytes) {
        this.requestLine = new byte[requestLineBytes];
    }

    /** Tt: from accept to the end (HTTP: Th + Ti + Ta). */
    public long totalMs;
    /** HTTP status, -1 when none was sent; 0 in mode tcp. */
    public int status;
    /**
     * The request line as received (latin-1), at most as many bytes as {@code tune.http.logurilen} keeps; empty for
     * a request that never parsed (%r shows {@code <BADREQ>}).
     */
    public final byte[] requestLine;
    public int requestLineLength;
    /** HAProxy's stream id (%rt): a process-wide count of streams, taken when the stream began. */
    public long requestCounter;
    /** The frontend's count of lines sent before this one (%lc), set by {@link TrafficLog}. */
    public long logCounter;
    /** {@code option logasap}: the line goes out early, with '+' before Tt, Ta, Tu and B. */
    public boolean logAsap;
    /** What the client connection's TLS handshake gave (certificate fetches); null for plain TCP. */
    public TlsInfo tls;
    /** The stream's captures and unique id (owned by the stream, not these fields); null when it has none. */
    public LogCaptures captures;
    /** The stream's variables ({@code %[var(txn.x)]}; owned by the stream), or null. */
    public dev.baton.sample.vars.Vars vars;

    /** The client as HAProxy's {@code %ci:%cp} shows it: {@code ip:port}, or {@code unix:ID} for a Unix client. */
    public String clientText() {
        return client == null && unixListenerId != 0 ? "unix:" + unixListenerId : TrafficLog.address(client);
    }

    /** Forgets every field. */
    protected void clearShared() {
        client = null;
        frontendAddress = null;
        backendSource = null;
        serverAddress = null;
        unixListenerId = 0;
        frontend = null;
        backend = null;
        server = null;
        connectMs = 0;
        bytesRead = 0;
        bytesUploaded = 0;
        terminationCause = 0;
        terminationState = 0;
        cookieClient = 0;
        cookieServer = 0;
        actconn = 0;
        feconn = 0;
        beconn = 0;
        srvconn = 0;
        retries = 0;
        redispatched = false;
        waitMs = 0;
        srvQueue = 0;
        backendQueue = 0;
        acceptEpochMs = 0;
        handshakeMs = 0;
        idleMs = 0;
        requestMs = -1;
        responseMs = -1;
        totalMs = 0;
        status = 0;
        requestLineLength = 0;
        requestCounter = 0;
        logCounter = 0;
        logAsap = false;
        captures = null;
        vars = null;
        tls = null;
    }

    /** Ta: Tt without the handshake and idle times. */
    public long activeMs() {
        return totalMs - Math.max(0, idleMs) - handshakeMs;
    }

    /** Tq: Th + Ti + TR, -1 when no full request came. */
    public long requestTotalMs() {
        return requestMs < 0 ? -1 : handshakeMs + Math.max(0, idleMs) + requestMs;
    }
}
