package dev.baton.http;

import dev.baton.http.text.Ascii;

import java.nio.ByteBuffer;

/**
 * Parsers for the values of the headers that decide framing and persistence: Content-Length,
 * Transfer-Encoding, Connection and Expect. Each reads {@code buf[start, end)}, the value already cut of OWS
 * and checked free of CTLs, with absolute gets only. Stateless; any thread.
 */
final class FieldValues {
    /** Result of {@link #transferCodings}: the list is malformed or applies chunked twice. */
    static final int CODINGS_INVALID = -1;
    /** Bit of a valid {@link #transferCodings} result: the last coding is chunked. */
    static final int LAST_CHUNKED = 1;
    /** Bit of a valid {@link #transferCodings} result: chunked is one of the codings. */
    static final int HAS_CHUNKED = 2;
    /** Bit of a valid {@link #transferCodings} result: a coding other than a plain chunked is listed. */
    static final int HAS_OTHER = 4;

    private static final byte[] CHUNKED = {'c', 'h', 'u', 'n', 'k', 'e', 'd'};
    private static final byte[] CLOSE = {'c', 'l', 'o', 's', 'e'};
    private static final byte[] KEEP_ALIVE = {'k', 'e', 'e', 'p', '-', 'a', 'l', 'i', 'v', 'e'};
    private static final byte[] UPGRADE = {'u', 'p', 'g', 'r', 'a', 'd', 'e'};
    private static final byte[] CONTINUE = {'1', '0', '0', '-', 'c', 'o', 'n', 't', 'i', 'n', 'u', 'e'};

    private FieldValues() {
    }

    /**
     * A Content-Length value: one decimal number, or a comma list of the same number repeated (RFC 9110
     * §8.6 lets a recipient accept that). -1 for anything else: no digits, a sign, other bytes, an empty
     * list element, differing numbers, or a value beyond {@code Long.MAX_VALUE}.
     */
    static long contentLength(final ByteBuffer buf, final int start, final int end) {
        long first = -1;
        int i = start;
        while (true) {
            i = Ascii.skipOws(buf, i, end);
            long v = 0;
            final int digits = i;
            while (i < end) {
                final int d = buf.get(i) - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                if (v > (Long.MAX_VALUE - d) / 10) {
                    return -1;
                }
                v = v * 10 + d;
                i++;
            }
            if (i == digits || (first >= 0 && v != first)) {
                return -1;
            }
            first = v;
            i = Ascii.skipOws(buf, i, end);
            if (i == end) {
                return first;
            }
            if (buf.get(i) != ',') {
                return -1;
            }
            i++;
        }
    }

    /** The end of the leading run of digits of {@code buf[start, end)}: the first number of a Content-Length list. */
    static int firstNumberEnd(final ByteBuffer buf, final int start, final int end) {
        int i = start;
        while (i < end && buf.get(i) >= '0' && buf.get(i) <= '9') {
            i++;
        }
        return i;
    }

    /**
     * A Transfer-Encoding value: a comma list of codings, each a token with optional {@code ;parameters};
     * empty elements are skipped (RFC 9110 §5.6.1). {@code chunkedBefore}: an earlier Transfer-Encoding
     * header of the same message already applied chunked. Returns the bits {@link #LAST_CHUNKED},
     * {@link #HAS_CHUNKED} and {@link #HAS_OTHER}, or {@link #CODINGS_INVALID} for a list with no
     * coding, a non-token coding, or chunked applied twice (RFC 9112 §6.1 forbids it).
     */
    static int transferCodings(final ByteBuffer buf, final int start, final int end, final boolean chunkedBefore) {
        boolean chunkedSeen = chunkedBefore;
        boolean chunkedHere = false;
        boolean other = false;
        boolean lastChunked = false;
        boolean any = false;
        int i = start;
        while (i < end) {
            i = Ascii.skipOws(buf, i, end);
            if (i < end && buf.get(i) == ',') {
                i++;
                continue;
            }
            if (i == end) {
                break;
            }
            final int token = i;
            while (i < end && Ascii.isTchar(buf.get(i))) {
                i++;
            }
            if (i == token) {
                return CODINGS_INVALID;
            }
            final boolean chunked = Ascii.equalsIgnoreCase(buf, token, i - token, CHUNKED);
            i = Ascii.skipOws(buf, i, end);
            boolean params = false;
            if (i < end && buf.get(i) == ';') {
                params = true;
                while (i < end && buf.get(i) != ',') {
                    i++;
                }
            }
            if (i < end && buf.get(i) != ',') {
                return CODINGS_INVALID;
            }
            if (chunked) {
                if (chunkedSeen) {
                    return CODINGS_INVALID;
                }
                chunkedSeen = true;
                chunkedHere = true;
            }
            lastChunked = chunked && !params;
            other |= !lastChunked;
            any = true;
        }
        if (!any) {
            return CODINGS_INVALID;
        }
        return (lastChunked ? LAST_CHUNKED : 0) | (chunkedHere ? HAS_CHUNKED : 0) | (other ? HAS_OTHER : 0);
    }

    /** Sets the head's Connection flags from the options of one Connection value; unknown options are ignored. */
    static void connectionOptions(final ByteBuffer buf, final int start, final int end, final HttpHead head) {
        int i = start;
        while (i < end) {
            final int element = Ascii.skipOws(buf, i, end);
            int comma = Ascii.indexOf(buf, element, end, (byte) ',');
            if (comma < 0) {
                comma = end;
            }
            final int elementEnd = Ascii.trimOwsEnd(buf, element, comma);
            final int len = elementEnd - element;
            if (Ascii.equalsIgnoreCase(buf, element, len, CLOSE)) {
                head.connectionClose = true;
            } else if (Ascii.equalsIgnoreCase(buf, element, len, KEEP_ALIVE)) {
                head.connectionKeepAlive = true;
            } else if (Ascii.equalsIgnoreCase(buf, element, len, UPGRADE)) {
                head.connectionUpgrade = true;
            }
            i = comma + 1;
        }
    }

    /** Whether an Expect value is {@code 100-continue}, in any case. */
    static boolean isContinue(final ByteBuffer buf, final int start, final int end) {
        return Ascii.equalsIgnoreCase(buf, start, end - start, CONTINUE);
    }
}
