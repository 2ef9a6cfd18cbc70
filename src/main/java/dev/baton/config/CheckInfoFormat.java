package dev.baton.config;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of an {@code expect} rule's {@code on-success}/{@code on-error} info, or its {@code status-code}: plain
 * text, or the one kind of HAProxy sample expression baton evaluates, a slice of the response read so far
 * ({@code %[res.payload(OFFSET,LENGTH)]}, optionally followed by {@code ,ltrim('C')} and {@code ,cut_crlf}),
 * which is what HAProxy's own protocol checks use. Any other log-format expression is refused when the
 * configuration is parsed. Immutable.
 *
 * @param literal the plain text, or null for a payload slice
 * @param offset  the slice's first byte
 * @param length  its length, 0 for "to the end of what was read"
 * @param ltrim   the character stripped from the slice's start ({@code ltrim}), or -1
 * @param cutCrlf the slice stops before its first CR or LF ({@code cut_crlf})
 */
public record CheckInfoFormat(String literal, int offset, int length, int ltrim, boolean cutCrlf) {
    private static final Pattern PAYLOAD =
        Pattern.compile("res\\.payload\\((\\d+),(\\d+)\\)(?:,ltrim\\('(.)'\\))?(,cut_crlf)?");

    /** Plain text. */
    public static CheckInfoFormat text(final String text) {
        return new CheckInfoFormat(text, 0, 0, -1, false);
    }

    /** {@code res.payload(offset,length)} with its converters. */
    public static CheckInfoFormat payload(final int offset, final int length, final int ltrim, final boolean cutCrlf) {
        return new CheckInfoFormat(null, offset, length, ltrim, cutCrlf);
    }

    /**
     * A log-format string ({@code on-success}, {@code on-error}): plain text, or exactly one {@code %[...]} payload
     * slice. Throws {@link LineError} naming {@code kw} for any other expression.
     */
    static CheckInfoFormat logFormat(final String kw, final String text) {
        if (text.indexOf('%') < 0) {
            return text(text);
        }
        if (text.startsWith("%[") && text.endsWith("]")) {
            final CheckInfoFormat f = sample(text.substring(2, text.length() - 1));
            if (f != null) {
                return f;
            }
        }
        throw new LineError("'" + kw + "' : baton cannot evaluate the log-format expression '" + Messages.echo(text)
            + "' (it evaluates plain text and %[res.payload(OFFSET,LENGTH)] with ltrim and cut_crlf); write the"
            + " message as plain text");
    }

    /** A sample expression ({@code status-code}): only {@code res.payload(...)} with its converters. */
    static CheckInfoFormat statusCode(final String kw, final String text) {
        final CheckInfoFormat f = sample(text);
        if (f == null) {
            throw new LineError("'" + kw + "' : baton cannot evaluate the sample expression '" + Messages.echo(text)
                + "' (it evaluates res.payload(OFFSET,LENGTH) with ltrim and cut_crlf)");
        }
        return f;
    }

    private static CheckInfoFormat sample(final String expr) {
        final Matcher m = PAYLOAD.matcher(expr);
        if (!m.matches()) {
            return null;
        }
        try {
            return payload(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? -1 : m.group(3).charAt(0), m.group(4) != null);
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    /**
     * The text for the {@code len} bytes read into {@code buf}: the literal, or the slice (empty when the response
     * is shorter than it asks), read as ISO-8859-1 and cut at a NUL as HAProxy's C strings are.
     */
    public String render(final byte[] buf, final int len) {
        if (literal != null) {
            return literal;
        }
        int from = offset;
        int to = length == 0 ? len : offset + length;
        if (from > len || to > len) {
            return "";
        }
        if (ltrim >= 0) {
            while (from < to && (buf[from] & 0xff) == ltrim) {
                from++;
            }
        }
        for (int i = from; i < to; i++) {
            if (buf[i] == 0 || (cutCrlf && (buf[i] == '\r' || buf[i] == '\n'))) {
                to = i;
                break;
            }
        }
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
