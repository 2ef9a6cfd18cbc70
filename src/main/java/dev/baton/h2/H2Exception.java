package dev.baton.h2;

/**
 * A violation of HTTP/2 or HPACK found while decoding: the {@link H2Error} code to send, and whether it ends the
 * connection (GOAWAY) or only the stream {@link #streamId} (RST_STREAM). Thrown only on bad input, never on the
 * path of a valid exchange; carries no stack trace (the peer's mistake is not ours to trace).
 */
public final class H2Exception extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final int streamId;

    private H2Exception(final int code, final int streamId, final String message) {
        super(message, null, false, false);
        this.code = code;
        this.streamId = streamId;
    }

    /** An error of the whole connection: GOAWAY with {@code code}, then close. */
    public static H2Exception connection(final int code, final String message) {
        return new H2Exception(code, 0, message);
    }

    /** An error of stream {@code streamId} only: RST_STREAM with {@code code}; the connection goes on. */
    public static H2Exception stream(final int code, final int streamId, final String message) {
        return new H2Exception(code, streamId, message);
    }

    public int code() {
        return code;
    }

    /** The stream in error, or 0 for a connection error. */
    public int streamId() {
        return streamId;
    }

    public boolean isConnectionError() {
        return streamId == 0;
    }
}
