package dev.baton.http.rules;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A header field name from the configuration: the text as written (what a rule emits) and its lower-case
 * bytes (what matching compares, since field names are case-insensitive). Immutable; the arrays returned
 * are shared and must not be modified.
 */
public final class FieldName {
    private final String text;
    private final byte[] bytes;
    private final byte[] lower;

    private FieldName(final String text) {
        this.text = text;
        this.bytes = text.getBytes(StandardCharsets.US_ASCII);
        this.lower = Ascii.lower(bytes);
    }

    /** The name {@code text}, which must be a non-empty HTTP token (RFC 9110 tchar). */
    public static FieldName of(final String text) {
        if (!isToken(text)) {
            throw new IllegalArgumentException("not an HTTP field name: '" + text + "'");
        }
        return new FieldName(text);
    }

    /** Whether {@code text} is a non-empty HTTP token: letters, digits and {@code !#$%&'*+-.^_`|~}. */
    public static boolean isToken(final String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            final boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

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

    /** Whether the {@code length} bytes of {@code buffer} at {@code start} are this name, in any case. */
    public boolean matches(final ByteBuffer buffer, final int start, final int length) {
        return length == lower.length && Ascii.regionMatches(buffer, start, lower, true);
    }

    /** Names are equal when they differ in case only. */
    @Override
    public boolean equals(final Object o) {
        return o instanceof FieldName && Arrays.equals(lower, ((FieldName) o).lower);
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
