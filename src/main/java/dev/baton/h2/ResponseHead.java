package dev.baton.h2;

/**
 * The parsed HTTP/1.1 response head an {@code HttpSession} wrote to a stream: its status, its framing
 * ({@code content-length}, chunked) and the fields HTTP/2 keeps, as offsets into the head's bytes. The
 * connection-specific fields ({@code connection}, {@code keep-alive}, {@code proxy-connection},
 * {@code transfer-encoding}, {@code upgrade}) are left out (RFC 9113 section 8.2.2). The session writes
 * well-formed heads; anything else fails the parse. One per connection, reused; reactor thread only; no allocation.
 */
final class ResponseHead {
    private static final int MAX_FIELDS = 256;

    private final int[] nameOff = new int[MAX_FIELDS];
    private final int[] nameLen = new int[MAX_FIELDS];
    private final int[] valueOff = new int[MAX_FIELDS];
    private final int[] valueLen = new int[MAX_FIELDS];
    private int count;
    private int status;
    private long contentLength;
    private boolean chunked;

    /** Parses {@code head[0, len)}, which ends with the blank line; false if it is no response head. */
    boolean parse(final byte[] head, final int len) {
        count = 0;
        contentLength = -1;
        chunked = false;
        // "HTTP/1.x SSS reason"
        if (len < 14 || head[0] != 'H' || head[4] != '/' || head[8] != ' ') {
            return false;
        }
        status = 0;
        for (int i = 9; i < 12; i++) {
            final int d = head[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            status = status * 10 + d;
        }
        int p = lineEnd(head, 12, len);
        while (p < len) {
            final int eol = lineEnd(head, p, len);
            final int lineEnd = eol - (eol >= 2 && head[eol - 2] == '\r' ? 2 : 1);
            if (lineEnd <= p) {
                break; // the blank line
            }
            int colon = p;
            while (colon < lineEnd && head[colon] != ':') {
                colon++;
            }
            if (colon == lineEnd || colon == p) {
                return false;
            }
            int vs = colon + 1;
            while (vs < lineEnd && (head[vs] == ' ' || head[vs] == '\t')) {
                vs++;
            }
            int ve = lineEnd;
            while (ve > vs && (head[ve - 1] == ' ' || head[ve - 1] == '\t')) {
                ve--;
            }
            if (!field(head, p, colon - p, vs, ve - vs)) {
                return false;
            }
            p = eol;
        }
        return true;
    }

    private boolean field(final byte[] h, final int no, final int nl, final int vo, final int vl) {
        if (named(h, no, nl, "connection") || named(h, no, nl, "keep-alive") || named(h, no, nl, "proxy-connection")
            || named(h, no, nl, "upgrade")) {
            return true;
        }
        if (named(h, no, nl, "transfer-encoding")) {
            chunked = true; // the session's responses are chunked when they say transfer-encoding at all
            return true;
        }
        if (named(h, no, nl, "content-length")) {
            long v = 0;
            for (int i = vo; i < vo + vl; i++) {
                final int d = h[i] - '0';
                if (d < 0 || d > 9) {
                    return false;
                }
                v = v * 10 + d;
            }
            contentLength = v;
        }
        if (count == MAX_FIELDS) {
            return false;
        }
        nameOff[count] = no;
        nameLen[count] = nl;
        valueOff[count] = vo;
        valueLen[count] = vl;
        count++;
        return true;
    }

    private static int lineEnd(final byte[] h, final int from, final int len) {
        for (int i = from; i < len; i++) {
            if (h[i] == '\n') {
                return i + 1;
            }
        }
        return len;
    }

    /** Whether {@code h[off, off+n)} is {@code lower}, ignoring case. */
    private static boolean named(final byte[] h, final int off, final int n, final String lower) {
        if (n != lower.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int c = h[off + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    int status() {
        return status;
    }

    /** The body's length, -1 when not given. */
    long contentLength() {
        return contentLength;
    }

    boolean chunked() {
        return chunked;
    }

    int count() {
        return count;
    }

    int nameOff(final int i) {
        return nameOff[i];
    }

    int nameLen(final int i) {
        return nameLen[i];
    }

    int valueOff(final int i) {
        return valueOff[i];
    }

    int valueLen(final int i) {
        return valueLen[i];
    }

    /** The encoded size bound of the fields kept (for the room check). */
    int encodedBound() {
        int n = 5;
        for (int i = 0; i < count; i++) {
            n += nameLen[i] + valueLen[i] + HpackEncoder.FIELD_OVERHEAD;
        }
        return n;
    }
}
