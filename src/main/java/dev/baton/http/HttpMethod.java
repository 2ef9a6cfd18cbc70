package dev.baton.http;

import dev.baton.http.text.Ascii;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Request methods the proxy treats specially; any other valid method token is {@link #OTHER} (its bytes stay
 * at {@link HttpHead#methodStart()}). Methods are case-sensitive (RFC 9110 §9.1): {@code get} is OTHER.
 */
public enum HttpMethod {
    GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE, CONNECT, PATCH, OTHER;

    /** {@link #values()} without its per-call copy. */
    private static final HttpMethod[] KNOWN = {GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE, CONNECT, PATCH};

    private final byte[] bytes = name().getBytes(StandardCharsets.US_ASCII);

    /** The method spelled by {@code buf[start, start + len)}; OTHER when it is none of the known ones. */
    public static HttpMethod of(final ByteBuffer buf, final int start, final int len) {
        for (final HttpMethod m : KNOWN) {
            if (Ascii.equals(buf, start, len, m.bytes)) {
                return m;
            }
        }
        return OTHER;
    }
}
