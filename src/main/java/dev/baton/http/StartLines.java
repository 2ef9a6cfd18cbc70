package dev.baton.http;

import dev.baton.http.text.Ascii;

import java.nio.ByteBuffer;

/**
 * Validates a request line or a status line and records it in an {@link HttpHead}. A line is
 * {@code buf[start, end)} without its line ending; {@code base} is the head's first byte, which recorded
 * offsets are relative to. Absolute gets only, no allocation. Stateless; any thread.
 */
final class StartLines {
    private static final byte[] HTTP_1 = {'H', 'T', 'T', 'P', '/', '1', '.'};
    private static final int VERSION_LENGTH = 8;
    /** The version of a request an HTTP/2 stream made (dev.baton.h2), accepted from such a stream only. */
    private static final byte[] HTTP_2 = {'H', 'T', 'T', 'P', '/', '2', '.', '0'};

    private StartLines() {
    }

    /**
     * {@code method SP request-target SP HTTP/1.0|HTTP/1.1}, single spaces only (RFC 9112 §3). The method is
     * a token; the target is visible ASCII without {@code #} and must have the form the method calls for
     * (§3.2): authority-form with a port for CONNECT, else origin-form, absolute-form, or {@code *} for
     * OPTIONS; an authority must pass {@link Authority#isValid}. A missing
     * version (HTTP/0.9) and any other version are refused too, but {@code HTTP/2.0} when {@code http2} (the request
     * of an HTTP/2 stream, version 20, HTTP/1.1's semantics). Returns false when the line is invalid.
     */
    static boolean request(final ByteBuffer buf, final int base, final int start, final int end,
            final HttpHead head, final boolean http2) {
        int i = start;
        while (i < end && Ascii.isTchar(buf.get(i))) {
            i++;
        }
        final int methodEnd = i;
        if (methodEnd == start || methodEnd == end || buf.get(methodEnd) != Ascii.SP) {
            return false;
        }
        final int target = methodEnd + 1;
        i = target;
        while (i < end) {
            final byte b = buf.get(i);
            if (b <= Ascii.SP || b == 0x7F || b == '#') { // bytes >= 0x80 are negative
                break;
            }
            i++;
        }
        final int targetEnd = i;
        if (targetEnd == target || targetEnd == end || buf.get(targetEnd) != Ascii.SP) {
            return false;
        }
        final int version = http2 && Ascii.equals(buf, targetEnd + 1, HTTP_2.length, HTTP_2)
            && end - targetEnd - 1 == HTTP_2.length ? 20 : version(buf, targetEnd + 1, end);
        if (version < 0) {
            return false;
        }
        final HttpMethod method = HttpMethod.of(buf, start, methodEnd - start);
        final int path = pathStart(buf, base, method, target, targetEnd, head);
        if (path < 0) {
            return false;
        }
        int pathEnd = path;
        if (path < targetEnd && buf.get(target) != '*') {
            final int query = Ascii.indexOf(buf, path, targetEnd, (byte) '?');
            pathEnd = query < 0 ? targetEnd : query;
        }
        head.requestLine(start - base, end - start, method, methodEnd - start, target - base, targetEnd - target,
                path - base, pathEnd - path, version);
        return true;
    }

    /**
     * {@code HTTP/1.x SP 3DIGIT [SP reason]} (RFC 9112 §4); the reason may be empty and its separating space
     * absent, as many servers send. The code must be 100 to 599. Returns false when the line is invalid.
     */
    static boolean status(final ByteBuffer buf, final int base, final int start, final int end,
            final HttpHead head) {
        final int codeStart = start + VERSION_LENGTH + 1;
        if (end - start < VERSION_LENGTH + 4 || buf.get(start + VERSION_LENGTH) != Ascii.SP) {
            return false;
        }
        final int version = version(buf, start, start + VERSION_LENGTH);
        if (version < 0) {
            return false;
        }
        int code = 0;
        for (int i = codeStart; i < codeStart + 3; i++) {
            final int d = buf.get(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            code = code * 10 + d;
        }
        if (code < 100 || code > 599) {
            return false;
        }
        final int reason = codeStart + 3;
        if (reason < end) {
            if (buf.get(reason) != Ascii.SP) {
                return false;
            }
            for (int i = reason + 1; i < end; i++) {
                if (!Ascii.isFieldByte(buf.get(i))) {
                    return false;
                }
            }
        }
        head.statusLine(start - base, end - start, code, version);
        return true;
    }

    /** 10 or 11 when {@code buf[start, end)} is exactly {@code HTTP/1.0} or {@code HTTP/1.1}, else -1. */
    private static int version(final ByteBuffer buf, final int start, final int end) {
        if (end - start != VERSION_LENGTH || !Ascii.equals(buf, start, HTTP_1.length, HTTP_1)) {
            return -1;
        }
        final byte minor = buf.get(start + HTTP_1.length);
        return minor == '1' ? 11 : minor == '0' ? 10 : -1;
    }

    /**
     * Where the path of {@code target} starts, or -1 when the target's form does not suit the method or its
     * authority is invalid ({@link Authority#isValid}). The path is empty (returned index == targetEnd) for
     * authority-form and for {@code *}. Records the authority of an absolute-form (without userinfo) or
     * CONNECT target in {@code head}.
     */
    private static int pathStart(final ByteBuffer buf, final int base, final HttpMethod method, final int target,
            final int targetEnd, final HttpHead head) {
        final byte first = buf.get(target);
        if (method == HttpMethod.CONNECT) {
            if (!Authority.isConnectTarget(buf, target, targetEnd)) {
                return -1;
            }
            head.authority(target - base, targetEnd - target, 0);
            return targetEnd;
        }
        if (first == '/') {
            return target;
        }
        if (first == '*') {
            return method == HttpMethod.OPTIONS && targetEnd - target == 1 ? targetEnd : -1;
        }
        final int afterScheme = afterScheme(buf, target, targetEnd);
        if (afterScheme < 0) {
            return -1;
        }
        int authority = afterScheme;
        int i = afterScheme;
        while (i < targetEnd && buf.get(i) != '/' && buf.get(i) != '?') {
            if (buf.get(i) == '@') {
                authority = i + 1; // userinfo is not part of the host
            }
            i++;
        }
        if (i == authority || !Authority.isValid(buf, authority, i)) {
            return -1;
        }
        head.authority(authority - base, i - authority, afterScheme - target - 3);
        return i;
    }

    /** The index after {@code scheme "://"} at {@code target} (RFC 3986 §3.1 scheme), or -1. */
    private static int afterScheme(final ByteBuffer buf, final int target, final int targetEnd) {
        int i = target;
        while (i < targetEnd) {
            final byte b = buf.get(i);
            final boolean alpha = (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
            final boolean other = (b >= '0' && b <= '9') || b == '+' || b == '-' || b == '.';
            if (!alpha && (i == target || !other)) {
                break;
            }
            i++;
        }
        if (i == target || targetEnd - i < 3 || buf.get(i) != ':' || buf.get(i + 1) != '/'
                || buf.get(i + 2) != '/') {
            return -1;
        }
        return i + 3;
    }

}
