package dev.baton.health;

import dev.baton.backend.CheckStatus;
import dev.baton.config.HttpCheckConfig;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The outcome of an HTTP check's response, judged as HAProxy 2.6 does (checked against {@code haproxy -db}):
 * <ul>
 *   <li>no complete head, or no valid status line: {@link CheckStatus#L7RSP}, no code, no info;</li>
 *   <li>{@code disable-on-404}, a running server and a 404: {@link CheckStatus#L7OKC} (the server goes NOLB);</li>
 *   <li>without {@code expect}: 2xx and 3xx are {@link CheckStatus#L7OK}, any other status
 *       {@link CheckStatus#L7STS} with the reason phrase as info ("Service Unavailable");</li>
 *   <li>{@code expect [!] status|rstatus}: likewise, by the pattern;</li>
 *   <li>{@code expect [!] hdr|fhdr}: like a status expectation, L7STS with the reason phrase when the header test
 *       ({@link HeaderMatch}) fails;</li>
 *   <li>{@code expect [!] string|rstring}: whatever the status, L7OK with the code when the body read matches,
 *       else L7RSP and the info "HTTP content check did not match" ("HTTP check matched unwanted content" when
 *       negated); an empty body is "HTTP content check could not find a response body". As in HAProxy, a match
 *       is judged as soon as the body holds the pattern; a mismatch waits for the whole body unless the rule has
 *       {@code min-recv}, which also makes it wait for that many bytes of body.</li>
 * </ul>
 * The code is the response's status whenever it has one (shown with the statuses that show a code).
 *
 * @param status the outcome
 * @param info   the log's and {@code last_chk}'s info, or null
 * @param code   the response's status, 0 when none is reported
 */
record HttpCheckVerdict(CheckStatus status, String info, int code) {
    static final String NO_MATCH = "HTTP content check did not match";
    static final String UNWANTED_MATCH = "HTTP check matched unwanted content";
    static final String NO_BODY = "HTTP content check could not find a response body";

    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    /**
     * Judges the {@code len} bytes of {@code buf} read so far; null while more is needed. {@code complete}: no
     * more will come (the server closed, or the buffer is full). {@code running}: the server is UP as the checks
     * see it (for {@code disable-on-404}).
     */
    static HttpCheckVerdict judge(final HttpCheckConfig http, final byte[] buf, final int len,
                                  final boolean complete, final boolean running) {
        return judge(http.expect(), -1, http.disableOn404(), buf, len, complete, running);
    }

    /**
     * {@link #judge(HttpCheckConfig, byte[], int, boolean, boolean)} for one expectation ({@code null}: 2xx/3xx)
     * with the rule's {@code min-recv} (-1 when not set).
     */
    static HttpCheckVerdict judge(final HttpCheckConfig.Expect expect, final int minRecv, final boolean disableOn404,
                                  final byte[] buf, final int len, final boolean complete, final boolean running) {
        final int headEnd = ContentMatch.indexOf(buf, len, HEAD_END);
        if (headEnd < 0) {
            return complete ? invalid() : null;
        }
        final String head = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1);
        final int eol = head.indexOf("\r\n");
        final String statusLine = eol < 0 ? head : head.substring(0, eol);
        final int code = statusCode(statusLine);
        if (code < 0) {
            return invalid();
        }
        final String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
        if (disableOn404 && code == 404 && running) {
            return new HttpCheckVerdict(CheckStatus.L7OKC, null, code);
        }
        if (expect != null && expect.kind() == HttpCheckConfig.ExpectKind.HDR) {
            final boolean ok = HeaderMatch.matches(expect.header(), eol < 0 ? "" : head.substring(eol + 2))
                != expect.negated();
            return ok ? new HttpCheckVerdict(CheckStatus.L7OK, null, code)
                : new HttpCheckVerdict(CheckStatus.L7STS, reason.isEmpty() ? null : reason, code);
        }
        if (expect == null || !expect.kind().onBody()) {
            final boolean ok = expect == null ? code >= 200 && code < 400 : expect.matchesStatus(code) != expect.negated();
            return ok ? new HttpCheckVerdict(CheckStatus.L7OK, null, code)
                : new HttpCheckVerdict(CheckStatus.L7STS, reason.isEmpty() ? null : reason, code);
        }
        final int bodyStart = headEnd + HEAD_END.length;
        int bodyLen = len - bodyStart;
        final long contentLength = contentLength(eol < 0 ? "" : head.substring(eol + 2));
        final boolean lastRead = complete || contentLength >= 0 && bodyLen >= contentLength;
        if (contentLength >= 0 && bodyLen > contentLength) {
            bodyLen = (int) contentLength;
        }
        if (bodyLen == 0) {
            return lastRead ? new HttpCheckVerdict(CheckStatus.L7RSP, NO_BODY, code) : null;
        }
        if (!lastRead && (expect.kind() == HttpCheckConfig.ExpectKind.STRING && bodyLen < expect.text().length()
            || minRecv > 0 && bodyLen < minRecv)) {
            return null;
        }
        final String body = new String(buf, bodyStart, bodyLen, StandardCharsets.ISO_8859_1);
        final boolean match = expect.matchesBody(body);
        if (!match && !lastRead && minRecv == -1) {
            return null;
        }
        if (match != expect.negated()) {
            return new HttpCheckVerdict(CheckStatus.L7OK, null, code);
        }
        return new HttpCheckVerdict(CheckStatus.L7RSP, expect.negated() ? UNWANTED_MATCH : NO_MATCH, code);
    }

    /**
     * Whether this failure is a response that is not HTTP (no status line): HAProxy reports it as L7RSP whatever
     * the rule's {@code error-status}. Every failure of an expectation has an info or another status.
     */
    boolean notHttp() {
        return status == CheckStatus.L7RSP && info == null;
    }

    private static HttpCheckVerdict invalid() {
        return new HttpCheckVerdict(CheckStatus.L7RSP, null, 0);
    }

    /** The status of {@code HTTP/1.x NNN[ reason]}, or -1. */
    static int statusCode(final String line) {
        if (line.length() < 12 || !line.startsWith("HTTP/") || line.charAt(6) != '.' || line.charAt(8) != ' '
            || !Character.isDigit(line.charAt(5)) || !Character.isDigit(line.charAt(7))
            || (line.length() > 12 && line.charAt(12) != ' ')) {
            return -1;
        }
        int code = 0;
        for (int i = 9; i < 12; i++) {
            final char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            code = code * 10 + (c - '0');
        }
        return code >= 100 ? code : -1;
    }

    /** The {@code Content-Length} among the header lines {@code headers}, or -1. */
    private static long contentLength(final String headers) {
        for (final String line : headers.split("\r\n")) {
            final int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    return Long.parseLong(line.substring(colon + 1).trim());
                } catch (final NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
