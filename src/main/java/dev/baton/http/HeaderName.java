package dev.baton.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A header name encoded once (at configuration or class-load time) so that finding, dropping and adding
 * headers on the hot path neither allocates nor decodes. Immutable; any thread.
 *
 * <p>{@link #matches} is case-insensitive (RFC 9110 §5.1). {@link #text()} keeps the spelling given to
 * {@link #of}, which is what {@link HeadWriter} writes for an added header.
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
    /** The name as given, written by {@link HeadWriter}. */
    final byte[] spelling;
    private final byte[] lower;

    private HeaderName(final String text) {
        this.text = text;
        this.spelling = text.getBytes(StandardCharsets.US_ASCII);
        this.lower = text.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The constant for {@code name}. Not for the hot path (it allocates): keep the result in a field.
     * IllegalArgumentException: {@code name} is empty or not a token (RFC 9110 §5.6.2).
     */
    public static HeaderName of(final String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (c > 0x7F || !Ascii.isTchar((byte) c)) {
                throw new IllegalArgumentException("not a header name: " + name);
            }
        }
        return new HeaderName(name);
    }

    /** The name as given to {@link #of}. */
    public String text() {
        return text;
    }

    public int length() {
        return lower.length;
    }

    /** Whether {@code buf[start, start + len)} is this name, ignoring ASCII case; reads with absolute gets. */
    public boolean matches(final ByteBuffer buf, final int start, final int len) {
        return Ascii.equalsIgnoreCase(buf, start, len, lower);
    }

    @Override
    public String toString() {
        return text;
    }
}
