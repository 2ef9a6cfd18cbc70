package dev.baton.config;

/**
 * The {@code timeout} values of a proxy, in milliseconds; 0 means not set (no limit). A frontend uses
 * the client side, a backend the connect and server side; {@code tunnel}, when set, replaces client and
 * server inactivity limits once a TCP stream is established; {@code client-fin}/{@code server-fin}, when
 * set, apply to a side once the other has half-closed. {@code check}: see {@link #checkConnectMs}.
 * {@code timeoutQueueMs} is {@code timeout queue} as written (0 when unset); read it through {@link #queueMs},
 * which applies HAProxy's fallback to {@code timeout connect}.
 */
public record Timeouts(long connectMs, long clientMs, long serverMs, long tunnelMs, long clientFinMs,
                       long serverFinMs, long checkMs, long timeoutQueueMs, long timeoutTarpitMs) {
    public static final Timeouts NONE = new Timeouts(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Without {@code timeout tarpit}. */
    public Timeouts(final long connectMs, final long clientMs, final long serverMs, final long tunnelMs,
                    final long clientFinMs, final long serverFinMs, final long checkMs, final long timeoutQueueMs) {
        this(connectMs, clientMs, serverMs, tunnelMs, clientFinMs, serverFinMs, checkMs, timeoutQueueMs, 0);
    }

    /** Without {@code timeout check} and {@code timeout queue}. */
    public Timeouts(final long connectMs, final long clientMs, final long serverMs, final long tunnelMs,
                    final long clientFinMs, final long serverFinMs) {
        this(connectMs, clientMs, serverMs, tunnelMs, clientFinMs, serverFinMs, 0, 0);
    }

    /**
     * How long a stream may wait in a queue of this backend: {@code timeout queue}, else {@code timeout connect}
     * (HAProxy copies the connect timeout into an unset queue timeout once the configuration is read), 0 when
     * neither is set: no deadline. 0 on a frontend, which has neither.
     */
    public long queueMs() {
        return timeoutQueueMs != 0 ? timeoutQueueMs : connectMs;
    }

    /**
     * How long {@code http-request tarpit} holds a request of this proxy: {@code timeout tarpit}, else
     * {@code timeout connect} (HAProxy copies it into an unset tarpit timeout; a frontend has none), 0: answer at
     * once.
     */
    public long tarpitMs() {
        return timeoutTarpitMs != 0 ? timeoutTarpitMs : connectMs;
    }

    public Timeouts withTimeoutTarpitMs(final long v) {
        return new Timeouts(connectMs, clientMs, serverMs, tunnelMs, clientFinMs, serverFinMs, checkMs, timeoutQueueMs,
            v);
    }

    /**
     * How long a health check's connect may take, as HAProxy's manual says for {@code timeout check}: without
     * it, {@code inter} bounds the whole check; with it, the connect is bounded by the smaller of
     * {@code timeout connect} (when set) and {@code inter}, and {@code timeout check} bounds the reading
     * that follows (a Layer 4 check reads nothing).
     */
    public long checkConnectMs(final long interMs) {
        return checkMs > 0 && connectMs > 0 ? Math.min(connectMs, interMs) : interMs;
    }

    public Timeouts withConnectMs(final long v) {
        return new Timeouts(v, clientMs, serverMs, tunnelMs, clientFinMs, serverFinMs, checkMs, timeoutQueueMs,
            timeoutTarpitMs);
    }

    public Timeouts withClientMs(final long v) {
        return new Timeouts(connectMs, v, serverMs, tunnelMs, clientFinMs, serverFinMs, checkMs, timeoutQueueMs,
            timeoutTarpitMs);
    }

    public Timeouts withServerMs(final long v) {
        return new Timeouts(connectMs, clientMs, v, tunnelMs, clientFinMs, serverFinMs, checkMs, timeoutQueueMs,
            timeoutTarpitMs);
    }

    public Timeouts withTunnelMs(final long v) {
        return new Timeouts(connectMs, clientMs, serverMs, v, clientFinMs, serverFinMs, checkMs, timeoutQueueMs,
            timeoutTarpitMs);
    }

    public Timeouts withClientFinMs(final long v) {
        return new Timeouts(connectMs, clientMs, serverMs, tunnelMs, v, serverFinMs, checkMs, timeoutQueueMs,
            timeoutTarpitMs);
    }

    public Timeouts withServerFinMs(final long v) {
        return new Timeouts(connectMs, clientMs, serverMs, tunnelMs, clientFinMs, v, checkMs, timeoutQueueMs,
            timeoutTarpitMs);
    }

    public Timeouts withCheckMs(final long v) {
        return new Timeouts(connectMs, clientMs, serverMs, tunnelMs, clientFinMs, serverFinMs, v, timeoutQueueMs,
            timeoutTarpitMs);
    }

    public Timeouts withTimeoutQueueMs(final long v) {
        return new Timeouts(connectMs, clientMs, serverMs, tunnelMs, clientFinMs, serverFinMs, checkMs, v,
            timeoutTarpitMs);
    }
}
