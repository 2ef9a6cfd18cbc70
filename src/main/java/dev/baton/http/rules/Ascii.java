package dev.baton.http.rules;

import java.nio.ByteBuffer;

/** Byte comparisons for rule matching: ASCII case folding only, as HAProxy (C locale). Pure functions. */
final class Ascii {
    private Ascii() {
    }

    static byte lower(final byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    /** {@code text} with ASCII letters lower-cased, in a new array. */
    static byte[] lower(final byte[] text) {
        final byte[] out = new byte[text.length];
        for (int i = 0; i < text.length; i++) {
            out[i] = lower(text[i]);
        }
        return out;
    }

    /**
     * Whether the {@code pattern.length} bytes of {@code buffer} at {@code at} equal {@code pattern}; with
     * {@code foldCase} the buffer's letters are lower-cased first (the pattern is already lower case).
     */
    static boolean regionMatches(final ByteBuffer buffer, final int at, final byte[] pattern, final boolean foldCase) {
        for (int i = 0; i < pattern.length; i++) {
            final byte b = buffer.get(at + i);
            if ((foldCase ? lower(b) : b) != pattern[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code pattern} occurs within the {@code length} bytes of {@code buffer} at {@code start}. */
    static boolean contains(final ByteBuffer buffer, final int start, final int length, final byte[] pattern,
                            final boolean foldCase) {
        for (int at = start; at <= start + length - pattern.length; at++) {
            if (regionMatches(buffer, at, pattern, foldCase)) {
                return true;
            }
        }
        return false;
    }
}
