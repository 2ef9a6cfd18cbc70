package dev.baton.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How the bytes of a configuration file become text. HAProxy reads its files as bytes, so any byte may
 * stand in a comment or a quoted string, and no file is refused for its encoding; baton does the same.
 * <p>The choice: UTF-8 wherever the bytes are valid UTF-8, and each byte that is not part of a valid
 * sequence taken as the ISO-8859-1 character of the same value. So
 * <ul>
 *   <li>a valid UTF-8 file keeps its text intact: the HTTP rules write configuration strings out as UTF-8,
 *       so a header value or a {@code return} body reaches the wire as the very bytes of the file;</li>
 *   <li>a legacy Latin-1 file (or a stray Latin-1 byte in a comment) reads as the text it was written as,
 *       and no byte is lost. Such a byte in a value goes out in UTF-8, where HAProxy would send the raw
 *       byte.</li>
 * </ul>
 * The alternatives lose: decoding the whole file as ISO-8859-1 (one char per byte) would turn the UTF-8
 * text of a valid file into mojibake on output ({@code é} sent as {@code Ã©}), and lenient UTF-8
 * decoding would replace the byte by U+FFFD. Names that must be ASCII (proxies, servers) are refused by
 * their own parsers, at their line. Pure functions, but for the diagnostics they are given.
 */
final class SourceText {
    private SourceText() {
    }

    /** The text of a file's bytes: UTF-8, with every byte outside a valid sequence read as ISO-8859-1. */
    static String decode(final byte[] bytes) {
        final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        // At most one char per byte: UTF-8 gives one per 1-3 bytes and two per 4, the fallback one per byte.
        final CharBuffer out = CharBuffer.allocate(bytes.length);
        while (true) {
            final CoderResult result = utf8.decode(in, out, true);
            if (result.isUnderflow()) {
                break;
            }
            if (!result.isError()) {
                throw new IllegalStateException("decoding overflowed: " + result);
            }
            for (int i = 0; i < result.length(); i++) {
                out.put((char) (in.get() & 0xff));
            }
        }
        utf8.flush(out);
        return out.flip().toString();
    }

    /**
     * HAProxy's guard against a truncated file: a last line without its line feed is an error (in HAProxy
     * 2.6 too, not a warning), at that line, after whatever the line itself earned. The position is
     * HAProxy's: the 1-based column after the line's last byte. An empty file is complete.
     */
    static void checkLastLine(final String file, final byte[] bytes, final Diagnostics diag) {
        if (bytes.length == 0 || bytes[bytes.length - 1] == '\n') {
            return;
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        diag.error(new SourceLocation(file, line),
            "missing LF on last line, file might have been truncated at position " + (bytes.length - lineStart + 1));
    }
}
