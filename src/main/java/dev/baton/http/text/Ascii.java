package dev.baton.http.text;

import java.nio.ByteBuffer;

/**
 * Byte classes of RFC 9110 and small comparisons over {@link ByteBuffer} ranges, read with absolute
 * {@code get(int)} only (no position change, no allocation); case folding is ASCII only, as HAProxy's (C
 * locale). Used by the parser, the head writer and the rule model alike. Stateless; any thread.
 */
public final class Ascii {
    public static final byte CR = '\r';
    public static final byte LF = '\n';
    public static final byte SP = ' ';
    public static final byte HTAB = '\t';

    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (final char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private Ascii() {
    }

    /** A token character (RFC 9110 §5.6.2): method and header name bytes. */
    public static boolean isTchar(final byte b) {
        return TCHAR[b & 0xFF];
    }

    public static boolean isOws(final byte b) {
        return b == SP || b == HTAB;
    }

    /** Allowed in a field value or reason phrase: HTAB, SP, VCHAR, obs-text; not NUL, CR, LF, DEL nor other CTLs. */
    public static boolean isFieldByte(final byte b) {
        return b == HTAB || (b >= 0x20 && b != 0x7F) || b < 0;
    }

    /** The value 0..15 of a hex digit, or -1. */
    public static int hexValue(final byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        final int lower = b | 0x20;
        if (lower >= 'a' && lower <= 'f') {
            return lower - 'a' + 10;
        }
        return -1;
    }

    public static byte toLower(final byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    /** Whether {@code buf[start, start + len)} equals {@code lower} (lower-case ASCII) ignoring case. */
    public static boolean equalsIgnoreCase(final ByteBuffer buf, final int start, final int len, final byte[] lower) {
        if (len != lower.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (toLower(buf.get(start + i)) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code buf[a, a + aLen)} and {@code buf[b, b + bLen)} are equal ignoring ASCII case. */
    public static boolean equalsIgnoreCase(final ByteBuffer buf, final int a, final int aLen, final int b, final int bLen) {
        if (aLen != bLen) {
            return false;
        }
        for (int i = 0; i < aLen; i++) {
            if (toLower(buf.get(a + i)) != toLower(buf.get(b + i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code buf[start, start + len)} equals {@code exact} byte for byte. */
    public static boolean equals(final ByteBuffer buf, final int start, final int len, final byte[] exact) {
        if (len != exact.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (buf.get(start + i) != exact[i]) {
                return false;
            }
        }
        return true;
    }

    /** The first index in {@code [from, to)} holding {@code b}, or -1. */
    public static int indexOf(final ByteBuffer buf, final int from, final int to, final byte b) {
        for (int i = from; i < to; i++) {
            if (buf.get(i) == b) {
                return i;
            }
        }
        return -1;
    }

    /** The first index in {@code [from, to)} that is not OWS, or {@code to}. */
    public static int skipOws(final ByteBuffer buf, final int from, final int to) {
        int i = from;
        while (i < to && isOws(buf.get(i))) {
            i++;
        }
        return i;
    }

    /** The end of {@code [from, to)} once trailing OWS is cut off. */
    public static int trimOwsEnd(final ByteBuffer buf, final int from, final int to) {
        int i = to;
        while (i > from && isOws(buf.get(i - 1))) {
            i--;
        }
        return i;
    }

    /** {@code text} with ASCII letters lower-cased, in a new array. */
    public static byte[] lower(final byte[] text) {
        final byte[] out = new byte[text.length];
        for (int i = 0; i < text.length; i++) {
            out[i] = toLower(text[i]);
        }
        return out;
    }

    /**
     * Whether the {@code pattern.length} bytes of {@code buffer} at {@code at} equal {@code pattern}; with
     * {@code foldCase} the buffer's letters are lower-cased first (the pattern is already lower case).
     */
    public static boolean regionMatches(final ByteBuffer buffer, final int at, final byte[] pattern,
                                        final boolean foldCase) {
        for (int i = 0; i < pattern.length; i++) {
            final byte b = buffer.get(at + i);
            if ((foldCase ? toLower(b) : b) != pattern[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code pattern} occurs within the {@code length} bytes of {@code buffer} at {@code start}. */
    public static boolean contains(final ByteBuffer buffer, final int start, final int length, final byte[] pattern,
                                   final boolean foldCase) {
        for (int at = start; at <= start + length - pattern.length; at++) {
            if (regionMatches(buffer, at, pattern, foldCase)) {
                return true;
            }
        }
        return false;
    }
}
