package dev.baton.http;

import dev.baton.backend.Server;
import dev.baton.config.CookieConfig;
import dev.baton.http.text.HeaderName;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Cookie persistence of one request ({@code cookie NAME ...} in the backend), as HAProxy 2.6 does it in
 * {@code http_manage_client_side_cookies}, {@code http_manage_server_side_cookies} and the insertion step of
 * {@code http_process_res_common}:
 * <ul>
 *   <li>{@link #request}: the request's {@code Cookie} headers name a server by its {@code cookie} value (with the
 *       last-seen and first-seen dates of {@code maxidle}/{@code maxlife} after {@code |}, or the application's
 *       value after {@code ~} in prefix mode); the first server with that value that is not down (checks or
 *       maintenance) is {@link #assigned()}; the cookie is removed before forwarding in insert+indirect mode and
 *       its prefix in prefix mode;</li>
 *   <li>{@link #response}: the server's own Set-Cookie of that name is deleted (insert mode, or indirect on a direct
 *       request), rewritten (rewrite mode) or prefixed (prefix mode) unless {@code preserve}; then in insert mode a
 *       {@code Set-Cookie: NAME=VALUE; path=/...} is added when the request did not reach its cookie's server, or its
 *       dates need refreshing, with {@code Cache-control: private} under {@code nocache} for a cacheable response.</li>
 * </ul>
 * The outcome is also HAProxy's pair of log characters of {@code %tsc} ({@link #clientFlag}, {@link #serverFlag}).
 * One per request workspace; reactor thread only; allocates nothing (values are built in a scratch array).
 */
final class PersistCookie {
    private static final HeaderName COOKIE = HeaderName.of("cookie");
    private static final HeaderName SET_COOKIE = HeaderName.of("set-cookie");
    private static final HeaderName CACHE_CONTROL = HeaderName.of("cache-control");
    private static final HeaderName PRAGMA = HeaderName.of("pragma");
    private static final HeaderName EXPIRES = HeaderName.of("expires");
    private static final HeaderName ETAG = HeaderName.of("etag");
    private static final HeaderName LAST_MODIFIED = HeaderName.of("last-modified");
    private static final byte[] BASE64 =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final String EXPIRED = "=; Expires=Thu, 01-Jan-1970 00:00:01 GMT; path=/";
    /** A date in the future by more than this is ignored, as HAProxy does (a clock fixed by an administrator). */
    private static final long FUTURE_TOLERANCE_S = 86_400;

    /** HAProxy's client-side cookie states (TX_CK_*), as the log shows them. */
    static final char NONE = 'N';
    static final char INVALID = 'I';
    static final char DOWN = 'D';
    static final char VALID = 'V';
    static final char EXPIRED_IDLE = 'E';
    static final char OLD = 'O';
    static final char UNUSED = 'U';
    /** HAProxy's server-side states (TX_SCK_*). */
    static final char FOUND = 'P';
    static final char DELETED = 'D';
    static final char INSERTED = 'I';
    static final char REPLACED = 'R';
    static final char UPDATED = 'U';

    private final byte[] scratch = new byte[HeaderEdits.DEFAULT_VALUE_BYTES];
    private Server assigned;
    private char clientFlag = NONE;
    private char serverFlag = NONE;
    /** The dates the client's cookie carried, in seconds since the epoch (multiples of 4), 0 when none. */
    private long firstDateS;
    private long lastDateS;
    /** The request's server is already assigned ({@code use-server}) or persistence is ignored: no cookie assigns. */
    private boolean skipAssign;
    /** The server a {@code use-server} rule assigned, or null: the request goes to it directly (no cookie set). */
    private Server ruled;
    /** {@code force-persist} matched: a down server named by the cookie still takes the request. */
    private boolean force;
    /** {@code ignore-persist} matched: no Set-Cookie is added to the response either. */
    private boolean ignore;

    /** Forgets the last request. */
    void clear() {
        assigned = null;
        clientFlag = NONE;
        serverFlag = NONE;
        firstDateS = 0;
        lastDateS = 0;
        skipAssign = false;
        ruled = null;
        force = false;
        ignore = false;
    }

    /** The server a {@code use-server} rule assigned, or null. */
    Server ruled() {
        return ruled;
    }

    /** The server the request's cookie names and that may take it, or null: the balancer picks. */
    Server assigned() {
        return assigned;
    }

    char clientFlag() {
        return clientFlag;
    }

    char serverFlag() {
        return serverFlag;
    }

    /** Whether {@code ck} shows its states in the log (HAProxy's PR_CK_ANY: a mode or {@code indirect}). */
    static boolean logged(final CookieConfig ck) {
        return ck != null && (ck.mode() != CookieConfig.Mode.PASSIVE || ck.indirect());
    }

    /**
     * The request side: reads the {@code Cookie} headers of {@code req} routed to the backend whose servers are
     * {@code servers}, recording in {@code edits} what must not reach the server. {@code nowS}: the wall clock.
     */
    void request(final HttpHead req, final List<Server> servers, final CookieConfig ck, final HeaderEdits edits,
                 final long nowS) {
        request(req, servers, ck, edits, nowS, null, 0);
    }

    /**
     * {@link #request} after the backend's server rules: {@code byRule} the server a {@code use-server} rule chose, or
     * null (the cookie is still read and stripped, but assigns nothing: flag {@code U}), {@code persist} the
     * {@link ServerSelection} persistence flags ({@code force-persist}: a down server named by the cookie is still
     * used, flag {@code D}; {@code ignore-persist}: as if assigned, and no cookie is set in the response).
     */
    void request(final HttpHead req, final List<Server> servers, final CookieConfig ck, final HeaderEdits edits,
                 final long nowS, final Server byRule, final int persist) {
        clear();
        ignore = (persist & ServerSelection.IGNORE) != 0;
        force = (persist & ServerSelection.FORCE) != 0;
        ruled = byRule;
        skipAssign = byRule != null || ignore;
        for (int i = req.indexOf(COOKIE, 0); i >= 0; i = req.indexOf(COOKIE, i + 1)) {
            requestLine(req, i, servers, ck, edits, nowS);
        }
    }

    private void requestLine(final HttpHead req, final int index, final List<Server> servers, final CookieConfig ck,
                             final HeaderEdits edits, final long nowS) {
        final ByteBuffer b = req.buffer();
        final int vs = req.valueStart(index);
        final int ve = vs + req.valueLength(index);
        int out = 0;
        boolean changed = false;
        boolean overflow = false;
        int seg = vs;
        while (true) {
            int segEnd = seg;
            while (segEnd < ve && b.get(segEnd) != ';') {
                segEnd++;
            }
            int keepFrom = seg;
            int skipFrom = -1;
            int skipTo = -1;
            boolean keep = true;
            int a = seg;
            while (a < segEnd && isSpace(b.get(a))) {
                a++;
            }
            int eq = a;
            while (eq < segEnd && b.get(eq) != '=') {
                eq++;
            }
            if (a < segEnd && b.get(a) != '$' && eq < segEnd) {
                int nameEnd = eq;
                while (nameEnd > a && isSpace(b.get(nameEnd - 1))) {
                    nameEnd--;
                }
                if (equalsAscii(b, a, nameEnd, ck.name())) {
                    int valBeg = eq + 1;
                    while (valBeg < segEnd && isSpace(b.get(valBeg))) {
                        valBeg++;
                    }
                    int valEnd = segEnd;
                    while (valEnd > valBeg && isSpace(b.get(valEnd - 1))) {
                        valEnd--;
                    }
                    final int delim = ours(b, valBeg, valEnd, servers, ck, nowS);
                    if (ck.mode() == CookieConfig.Mode.PREFIX && delim != valEnd) {
                        skipFrom = valBeg; // the server's part and its '~' never reach the application
                        skipTo = delim + 1;
                        changed = true;
                    } else if (ck.insert() && ck.indirect()) {
                        keep = false;
                        changed = true;
                    }
                }
            }
            if (keep) {
                if (out == 0) {
                    while (keepFrom < segEnd && isSpace(b.get(keepFrom))) {
                        keepFrom++;
                    }
                } else if (out < scratch.length) {
                    scratch[out++] = ';';
                }
                final int n = (segEnd - keepFrom) - (skipFrom < 0 ? 0 : skipTo - skipFrom);
                if (out + n > scratch.length) {
                    overflow = true;
                } else {
                    for (int p = keepFrom; p < segEnd; p++) {
                        if (p == skipFrom) {
                            p = skipTo - 1;
                            continue;
                        }
                        scratch[out++] = b.get(p);
                    }
                }
            }
            if (segEnd >= ve) {
                break;
            }
            seg = segEnd + 1;
        }
        if (!changed || overflow) {
            return;
        }
        if (out == 0) {
            edits.drop(index);
        } else {
            edits.replace(index, scratch, 0, out);
        }
    }

    /**
     * Our cookie's value {@code [valBeg, valEnd)}: its dates checked, its server looked up; returns where the server's
     * part ends (the {@code '|'} of the dates, the {@code '~'} in prefix mode, else {@code valEnd}).
     */
    private int ours(final ByteBuffer b, final int valBeg, final int valEnd, final List<Server> servers,
                     final CookieConfig ck, final long nowS) {
        int delim = valEnd;
        if (ck.mode() == CookieConfig.Mode.PREFIX) {
            delim = indexOf(b, valBeg, valEnd, (byte) '~', valEnd);
        } else {
            final int bar = indexOf(b, valBeg, valEnd, (byte) '|', -1);
            if (bar >= 0) {
                delim = bar;
                final int p = bar + 1;
                if (valEnd - p >= 5) {
                    final long v = s30(b, p);
                    if (v > 0) {
                        lastDateS = v << 2;
                    }
                }
                final int bar2 = indexOf(b, p, valEnd, (byte) '|', -1);
                if (bar2 >= 0 && valEnd - bar2 > 5) {
                    final long v = s30(b, bar2 + 1);
                    if (v > 0) {
                        firstDateS = v << 2;
                    }
                }
            }
        }
        if (firstDateS != 0 && ck.maxlifeS() > 0
            && (nowS - firstDateS > ck.maxlifeS() || firstDateS - nowS > FUTURE_TOLERANCE_S)) {
            clientFlag = OLD;
            delim = valBeg;
            firstDateS = 0;
            lastDateS = 0;
        } else if (lastDateS != 0 && ck.maxidleS() > 0
            && (nowS - lastDateS > ck.maxidleS() || lastDateS - nowS > FUTURE_TOLERANCE_S)) {
            clientFlag = EXPIRED_IDLE;
            delim = valBeg;
            firstDateS = 0;
            lastDateS = 0;
        }
        Server found = null;
        if (delim != valBeg && assigned == null && !skipAssign) {
            for (int i = 0; i < servers.size(); i++) {
                final Server s = servers.get(i);
                final String cookie = s.cookie();
                if (cookie == null || !equalsAscii(b, valBeg, delim, cookie)) {
                    continue;
                }
                final boolean up = s.isRunning() && !s.isDisabled();
                if (up || force) {
                    clientFlag = up ? VALID : DOWN;
                    found = s;
                    break;
                }
                clientFlag = DOWN; // and look on: another server may share the value
            }
        }
        if (found != null) {
            assigned = found;
        } else if (clientFlag != DOWN && clientFlag != EXPIRED_IDLE && clientFlag != OLD) {
            clientFlag = assigned != null || skipAssign ? UNUSED : INVALID;
        }
        return delim;
    }

    /**
     * The response side, after the http-response rules: the server's Set-Cookie of our name, then our own.
     * {@code server}: the server that answered; {@code direct}: it is the one the request's cookie named.
     */
    void response(final HttpHead resp, final int status, final HttpMethod method, final CookieConfig ck,
                  final Server server, final boolean direct, final HeaderEdits edits, final long nowS) {
        if (status < 200) {
            return;
        }
        for (int i = resp.indexOf(SET_COOKIE, 0); i >= 0; i = resp.indexOf(SET_COOKIE, i + 1)) {
            serverLine(resp, i, ck, server, direct, edits);
        }
        if (!ck.insert() || server == null || ignore || (serverFlag == FOUND && ck.preserve())) {
            return;
        }
        final boolean due = !direct
            || (ck.maxidleS() > 0 || lastDateS != 0) && (lastDateS == 0 || lastDateS - nowS < 0)
            || ck.maxlifeS() > 0 && firstDateS == 0
            || ck.maxlifeS() == 0 && firstDateS != 0;
        if (!due || ck.postonly() && method != HttpMethod.POST) {
            return;
        }
        final String value = server.cookie();
        int n = put(0, ck.name());
        if (value == null) {
            n = put(n, EXPIRED);
        } else {
            n = put(put(n, "="), value);
            if (ck.maxidleS() > 0 || ck.maxlifeS() > 0) {
                n = s30(put(n, "|"), (nowS + 3) >> 2);
                if (ck.maxlifeS() > 0) {
                    n = s30(put(n, "|"), firstDateS != 0 ? firstDateS >> 2 : (nowS + 3) >> 2);
                }
            }
            n = put(n, "; path=/");
        }
        if (ck.domains() != null) {
            n = put(put(n, "; domain="), ck.domains());
        }
        if (ck.httponly()) {
            n = put(n, "; HttpOnly");
        }
        if (ck.secure()) {
            n = put(n, "; Secure");
        }
        if (ck.attrs() != null) {
            n = put(put(n, "; "), ck.attrs());
        }
        if (n < 0 || !edits.add(SET_COOKIE, scratch, 0, n)) {
            return;
        }
        serverFlag = value != null && direct ? UPDATED : INSERTED;
        if (ck.nocache() && cacheable(resp, status, method)) {
            edits.add(CACHE_CONTROL, "private");
        }
    }

    /** One Set-Cookie of the server: only its first NAME=VALUE counts, as in HAProxy. */
    private void serverLine(final HttpHead resp, final int index, final CookieConfig ck, final Server server,
                            final boolean direct, final HeaderEdits edits) {
        final ByteBuffer b = resp.buffer();
        final int vs = resp.valueStart(index);
        final int ve = vs + resp.valueLength(index);
        int a = vs;
        while (a < ve && isSpace(b.get(a))) {
            a++;
        }
        int eq = a;
        while (eq < ve && b.get(eq) != '=' && b.get(eq) != ';') {
            eq++;
        }
        if (eq >= ve || b.get(eq) != '=') {
            return;
        }
        int nameEnd = eq;
        while (nameEnd > a && isSpace(b.get(nameEnd - 1))) {
            nameEnd--;
        }
        if (!equalsAscii(b, a, nameEnd, ck.name())) {
            return;
        }
        int valBeg = eq + 1;
        while (valBeg < ve && isSpace(b.get(valBeg))) {
            valBeg++;
        }
        final int semi = indexOf(b, valBeg, ve, (byte) ';', ve);
        int valEnd = semi;
        while (valEnd > valBeg && isSpace(b.get(valEnd - 1))) {
            valEnd--;
        }
        serverFlag = FOUND;
        final String cookie = server == null ? null : server.config().cookie();
        if (ck.preserve()) {
            return;
        }
        if (server != null && ck.insert() || direct && ck.indirect()) {
            edits.drop(index);
            serverFlag = DELETED;
        } else if (cookie != null && ck.mode() == CookieConfig.Mode.REWRITE) {
            int n = copy(b, vs, valBeg, 0);
            n = put(n, cookie);
            n = copy(b, valEnd, ve, n);
            if (n >= 0 && edits.replace(index, scratch, 0, n)) {
                serverFlag = REPLACED;
            }
        } else if (cookie != null && ck.mode() == CookieConfig.Mode.PREFIX) {
            int n = copy(b, vs, valBeg, 0);
            n = put(put(n, cookie), "~");
            n = copy(b, valBeg, ve, n);
            if (n >= 0 && edits.replace(index, scratch, 0, n)) {
                serverFlag = REPLACED;
            }
        }
    }

    /**
     * HAProxy's TX_CACHEABLE at the insertion step (as 2.6's stable releases compute it): a GET, HEAD, OPTIONS or
     * TRACE request; a status cacheable by default (RFC 7231); no {@code Pragma: no-cache}; the Cache-Control values
     * in order ({@code public} sets, {@code private}, {@code no-cache}, {@code no-store} and their {@code =} forms and
     * {@code s-maxage=0} clear, {@code max-age=0} clears unless an {@code s-maxage} follows); and some freshness
     * ({@code max-age}, {@code s-maxage}, {@code Expires}) or validator ({@code ETag}, {@code Last-Modified}).
     */
    private static boolean cacheable(final HttpHead resp, final int status, final HttpMethod method) {
        if (method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS
            && method != HttpMethod.TRACE) {
            return false;
        }
        switch (status) {
            case 200: case 203: case 204: case 206: case 300: case 301: case 404: case 405: case 410: case 414:
            case 501:
                break;
            default:
                return false;
        }
        final ByteBuffer b = resp.buffer();
        final int pragma = resp.indexOf(PRAGMA, 0);
        if (pragma >= 0 && equalsIgnoreCase(b, resp.valueStart(pragma),
            resp.valueStart(pragma) + resp.valueLength(pragma), "no-cache")) {
            return false;
        }
        boolean cacheable = true;
        boolean fresh = false;
        boolean nullMaxAge = false;
        for (int i = resp.indexOf(CACHE_CONTROL, 0); i >= 0; i = resp.indexOf(CACHE_CONTROL, i + 1)) {
            final int end = resp.valueStart(i) + resp.valueLength(i);
            int from = resp.valueStart(i);
            while (from <= end) {
                final int to = indexOf(b, from, end, (byte) ',', end);
                int s = from;
                while (s < to && isSpace(b.get(s))) {
                    s++;
                }
                int e = to;
                while (e > s && isSpace(b.get(e - 1))) {
                    e--;
                }
                if (equalsIgnoreCase(b, s, e, "public")) {
                    cacheable = true;
                } else if (equalsIgnoreCase(b, s, e, "max-age=0")) {
                    nullMaxAge = true;
                } else if ((equalsIgnoreCase(b, s, e, "private") || startsIgnoreCase(b, s, e, "private=")
                    || equalsIgnoreCase(b, s, e, "no-cache") || startsIgnoreCase(b, s, e, "no-cache=")
                    || equalsIgnoreCase(b, s, e, "no-store") || startsIgnoreCase(b, s, e, "no-store=")
                    || equalsIgnoreCase(b, s, e, "s-maxage=0"))
                    // no-cache="set-cookie" keeps the response cacheable (only its cookie is not: TX_CACHE_COOK)
                    && !equalsIgnoreCase(b, s, e, "no-cache=\"set-cookie\"")) {
                    cacheable = false;
                } else if (startsIgnoreCase(b, s, e, "s-maxage")) {
                    fresh = true;
                    nullMaxAge = false;
                } else if (startsIgnoreCase(b, s, e, "max-age")) {
                    fresh = true;
                }
                from = to + 1;
            }
        }
        if (nullMaxAge) {
            return false;
        }
        return cacheable && (fresh || resp.indexOf(EXPIRES, 0) >= 0 || resp.indexOf(ETAG, 0) >= 0
            || resp.indexOf(LAST_MODIFIED, 0) >= 0);
    }

    /** HAProxy's b64tos30: five base64 characters as a 30-bit value, -1 when one is not base64. */
    private static long s30(final ByteBuffer b, final int at) {
        long v = 0;
        for (int i = 0; i < 5; i++) {
            final int c = b.get(at + i);
            final int d = c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26
                : c >= '0' && c <= '9' ? c - '0' + 52 : c == '+' ? 62 : c == '/' ? 63 : -1;
            if (d < 0) {
                return -1;
            }
            v = v << 6 | d;
        }
        return v;
    }

    /** HAProxy's s30tob64: {@code value}'s low 30 bits as five base64 characters at {@code at}. */
    private int s30(final int at, final long value) {
        if (at < 0 || at + 5 > scratch.length) {
            return -1;
        }
        for (int i = 0; i < 5; i++) {
            scratch[at + i] = BASE64[(int) (value >> (24 - 6 * i)) & 0x3F];
        }
        return at + 5;
    }

    /** Appends {@code text} (ASCII) at {@code at}; -1 when it does not fit (or {@code at} is already -1). */
    private int put(final int at, final String text) {
        if (at < 0 || at + text.length() > scratch.length) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            scratch[at + i] = (byte) text.charAt(i);
        }
        return at + text.length();
    }

    private int copy(final ByteBuffer b, final int from, final int to, final int at) {
        if (at < 0 || at + (to - from) > scratch.length) {
            return -1;
        }
        for (int i = from; i < to; i++) {
            scratch[at + i - from] = b.get(i);
        }
        return at + to - from;
    }

    private static int indexOf(final ByteBuffer b, final int from, final int to, final byte c, final int absent) {
        for (int i = from; i < to; i++) {
            if (b.get(i) == c) {
                return i;
            }
        }
        return absent;
    }

    private static boolean isSpace(final byte c) {
        return c == ' ' || c == '\t';
    }

    private static boolean equalsAscii(final ByteBuffer b, final int from, final int to, final String text) {
        if (to - from != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (b.get(from + i) != (byte) text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsIgnoreCase(final ByteBuffer b, final int from, final int to, final String lower) {
        return to - from == lower.length() && startsIgnoreCase(b, from, to, lower);
    }

    private static boolean startsIgnoreCase(final ByteBuffer b, final int from, final int to, final String lower) {
        if (to - from < lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            if ((b.get(from + i) | 0x20) != lower.charAt(i) && b.get(from + i) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
