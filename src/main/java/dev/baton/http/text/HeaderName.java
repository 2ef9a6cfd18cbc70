package dev.baton.http.text;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A header field name, encoded once (at configuration or class-load time) so that finding, dropping and
 * adding headers on the hot path neither allocates nor decodes: the text as written (what a rule or the head
 * writer emits) and its lower-case bytes (what matching compares: field names are case-insensitive, RFC 9110
 * §5.1). The one header-name type of the parser, the rules and the configuration. Immutable; any thread; the
 * arrays returned are shared and must not be modified.
 */
public final class HeaderName {
    public static final HeaderName HOST = of("Host");
    public static final HeaderName CONTENT_LENGTH = of("Content-Length");
    public static final HeaderName TRANSFER_ENCODING = of("Transfer-Encoding");
    public static final HeaderName CONNECTION = of("Connection");
    public static final HeaderName UPGRADE = of("Upgrade");
    public static final HeaderName EXPECT = of("Expect");
    public static final HeaderName KEEP_ALIVE = of("Keep-Alive");
    public static final HeaderName X_FORWARDED_FOR = of("X-Forwarded-For");

    private final String text;
    private final byte[] bytes;
    private final byte[] lower;

    private HeaderName(final String text) {
        this.text = text;
        this.bytes = text.getBytes(StandardCharsets.US_ASCII);
        this.lower = Ascii.lower(bytes);
    }

    /**
     * The name {@code text}. Not for the hot path (it allocates): keep the result in a field.
     * IllegalArgumentException: {@code text} is empty or not a token (RFC 9110 §5.6.2).
     */
    public static HeaderName of(final String text) {
        if (!isToken(text)) {
            throw new IllegalArgumentException("not an HTTP field name: '" + text + "'");
        }
        return new HeaderName(text);
    }

    /**
     * A name that is not a token ({@code 127.0.0.1:9080}), for a fetch argument: HAProxy accepts it there, and since
     * the parser lets no such field through, a lookup of it finds nothing. Never for a header baton writes.
     */
    public static HeaderName neverPresent(final String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty HTTP field name");
        }
        return new HeaderName(text);
    }

    /** Whether {@code text} is a non-empty HTTP token: letters, digits and {@code !#$%&'*+-.^_`|~}. */
    public static boolean isToken(final String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c > 0x7F || !Ascii.isTchar((byte) c)) {
                return false;
            }
        }
        return true;
    }

    /** The name as written. */
    public String text() {
        return text;
    }

    /** The name as written, US-ASCII. */
    public byte[] bytes() {
        return bytes;
    }

    /** The name lower-cased. */
    public byte[] lower() {
        return lower;
    }

    public int length() {
        return lower.length;
    }

    /** Whether {@code buf[start, start + len)} is this name, ignoring ASCII case; reads with absolute gets. */
    public boolean matches(final ByteBuffer buf, final int start, final int len) {
        return Ascii.equalsIgnoreCase(buf, start, len, lower);
    }

    /** Names are equal when they differ in case only. */
    @Override
    public boolean equals(final Object o) {
        return o instanceof HeaderName && Arrays.equals(lower, ((HeaderName) o).lower);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lower);
    }

    @Override
    public String toString() {
        return text;
    }
}
