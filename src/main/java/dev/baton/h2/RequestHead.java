package dev.baton.h2;

import java.nio.charset.StandardCharsets;

/**
 * Turns the fields of one request's header block into an HTTP/1 request head, as the {@code HttpSession} on the
 * stream reads it: the pseudo-headers become the request line as HAProxy's HTX has it, and logs it
 * ({@code :method scheme://authority/path HTTP/2.0}: absolute-form when {@code :authority} is there, else the path;
 * CONNECT's {@code :authority} as its target; the session's parser takes {@code HTTP/2.0} from a stream only, and the
 * line written for the server is origin-form HTTP/1.1) and a {@code host} field from {@code :authority} (which then wins over any
 * {@code host} field, RFC 9113 section 8.3.1), {@code cookie} crumbs are joined with "; " into one field (section
 * 8.2.3), and a body without {@code content-length} is announced {@code transfer-encoding: chunked} (the stream
 * frames it so).
 *
 * <p>What RFC 9113 section 8.2 and 8.3 make malformed is recorded as a stream PROTOCOL_ERROR, never thrown: the
 * HPACK decoder must see the whole block to stay in step. That is an upper-case, empty or non-token name, a value
 * with NUL, CR or LF, a pseudo-header after a regular field or unknown or twice, a missing {@code :method},
 * {@code :scheme} or {@code :path} (CONNECT: {@code :authority} only), connection-specific fields, {@code te}
 * other than "trailers", and {@code content-length} values that are not one same number. A head larger than the
 * limit is recorded too (the stream is refused the same way). Reused for every block of a connection; reactor thread
 * only; allocates nothing once its scratch arrays are made.
 */
final class RequestHead implements HpackDecoder.HeaderSink {
    /** The version the session sees, and logs, as HAProxy's HTX calls an HTTP/2 request. */
    private static final byte[] HTTP2 = " HTTP/2.0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SCHEME_END = {':', '/', '/'};
    private static final byte[] HOST = "host: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COOKIE = "cookie: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SP = {' '};
    private static final byte[] COLON_SP = {':', ' '};
    private static final byte[] CHUNKED = "transfer-encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII);

    private final byte[] pseudo;
    private final byte[] cookies;
    private byte[] out;
    private int len;
    private int limit;

    private int methodOff = -1;
    private int methodLen;
    private int pathOff = -1;
    private int pathLen;
    private int authorityOff = -1;
    private int authorityLen;
    private int schemeOff = -1;
    private int schemeLen;
    private int pseudoLen;
    private int cookiesLen;
    private boolean regularSeen;
    /** The stream error code found, 0 if none. */
    int error;
    String errorReason;
    long contentLength;
    boolean head;
    boolean connect;
    /** The body will be framed as chunks (no content-length). */
    boolean chunked;

    RequestHead(final int maxHeadSize) {
        pseudo = new byte[maxHeadSize];
        cookies = new byte[maxHeadSize];
    }

    /** Starts a block whose HTTP/1 head goes to {@code dst[0, limit)}. */
    void begin(final byte[] dst, final int max) {
        out = dst;
        limit = Math.min(max, dst.length);
        len = 0;
        methodOff = -1;
        pathOff = -1;
        authorityOff = -1;
        schemeOff = -1;
        pseudoLen = 0;
        cookiesLen = 0;
        regularSeen = false;
        error = 0;
        errorReason = null;
        contentLength = -1;
        head = false;
        connect = false;
        chunked = false;
    }

    /** The head's length in {@code dst} once {@link #finish} succeeded. */
    int length() {
        return len;
    }

    @Override
    public void header(final byte[] buf, final int no, final int nl, final int vo, final int vl) {
        if (error != 0) {
            return;
        }
        for (int i = vo; i < vo + vl; i++) {
            final byte c = buf[i];
            if (c == 0 || c == '\r' || c == '\n') {
                fail("NUL, CR or LF in a field value");
                return;
            }
        }
        if (nl > 0 && buf[no] == ':') {
            pseudoHeader(buf, no, nl, vo, vl);
            return;
        }
        if (!validName(buf, no, nl)) {
            fail("malformed field name");
            return;
        }
        if (!regularSeen) {
            regularSeen = true;
            startLine();
        }
        if (is(buf, no, nl, "connection") || is(buf, no, nl, "keep-alive") || is(buf, no, nl, "proxy-connection")
            || is(buf, no, nl, "transfer-encoding") || is(buf, no, nl, "upgrade")) {
            fail("connection-specific field");
            return;
        }
        if (is(buf, no, nl, "te") && !is(buf, vo, vl, "trailers")) {
            fail("te other than trailers");
            return;
        }
        if (is(buf, no, nl, "content-length") && !contentLength(buf, vo, vl)) {
            return;
        }
        if (is(buf, no, nl, "cookie")) {
            if (cookiesLen + vl + 2 > cookies.length) {
                fail("head too large");
                return;
            }
            if (cookiesLen > 0) {
                cookies[cookiesLen++] = ';';
                cookies[cookiesLen++] = ' ';
            }
            System.arraycopy(buf, vo, cookies, cookiesLen, vl);
            cookiesLen += vl;
            return;
        }
        if (authorityOff >= 0 && is(buf, no, nl, "host")) {
            return; // :authority is the host
        }
        field(buf, no, nl, buf, vo, vl);
    }

    /**
     * Ends the block: the start line if no regular field came, the joined cookie, the chunked framing of a body
     * without length ({@code endStream} false), the blank line. False when the request is malformed or too large
     * ({@link #error}).
     */
    boolean finish(final boolean endStream) {
        if (error == 0 && !regularSeen) {
            startLine();
        }
        if (error == 0 && cookiesLen > 0) {
            put(COOKIE, 0, COOKIE.length);
            put(cookies, 0, cookiesLen);
            crlf();
        }
        if (error == 0 && !endStream && contentLength < 0) {
            chunked = true;
            put(CHUNKED, 0, CHUNKED.length);
        }
        crlf();
        return error == 0;
    }

    private void pseudoHeader(final byte[] buf, final int no, final int nl, final int vo, final int vl) {
        if (regularSeen) {
            fail("pseudo-header after a regular field");
            return;
        }
        final int at = pseudoLen;
        if (pseudoLen + vl > pseudo.length) {
            fail("head too large");
            return;
        }
        System.arraycopy(buf, vo, pseudo, at, vl);
        pseudoLen += vl;
        if (is(buf, no, nl, ":method") && methodOff < 0) {
            methodOff = at;
            methodLen = vl;
            head = is(pseudo, at, vl, "HEAD");
            connect = is(pseudo, at, vl, "CONNECT");
        } else if (is(buf, no, nl, ":path") && pathOff < 0) {
            pathOff = at;
            pathLen = vl;
        } else if (is(buf, no, nl, ":authority") && authorityOff < 0) {
            authorityOff = at;
            authorityLen = vl;
        } else if (is(buf, no, nl, ":scheme") && schemeOff < 0) {
            schemeOff = at;
            schemeLen = vl;
        } else {
            fail("unknown or repeated pseudo-header");
        }
    }

    /** The request line and host field, once every pseudo-header is known. */
    private void startLine() {
        if (methodOff < 0 || methodLen == 0 || !token(pseudo, methodOff, methodLen)) {
            fail("no valid :method");
            return;
        }
        if (connect) {
            if (authorityOff < 0 || pathOff >= 0 || schemeOff >= 0) {
                fail("CONNECT needs :authority alone");
                return;
            }
        } else if (schemeOff < 0 || pathOff < 0 || pathLen == 0) {
            fail("no :scheme or :path");
            return;
        }
        for (int i = pathOff; pathOff >= 0 && i < pathOff + pathLen; i++) {
            if (pseudo[i] == ' ') {
                fail("space in :path");
                return;
            }
        }
        put(pseudo, methodOff, methodLen);
        put(SP, 0, 1);
        if (connect) {
            put(pseudo, authorityOff, authorityLen);
        } else {
            if (authorityOff >= 0 && pseudo[pathOff] == '/') { // absolute-form, as HAProxy's HTX has it
                put(pseudo, schemeOff, schemeLen);
                put(SCHEME_END, 0, SCHEME_END.length);
                put(pseudo, authorityOff, authorityLen);
            }
            put(pseudo, pathOff, pathLen);
        }
        put(HTTP2, 0, HTTP2.length);
        if (authorityOff >= 0) {
            put(HOST, 0, HOST.length);
            put(pseudo, authorityOff, authorityLen);
            crlf();
        }
    }

    private boolean contentLength(final byte[] buf, final int vo, final int vl) {
        long value = 0;
        if (vl == 0 || vl > 18) {
            fail("bad content-length");
            return false;
        }
        for (int i = vo; i < vo + vl; i++) {
            final int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                fail("bad content-length");
                return false;
            }
            value = value * 10 + d;
        }
        if (contentLength >= 0 && contentLength != value) {
            fail("content-length values differ");
            return false;
        }
        contentLength = value;
        return true;
    }

    private void field(final byte[] nb, final int no, final int nl, final byte[] vb, final int vo, final int vl) {
        put(nb, no, nl);
        put(COLON_SP, 0, 2);
        put(vb, vo, vl);
        crlf();
    }

    private void crlf() {
        if (len + 2 > limit) {
            fail("head too large");
            return;
        }
        out[len++] = '\r';
        out[len++] = '\n';
    }

    private void put(final byte[] src, final int off, final int n) {
        if (len + n > limit) {
            fail("head too large");
            return;
        }
        System.arraycopy(src, off, out, len, n);
        len += n;
    }

    private void fail(final String reason) {
        if (error == 0) {
            error = H2Error.PROTOCOL_ERROR;
            errorReason = reason;
        }
    }

    private static boolean validName(final byte[] b, final int off, final int n) {
        return n > 0 && token(b, off, n) && !hasUpper(b, off, n);
    }

    private static boolean hasUpper(final byte[] b, final int off, final int n) {
        for (int i = off; i < off + n; i++) {
            if (b[i] >= 'A' && b[i] <= 'Z') {
                return true;
            }
        }
        return false;
    }

    /** RFC 9110 tchar only. */
    private static boolean token(final byte[] b, final int off, final int n) {
        for (int i = off; i < off + n; i++) {
            final int c = b[i] & 0xff;
            final boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code b[off, off+n)} is the ASCII {@code s}, exactly. */
    static boolean is(final byte[] b, final int off, final int n, final String s) {
        if (n != s.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[off + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
