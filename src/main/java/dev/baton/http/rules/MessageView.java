package dev.baton.http.rules;

import dev.baton.http.text.HeaderName;
import dev.baton.io.TlsInfo;

import java.nio.ByteBuffer;

/**
 * What rules read from one HTTP message head (a request's or a response's) and its connection, as raw
 * bytes: the stream that owns the head implements it over its buffer so that evaluating a condition or
 * rendering a value creates no object. Every offset indexes {@link #buffer()} absolutely; evaluation uses
 * absolute {@code get(int)} only and never moves the buffer's position or limit.
 * <p>An implementation answers for one message at a time, on the reactor thread that owns the stream.
 */
public interface MessageView {
    /** The bytes of the head. */
    ByteBuffer buffer();

    /** How many header lines the head has, in order of appearance. */
    int headerCount();

    int headerNameStart(int index);

    int headerNameLength(int index);

    /** Where header {@code index}'s value starts, leading and trailing spaces and tabs excluded. */
    int headerValueStart(int index);

    int headerValueLength(int index);

    /**
     * The client's address, 4 bytes (IPv4) or 16 (IPv6), the same array for the whole connection; callers
     * never modify it.
     */
    byte[] srcAddress();

    /** The local address the client connected to, in the same form as {@link #srcAddress()}. */
    byte[] dstAddress();

    /** What the client connection's TLS handshake negotiated, or null for plain TCP ({@code ssl_fc*}). */
    default TlsInfo tls() {
        return null;
    }

    /**
     * The index of the first header line at or after {@code from} whose name is {@code name} (case does not
     * matter), or -1. The default scans the names; a head that indexes its headers may answer faster.
     */
    default int indexOfHeader(final HeaderName name, final int from) {
        final ByteBuffer buffer = buffer();
        for (int i = Math.max(from, 0); i < headerCount(); i++) {
            if (name.matches(buffer, headerNameStart(i), headerNameLength(i))) {
                return i;
            }
        }
        return -1;
    }
}
