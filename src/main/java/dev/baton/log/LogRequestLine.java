package dev.baton.log;

/**
 * The request-line variables of a log line, cut from the kept request line as HAProxy 2.6 cuts its
 * {@code txn->uri}: {@code %r} whole, {@code %HM} the method, {@code %HU} the target, {@code %HP} the target
 * without its query, {@code %HPO} the path alone, {@code %HQ} the query with its {@code ?}, {@code %HV} the version
 * ({@code HTTP/0.9} when absent). A request that never parsed shows {@code <BADREQ>}. Bytes go through HAProxy's
 * URL encoding ({@code #XX} for control bytes, non-ASCII, {@code "} and {@code #}). Static, allocation-free.
 */
final class LogRequestLine {
    private static final byte[] BADREQ = LogFormat.badRequest().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] HTTP09 = "HTTP/0.9".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private LogRequestLine() {
    }

    static void render(final LogVariable v, final int fl, final StreamLogFields f, final StringBuilder sb) {
        final boolean quote = (fl & LogFormat.QUOTE) != 0;
        if (quote) {
            sb.append('"');
        }
        final byte[] line = f.requestLine;
        final int end = f.requestLineLength;
        if (end == 0) {
            // no request line (a request that never parsed): every one of these variables shows <BADREQ>
            encode(sb, BADREQ, 0, BADREQ.length, fl);
        } else {
            part(v, fl, line, end, sb);
        }
        if (quote) {
            sb.append('"');
        }
    }

    private static void part(final LogVariable v, final int fl, final byte[] line, final int end,
                             final StringBuilder sb) {
        int i = 0;
        while (i < end && !space(line[i])) {
            i++;
        }
        final int methodEnd = i;
        int spaces = 0;
        while (i < end && space(line[i])) {
            i++;
            spaces++;
        }
        final int uriStart = i;
        while (i < end && !space(line[i])) {
            i++;
        }
        final int uriEnd = i;
        switch (v) {
            case REQUEST:
                encode(sb, line, 0, end, fl);
                return;
            case HTTP_METHOD:
                if (methodEnd == end) {
                    encode(sb, BADREQ, 0, BADREQ.length, fl);
                } else {
                    encode(sb, line, 0, methodEnd, fl);
                }
                return;
            case HTTP_QUERY: {
                int q = 0;
                while (q < end && line[q] != '?') {
                    q++;
                }
                int qEnd = q;
                while (qEnd < end && !space(line[qEnd])) {
                    qEnd++;
                }
                encode(sb, line, q, qEnd, fl);
                return;
            }
            default:
                break;
        }
        if (spaces == 0) {
            encode(sb, BADREQ, 0, BADREQ.length, fl);
            return;
        }
        switch (v) {
            case HTTP_URI:
                encode(sb, line, uriStart, uriEnd, fl);
                return;
            case HTTP_PATH: {
                int p = uriStart;
                while (p < uriEnd && line[p] != '?') {
                    p++;
                }
                encode(sb, line, uriStart, p, fl);
                return;
            }
            case HTTP_PATH_ONLY:
                pathOnly(sb, line, uriStart, uriEnd, fl);
                return;
            default: {
                int vs = uriEnd;
                while (vs < end && space(line[vs])) {
                    vs++;
                }
                if (vs == end) {
                    encode(sb, HTTP09, 0, HTTP09.length, fl);
                } else {
                    encode(sb, line, vs, end, fl);
                }
            }
        }
    }

    /** The path of an origin-form or absolute-form target, without the query; nothing for other forms. */
    private static void pathOnly(final StringBuilder sb, final byte[] line, final int from, final int to, final int fl) {
        int start = -1;
        if (from < to && line[from] == '/') {
            start = from;
        } else {
            for (int i = from; i + 2 < to; i++) {
                if (line[i] == ':' && line[i + 1] == '/' && line[i + 2] == '/') {
                    start = i + 3;
                    while (start < to && line[start] != '/') {
                        start++;
                    }
                    break;
                }
            }
        }
        if (start < 0) {
            return;
        }
        int stop = start;
        while (stop < to && line[stop] != '?') {
            stop++;
        }
        encode(sb, line, start, stop, fl);
    }

    private static boolean space(final byte b) {
        return b == ' ' || b == '\t';
    }

    private static void encode(final StringBuilder sb, final byte[] b, final int from, final int to, final int fl) {
        final boolean escape = (fl & LogFormat.ESCAPE) != 0;
        for (int i = from; i < to; i++) {
            LogText.appendEncoded(sb, b[i] & 0xff, LogText.URL_MAP, escape);
        }
    }
}
