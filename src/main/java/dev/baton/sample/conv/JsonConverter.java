package dev.baton.sample.conv;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code json([INPUT_CODE])}: escapes a string for a JSON string literal as HAProxy 2.6 does. Quote, backslash and
 * slash get a backslash, the usual control characters their short escape, and any other character outside
 * printable ASCII a six-character backslash-u escape of its code point (lower-case hex). The input code says how
 * the bytes are read: {@code ascii} (default) one byte per character; {@code utf8} as UTF-8, failing on an invalid
 * sequence, a surrogate or non-character, or a code point above U+FFFF; {@code utf8s} the same but skipping what
 * is invalid; {@code utf8p} and {@code utf8ps} ("permissive") also accept overlong encodings. Output to a scratch
 * buffer (an output that does not fit fails); allocation-free; any thread.
 */
final class JsonConverter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int ASCII = 0;
    private static final int UTF8 = 1;
    private static final int UTF8S = 2;
    private static final int UTF8P = 3;
    private static final int UTF8PS = 4;
    private static final String[] CODES = {"ascii", "utf8", "utf8s", "utf8p", "utf8ps"};

    /** Decoding results, as flags beside the length (HAProxy's utf8_next codes). */
    private static final int OVERLONG = 0x10;
    private static final int INVALID_RANGE = 0x20;
    private static final int BAD_SEQUENCE = 0x40;

    private JsonConverter() {
    }

    static void register(final SampleRegistry r) {
        r.converter("json", SampleType.STR, SampleType.STR, 0, 1, a -> {
            final int mode = java.util.Arrays.asList(CODES).indexOf(a.str(0, "ascii"));
            if (mode < 0) {
                throw new SampleException(
                    "Unexpected input code type. Allowed value are 'ascii', 'utf8', 'utf8s', 'utf8p' and 'utf8ps'");
            }
            return (ctx, s) -> json(ctx, s, mode);
        });
    }

    static boolean json(final SampleContext ctx, final Sample s, final int mode) {
        final ByteBuffer o = ctx.scratch().next();
        final int n = s.length();
        int i = 0;
        while (i < n) {
            final int c;
            if (mode == ASCII) {
                c = s.byteAt(i++) & 0xff;
            } else {
                final long decoded = next(s, i, n);
                c = (int) (decoded >>> 8);
                final int code = (int) decoded & 0xf0;
                i += (int) decoded & 0x0f;
                final int refused = mode == UTF8 || mode == UTF8S ? code : code & (INVALID_RANGE | BAD_SEQUENCE);
                final boolean strict = mode == UTF8 || mode == UTF8P;
                if (refused != 0 || c > 0xffff) {
                    if (strict) {
                        return false;
                    }
                    continue; // the skipping modes drop what they cannot encode
                }
            }
            if (!escape(o, c)) {
                return false;
            }
        }
        return s.setBytes(SampleType.STR, o) != null;
    }

    /** Writes character {@code c} escaped; false when the output is full. */
    private static boolean escape(final ByteBuffer o, final int c) {
        final byte shortEscape = switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case '\b' -> 'b';
            case '\f' -> 'f';
            case '\r' -> 'r';
            case '\n' -> 'n';
            case '\t' -> 't';
            default -> 0;
        };
        if (shortEscape != 0) {
            if (o.remaining() < 2) {
                return false;
            }
            o.put((byte) '\\').put(shortEscape);
        } else if (c < 0x20 || c >= 0x7f) {
            if (o.remaining() < 6) {
                return false;
            }
            o.put((byte) '\\').put((byte) 'u');
            o.put(HEX[c >>> 12 & 0xf]).put(HEX[c >>> 8 & 0xf]).put(HEX[c >>> 4 & 0xf]).put(HEX[c & 0xf]);
        } else {
            if (!o.hasRemaining()) {
                return false;
            }
            o.put((byte) c);
        }
        return true;
    }

    /**
     * Decodes one UTF-8 character at {@code s[i..n)}: the code point shifted left by 8, the result flags in bits
     * 4-7, the bytes consumed (at least 1) in bits 0-3. Accepts HAProxy's historical five- and six-byte forms.
     */
    private static long next(final Sample s, final int i, final int n) {
        final int first = s.byteAt(i) & 0xff;
        final int more;
        long c;
        if (first <= 0x7f) {
            return (long) first << 8 | 1;
        } else if (first <= 0xbf || first >= 0xfe) {
            return (long) first << 8 | BAD_SEQUENCE | 1;
        } else if (first <= 0xdf) {
            more = 1;
            c = first & 0x1f;
        } else if (first <= 0xef) {
            more = 2;
            c = first & 0x0f;
        } else if (first <= 0xf7) {
            more = 3;
            c = first & 0x07;
        } else if (first <= 0xfb) {
            more = 4;
            c = first & 0x03;
        } else {
            more = 5;
            c = first & 0x01;
        }
        if (n - i < more + 1) {
            return (long) first << 8 | BAD_SEQUENCE | 1;
        }
        int p = i + 1;
        for (int k = 0; k < more; k++, p++) {
            final int b = s.byteAt(p) & 0xff;
            if ((b & 0xc0) != 0x80) {
                return c << 8 | BAD_SEQUENCE | (p - i) & 0x0f;
            }
            c = c << 6 | b & 0x3f;
        }
        final int length = p - i;
        int code = 0;
        if (c <= 0x7f && length > 1 || c >= 0x80 && c <= 0x7ff && length > 2
            || c >= 0x800 && c <= 0xffff && length > 3 || c >= 0x10000 && c <= 0x1fffff && length > 4) {
            code |= OVERLONG;
        }
        if (c >= 0xd800 && c <= 0xdfff || c >= 0xfffe && c <= 0xffff) {
            code |= INVALID_RANGE;
        }
        return c << 8 | code | length;
    }
}
