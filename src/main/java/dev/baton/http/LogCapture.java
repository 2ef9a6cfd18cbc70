package dev.baton.http;

import dev.baton.config.TrafficLogConfig;
import dev.baton.log.HttpLogLine;
import dev.baton.log.LogCaptures;
import dev.baton.log.TrafficLog;
import dev.baton.http.text.HeaderName;

import java.nio.ByteBuffer;

/**
 * What an HTTP request keeps for its log line while its heads are in place, as HAProxy 2.6 does: the request
 * line, the {@code capture request header} values (each header's last line, trimmed and cut to its length),
 * the first {@code Cookie} whose name starts with the {@code capture cookie} name ({@code name=value}, cut), the
 * same from {@code Set-Cookie} and the {@code capture response header} values of the response, and the unique id
 * ({@code unique-id-format}), which {@code unique-id-header} adds to the request sent to the server. Values go
 * into the session's {@link LogCaptures}; nothing is allocated. Stateless; reactor thread only.
 */
final class LogCapture {
    private static final HeaderName COOKIE = HeaderName.of("Cookie");
    private static final HeaderName SET_COOKIE = HeaderName.of("Set-Cookie");

    private LogCapture() {
    }

    /** The request head of {@code s} was parsed: its line, headers and cookie, for the log line. */
    static void requestHead(final HttpSession s) {
        final HttpHead req = s.ws.req;
        final HttpLogLine l = s.ws.logLine();
        final int n = Math.min(req.startLineLength(), l.requestLine.length);
        req.buffer().get(req.startLineStart(), l.requestLine, 0, n);
        l.requestLineLength = n;
        final LogCaptures c = s.captures;
        if (c == null) {
            return;
        }
        // cleared when the head was parsed (HttpRequestReader), before tcp-request content captures wrote theirs
        final TrafficLog log = s.frontend.log();
        headers(req, log, c, true);
        final TrafficLogConfig t = log.settings();
        if (t.cookieName() != null) {
            c.requestCookieLength = cookie(req, COOKIE, t.cookieName(), c.requestCookie, false);
        }
    }

    /** The response head about to be sent: its captured headers and {@code Set-Cookie}. */
    static void responseHead(final HttpSession s, final HttpHead resp) {
        final LogCaptures c = s.captures;
        if (c == null) {
            return;
        }
        final TrafficLog log = s.frontend.log();
        headers(resp, log, c, false);
        final TrafficLogConfig t = log.settings();
        if (t.cookieName() != null && c.responseCookieLength < 0) {
            c.responseCookieLength = cookie(resp, SET_COOKIE, t.cookieName(), c.responseCookie, true);
        }
    }

    /**
     * {@code unique-id-format}: renders the request's id (from the fields known before it is forwarded), unless a
     * rule's {@code unique-id} fetch made it already, and, with
     * {@code unique-id-header}, adds it to {@code edits} (null: at log time, for a request never forwarded, as
     * HAProxy makes the id then).
     */
    static void uniqueId(final HttpSession s, final HeaderEdits edits) {
        final TrafficLog log = s.frontend.log();
        final LogCaptures c = s.captures;
        if (c == null || log.settings().uniqueIdFormat() == null) {
            return;
        }
        if (c.uniqueIdLength < 0) { // not made yet by a rule's unique-id fetch: made once per request
            final HttpLogLine l = s.ws.logLine();
            RequestAccounting.identity(s, l);
            final StringBuilder sb = l.scratch();
            log.settings().uniqueIdFormat().render(l, sb);
            final int n = Math.min(sb.length(), c.uniqueId.length);
            for (int i = 0; i < n; i++) {
                c.uniqueId[i] = (byte) sb.charAt(i);
            }
            c.uniqueIdLength = n;
        }
        if (edits != null && log.uniqueIdHeader() != null) {
            edits.add(log.uniqueIdHeader(), c.uniqueId, 0, c.uniqueIdLength);
        }
    }

    /** For each capture, the value of the last line of its header (HAProxy's loop keeps overwriting). */
    private static void headers(final HttpHead head, final TrafficLog log, final LogCaptures c,
                                final boolean request) {
        final ByteBuffer b = head.buffer();
        for (int i = 0; i < log.captureCount(request); i++) {
            final HeaderName name = log.captureName(request, i);
            if (name == null) {
                continue; // a slot of capture rules
            }
            int last = -1;
            for (int h = head.indexOf(name, 0); h >= 0; h = head.indexOf(name, h + 1)) {
                last = h;
            }
            if (last >= 0) {
                if (request) {
                    c.setRequest(i, b, head.valueStart(last), head.valueLength(last));
                } else {
                    c.setResponse(i, b, head.valueStart(last), head.valueLength(last));
                }
            }
        }
    }

    /**
     * The first cookie, over all {@code header} lines, whose name starts with {@code prefix}: its
     * {@code name=value} (trimmed) copied into {@code dst}; -1 when none. {@code setCookie}: only the first pair
     * of each line is a cookie, the rest are its attributes.
     */
    private static int cookie(final HttpHead head, final HeaderName header, final String prefix, final byte[] dst,
                              final boolean setCookie) {
        final ByteBuffer b = head.buffer();
        for (int h = head.indexOf(header, 0); h >= 0; h = head.indexOf(header, h + 1)) {
            final int end = head.valueStart(h) + head.valueLength(h);
            int at = head.valueStart(h);
            while (at < end) {
                while (at < end && (b.get(at) == ' ' || b.get(at) == '\t')) {
                    at++;
                }
                int stop = at;
                while (stop < end && b.get(stop) != ';') {
                    stop++;
                }
                int valueEnd = stop;
                while (valueEnd > at && (b.get(valueEnd - 1) == ' ' || b.get(valueEnd - 1) == '\t')) {
                    valueEnd--;
                }
                if (valueEnd - at >= prefix.length() && startsWith(b, at, prefix)) {
                    return LogCaptures.copy(b, at, valueEnd - at, dst);
                }
                if (setCookie) {
                    break;
                }
                at = stop + 1;
            }
        }
        return -1;
    }

    private static boolean startsWith(final ByteBuffer b, final int at, final String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (b.get(at + i) != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
