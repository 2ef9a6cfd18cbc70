package dev.baton.http;

import java.nio.ByteBuffer;
import java.util.regex.Matcher;

/**
 * HAProxy's {@code exp_replace}, the replacement of {@code replace-path}, {@code replace-uri},
 * {@code replace-header} and {@code replace-value}: the rendered format is copied with {@code \0}..{@code \9}
 * standing for the match and its groups (a group that did not take part gives nothing), {@code \xHH} for byte HH,
 * and a backslash before any other char for that char. The text around the match is not kept: the whole subject
 * becomes the output. Stateless; any thread; no allocation.
 */
final class RegexSubstitution {
    private RegexSubstitution() {
    }

    /**
     * Writes {@code format[0, formatLength)} expanded against {@code m} (matched over {@code subject} from
     * {@code subjectStart}) at {@code out}'s position; false when it does not fit or the format ends with a lone
     * backslash (HAProxy fails such a rewrite too).
     */
    static boolean expand(final byte[] format, final int formatLength, final Matcher m, final ByteBuffer subject,
                          final int subjectStart, final ByteBuffer out) {
        int i = 0;
        while (i < formatLength) {
            byte c = format[i++];
            if (c == '\\') {
                if (i == formatLength) {
                    return false;
                }
                c = format[i++];
                if (c >= '0' && c <= '9') {
                    final int g = c - '0';
                    if (g <= m.groupCount() && m.start(g) >= 0) {
                        final int n = m.end(g) - m.start(g);
                        if (out.remaining() < n) {
                            return false;
                        }
                        out.put(out.position(), subject, subjectStart + m.start(g), n);
                        out.position(out.position() + n);
                    }
                    continue;
                }
                if (c == 'x') {
                    if (formatLength - i < 2) {
                        return false;
                    }
                    c = (byte) (hex(format[i]) << 4 | hex(format[i + 1]));
                    i += 2;
                }
            }
            if (!out.hasRemaining()) {
                return false;
            }
            out.put(c);
        }
        return true;
    }

    /** One hex digit as HAProxy reads it (upper-cased, no check). */
    private static int hex(final byte b) {
        int v = Character.toUpperCase((char) (b & 0xff)) - '0';
        if (v > 9) {
            v -= 'A' - '9' - 1;
        }
        return v & 0x0f;
    }
}
