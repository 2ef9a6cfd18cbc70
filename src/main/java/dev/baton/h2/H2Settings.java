package dev.baton.h2;

import dev.baton.reactor.LazyTimer;

/**
 * The local side of a connection, fixed per frontend: what we announce in SETTINGS and the limits we enforce, and
 * the timeouts HAProxy applies to an HTTP/2 connection with no stream attached (ms; 0 = unset): before its first
 * request {@code timeout http-request}, between requests {@code timeout http-keep-alive} (else http-request), after
 * our GOAWAY {@code timeout client-fin}, and {@code timeout client} when those are unset or output waits.
 *
 * @param maxConcurrentStreams {@code tune.h2.max-concurrent-streams} (HAProxy's default 100;
 *                             {@link #UNLIMITED_STREAMS}: no limit, none announced)
 * @param headerTableSize      {@code tune.h2.header-table-size}: the HPACK table the client may use (4096; another
 *                             size is announced)
 * @param streamWindow         the initial window of a stream: the request body held per stream (a buffer's size, or
 *                             less under {@code tune.h2.initial-window-size})
 * @param maxHeadSize          the largest request or response head, as HTTP/1 bytes ({@code tune.bufsize})
 */
public record H2Settings(int maxConcurrentStreams, int headerTableSize, int streamWindow, int maxHeadSize,
                         long httpRequestMs, long keepAliveMs, long clientFinMs, long clientMs) {
    /** {@code tune.h2.max-concurrent-streams 0}: no limit on a connection's streams, and none announced. */
    public static final int UNLIMITED_STREAMS = Integer.MAX_VALUE;

    /**
     * What our SETTINGS frame says, as id/value pairs: the header table size when not the protocol's 4096, the
     * stream limit unless unlimited, the stream window when not the protocol's 65535 (HAProxy's h2c_send_settings
     * order). Once per connection.
     */
    int[] announced() {
        final int[] pairs = new int[6];
        int n = 0;
        if (headerTableSize != FrameType.DEFAULT_HEADER_TABLE_SIZE) {
            pairs[n++] = FrameWriter.SETTINGS_HEADER_TABLE_SIZE;
            pairs[n++] = headerTableSize;
        }
        if (streamWindow != FrameType.DEFAULT_WINDOW) {
            pairs[n++] = FrameWriter.SETTINGS_INITIAL_WINDOW_SIZE;
            pairs[n++] = streamWindow;
        }
        if (maxConcurrentStreams != UNLIMITED_STREAMS) {
            pairs[n++] = FrameWriter.SETTINGS_MAX_CONCURRENT_STREAMS;
            pairs[n++] = maxConcurrentStreams;
        }
        return java.util.Arrays.copyOf(pairs, n);
    }

    /** The largest frame we accept (SETTINGS_MAX_FRAME_SIZE, announced only when not the default). */
    public int maxFrameSize() {
        return FrameType.DEFAULT_MAX_FRAME_SIZE;
    }

    /**
     * When a connection with no stream attached times out (HAProxy's h2c_update_timeout), or
     * {@link LazyTimer#NONE}: whether and when our GOAWAY went, whether output waits, when bytes last moved, whether a
     * stream was ever opened, since when the connection is idle.
     */
    long idleDeadlineNs(final boolean goAwaySent, final long goAwayNs, final boolean outputWaits, final long lastIoNs, final boolean streamSeen,
                        final long idleStartNs) {
        long ms;
        long from = idleStartNs;
        if (goAwaySent) {
            ms = clientFinMs > 0 ? clientFinMs : clientMs;
            from = goAwayNs;
        } else if (outputWaits) {
            ms = clientMs;
            from = lastIoNs;
        } else if (streamSeen) {
            ms = keepAliveMs > 0 ? keepAliveMs : httpRequestMs;
        } else {
            ms = httpRequestMs;
        }
        if (ms <= 0) {
            ms = clientMs;
            from = lastIoNs;
        }
        return ms <= 0 ? LazyTimer.NONE : from + ms * 1_000_000L;
    }
}
