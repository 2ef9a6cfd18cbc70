package dev.baton.config;

/**
 * The global {@code tune.*} settings of the listeners and sockets (the buffers' own, {@code tune.bufsize} and
 * {@code tune.maxrewrite}, stay in {@link GlobalConfig}; TLS's in {@link TlsDefaults}; the idle pools' in
 * {@link IdlePoolTuning}).
 *
 * @param maxAccept   {@code tune.maxaccept}: the most clients one listener accepts each time its reactor finds it
 *                    ready before the reactor turns to other work; 0 when not set (baton's {@link #DEFAULT_MAX_ACCEPT}),
 *                    {@link #UNLIMITED_ACCEPT} for -1 (accept until the backlog is empty)
 * @param client      {@code tune.rcvbuf.client} and {@code tune.sndbuf.client}: set on every accepted client
 * @param server      {@code tune.rcvbuf.server} and {@code tune.sndbuf.server}: set on every server socket before
 *                    its connect
 * @param maxHdr      {@code tune.http.maxhdr} (1 to 32767, default 101): the lines of an HTTP head, its start line
 *                    included; a request with more gets 400, a response 502, as from HAProxy
 * @param logUriLen   the bytes of a request line the log keeps ({@code %r} and its parts): {@code tune.http.logurilen}
 *                    N keeps N, as HAProxy; its default (1024) keeps 1023
 * @param cookieLen   the longest {@code capture cookie} value: {@code tune.http.cookielen} N allows N, as HAProxy;
 *                    its default (64) allows 63; a longer {@code len} is cut down with HAProxy's warning
 * @param h2          the {@code tune.h2.*} settings of HTTP/2 front connections
 */
public record TuneSettings(int maxAccept, SocketBuffers client, SocketBuffers server, int maxHdr, int logUriLen,
                           int cookieLen, H2Tuning h2) {
    /**
     * Clients a listener accepts per wake-up when {@code tune.maxaccept} is not set. HAProxy's default is 4; baton
     * keeps its own batch, measured with its selector loop (README, global keywords).
     */
    public static final int DEFAULT_MAX_ACCEPT = 64;
    /** {@code tune.maxaccept -1}: no limit (the accept loop stops when the backlog is empty). */
    public static final int UNLIMITED_ACCEPT = Integer.MAX_VALUE;

    /** HAProxy's default {@code tune.http.maxhdr}: the start line and 100 headers. */
    public static final int DEFAULT_MAX_HDR = 101;

    /** The request-line bytes a log line keeps by default (HAProxy's REQURI_LEN less its NUL). */
    public static final int DEFAULT_LOG_URI_LEN = 1023;
    /** The longest cookie capture by default (HAProxy's CAPTURE_LEN less its NUL). */
    public static final int DEFAULT_COOKIE_LEN = 63;

    public static final TuneSettings DEFAULTS = new TuneSettings(0, SocketBuffers.KERNEL, SocketBuffers.KERNEL,
        DEFAULT_MAX_HDR, DEFAULT_LOG_URI_LEN, DEFAULT_COOKIE_LEN, H2Tuning.DEFAULTS);

    /** These settings with {@code tune.maxaccept} {@code n} (0: not set). */
    public TuneSettings withMaxAccept(final int n) {
        return new TuneSettings(n, client, server, maxHdr, logUriLen, cookieLen, h2);
    }

    /** The accept batch in force: {@code tune.maxaccept}, else {@link #DEFAULT_MAX_ACCEPT}. */
    public int acceptBatch() {
        return maxAccept == 0 ? DEFAULT_MAX_ACCEPT : maxAccept;
    }
}
