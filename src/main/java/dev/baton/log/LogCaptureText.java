package dev.baton.log;

/**
 * The header captures in a log line: {@code %hr}/{@code %hs} as HAProxy's {@code {v1|v2}} block, {@code %hrl}/
 * {@code %hsl} as a space-separated list ({@code -} for a header that was absent). Values go through HAProxy's
 * header encoding: control bytes, non-ASCII and {@code "#{|}} as {@code #XX}. Static, allocation-free.
 */
final class LogCaptureText {
    private LogCaptureText() {
    }

    /** {@code {a|b}}, quoted as a whole under {@code +Q}. Returns true (a value was written). */
    static boolean block(final StringBuilder sb, final LogCaptures c, final boolean request, final int fl) {
        final boolean quote = (fl & LogFormat.QUOTE) != 0;
        if (quote) {
            sb.append('"');
        }
        sb.append('{');
        final int n = request ? c.requestCount() : c.responseCount();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('|');
            }
            value(sb, request ? c.request(i) : c.response(i), request ? c.requestLength(i) : c.responseLength(i), fl);
        }
        sb.append('}');
        if (quote) {
            sb.append('"');
        }
        return true;
    }

    /** {@code a b}, each value quoted under {@code +Q}; an absent one is {@code -} (or {@code ""}). */
    static boolean list(final StringBuilder sb, final LogCaptures c, final boolean request, final int fl) {
        final boolean quote = (fl & LogFormat.QUOTE) != 0;
        final int n = request ? c.requestCount() : c.responseCount();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            if (quote) {
                sb.append('"');
            }
            final int length = request ? c.requestLength(i) : c.responseLength(i);
            if (length >= 0) {
                value(sb, request ? c.request(i) : c.response(i), length, fl);
            } else if (!quote) {
                sb.append('-');
            }
            if (quote) {
                sb.append('"');
            }
        }
        return true;
    }

    private static void value(final StringBuilder sb, final byte[] bytes, final int length, final int fl) {
        final boolean escape = (fl & LogFormat.ESCAPE) != 0;
        for (int i = 0; i < length; i++) {
            LogText.appendEncoded(sb, bytes[i] & 0xff, LogText.HEADER_MAP, escape);
        }
    }
}
