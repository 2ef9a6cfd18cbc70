package dev.baton.config;

/**
 * The global {@code tune.h2.*} settings of baton's HTTP/2 front connections (what it announces in SETTINGS and the
 * limits it enforces), as HAProxy 2.6 reads them.
 *
 * @param headerTableSize      {@code tune.h2.header-table-size} (4096 to 65536, default 4096): the HPACK table a
 *                             client may fill, announced when not the protocol's 4096
 * @param initialWindow        {@code tune.h2.initial-window-size}: the request body a client may send on a stream
 *                             before baton acknowledges it; {@link #BUFFER_WINDOW} when not set (one buffer,
 *                             {@code tune.bufsize}, baton's default: HAProxy's is 65535). Never more than a buffer,
 *                             which holds a stream's body
 * @param maxConcurrentStreams {@code tune.h2.max-concurrent-streams} (default 100; 0: no limit, none announced):
 *                             more open streams are refused (RST_STREAM REFUSED_STREAM)
 * @param maxFrameSize         {@code tune.h2.max-frame-size} (16384 to 16777215; 0 when not set): the largest frame
 *                             HAProxy announces at most; baton always announces the protocol's 16384, which no
 *                             value lowers, so the bound always holds
 */
public record H2Tuning(int headerTableSize, int initialWindow, int maxConcurrentStreams, int maxFrameSize) {
    /** {@link #initialWindow} not set: a stream's window is one buffer. */
    public static final int BUFFER_WINDOW = -1;

    public static final H2Tuning DEFAULTS = new H2Tuning(4096, BUFFER_WINDOW, 100, 0);

    /** The stream window announced on connections whose buffers hold {@code bufferSize} bytes. */
    public int streamWindow(final int bufferSize) {
        return initialWindow == BUFFER_WINDOW ? bufferSize : initialWindow;
    }
}
