package dev.baton.http;

/** How the body that follows a head is delimited (RFC 9112 §6.3). */
public enum BodyFraming {
    /** No body: the next byte belongs to the next message (or to a tunnel after 101 / 2xx to CONNECT). */
    NONE,
    /** Exactly {@link HttpHead#contentLength()} bytes (possibly 0). */
    CONTENT_LENGTH,
    /** Chunked transfer coding: follow it with a {@link ChunkedScanner}. */
    CHUNKED,
    /** Responses only: the body ends when the server closes; the connection cannot be reused. */
    UNTIL_CLOSE
}
