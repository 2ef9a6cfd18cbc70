package dev.baton.http;

import dev.baton.config.CompressionAlgo;
import dev.baton.config.CompressionConfig;
import dev.baton.http.text.HeaderName;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Whether a response is compressed, and how, decided as HAProxy 2.6's compression filter decides
 * (flt_http_comp.c): the algorithm from the request once its rules ran ({@link #request}), then the go-ahead from
 * the response head as the server sent it, before the response rules ({@link #response}), then the head rewritten
 * after them ({@link #rewrite}). One per request workspace; reactor thread only; no allocation.
 *
 * <p>The proxies' settings: the backend's algorithms and types when it has some, else the frontend's; offload
 * when either says so; nothing at all when neither has a {@code compression} line.
 */
final class CompressionChoice {
    static final HeaderName ACCEPT_ENCODING = HeaderName.of("Accept-Encoding");
    static final HeaderName CONTENT_ENCODING = HeaderName.of("Content-Encoding");
    static final HeaderName CONTENT_TYPE = HeaderName.of("Content-Type");
    static final HeaderName CACHE_CONTROL = HeaderName.of("Cache-Control");
    static final HeaderName ETAG = HeaderName.of("ETag");
    static final HeaderName VARY = HeaderName.of("Vary");
    static final HeaderName USER_AGENT = HeaderName.of("User-Agent");
    private static final byte[] MOZILLA_4 = ascii("Mozilla/4");
    private static final byte[] MSIE = ascii("MSIE ");
    private static final byte[] SV1 = ascii("SV1");
    private static final byte[] NO_TRANSFORM = ascii("no-transform");
    private static final byte[] MULTIPART = ascii("multipart");
    private static final byte[] WEAK = ascii("W/");

    private final EditedValues values = new EditedValues();
    private final Elements elements = new Elements();

    /**
     * The comma-separated elements of one header line, as HAProxy's http_find_header splits them (commas in quoted
     * strings kept), each without its surrounding whitespace: {@code b[s, e)} after each {@link #next()}.
     */
    private static final class Elements {
        ByteBuffer b;
        int s;
        int e;
        private int from;
        private int end;

        void of(final EditedValues line) {
            b = line.buffer();
            from = line.start();
            end = line.start() + line.length();
        }

        boolean next() {
            if (from > end) {
                return false;
            }
            final int comma = dev.baton.sample.fetch.HeaderValues.nextComma(b, from, end);
            s = skipLws(b, from, comma);
            e = comma;
            while (e > s && EditedValues.isLws(b.get(e - 1))) {
                e--;
            }
            from = comma + 1;
            return true;
        }
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------ request

    /**
     * HAProxy's select_compression_request_header on the request as its rules left it ({@code edits}): null when the
     * proxies ({@code fe}, {@code be}; either may be null) compress nothing, the User-Agent is an old Mozilla/4 other
     * than MSIE 6 SP2 or later, and no Accept-Encoding element of positive q names a configured algorithm (the
     * highest q wins, the first element on a tie, the backend's list order within an element; {@code *} takes the
     * list's first) and {@code identity} is not configured. With offload, a request that chose an algorithm by its
     * Accept-Encoding loses that header towards the server.
     */
    CompressionAlgo request(final HttpHead req, final HeaderEdits edits, final CompressionConfig fe,
                            final CompressionConfig be) {
        if (fe == null && be == null) {
            return null;
        }
        if (values.of(req, edits, USER_AGENT).next() && oldMozilla(values.buffer(), values.start(), values.length())) {
            values.clear();
            return null;
        }
        final List<CompressionAlgo> algos = algos(fe, be);
        CompressionAlgo chosen = null;
        int bestQ = 0;
        if (!algos.isEmpty()) {
            values.of(req, edits, ACCEPT_ENCODING);
            while (values.next()) {
                elements.of(values);
                while (elements.next()) {
                    final int q = qValue(elements.b, elements.s, elements.e);
                    if (q > bestQ) {
                        final CompressionAlgo match = match(elements.b, elements.s, elements.e, algos);
                        if (match != null) {
                            chosen = match;
                            bestQ = q;
                        }
                    }
                }
            }
        }
        values.clear();
        if (chosen != null) {
            if (fe != null && fe.offload() || be != null && be.offload()) {
                edits.dropAll(req, ACCEPT_ENCODING);
                edits.removeAdded(ACCEPT_ENCODING);
            }
            return chosen;
        }
        return algos.contains(CompressionAlgo.IDENTITY) ? CompressionAlgo.IDENTITY : null;
    }

    private static List<CompressionAlgo> algos(final CompressionConfig fe, final CompressionConfig be) {
        if (be != null && !be.algos().isEmpty()) {
            return be.algos();
        }
        return fe != null ? fe.algos() : List.of();
    }

    /** The algorithm element {@code [s, e)} names (its leading token, any case; {@code *...} names the first), or null. */
    private static CompressionAlgo match(final ByteBuffer b, final int s, final int e, final List<CompressionAlgo> algos) {
        if (s < e && b.get(s) == '*') {
            return algos.get(0);
        }
        int t = s;
        while (t < e && dev.baton.http.text.Ascii.isTchar(b.get(t))) {
            t++;
        }
        for (int i = 0; i < algos.size(); i++) { // indexed: no iterator per request
            if (equalsIgnoreCase(b, s, t - s, algos.get(i).token())) {
                return algos.get(i);
            }
        }
        return null;
    }

    /**
     * The q of element {@code [s, e)} in thousandths: its first {@code q=} parameter read as HAProxy's
     * http_parse_qvalue reads it (digit, '.', up to three digits; above 1 is 1), 1000 without one.
     */
    static int qValue(final ByteBuffer b, final int s, final int e) {
        int p = s;
        while (p < e && dev.baton.http.text.Ascii.isTchar(b.get(p))) {
            p++;
        }
        while (true) {
            p = skipLws(b, p, e);
            if (p >= e || b.get(p) != ';') {
                return 1000;
            }
            p = skipLws(b, p + 1, e);
            if (p >= e) {
                return 1000;
            }
            if (b.get(p) == 'q' && (p + 1 >= e || b.get(p + 1) == '=')) {
                return parseQ(b, p + 2, e);
            }
            while (p < e && b.get(p) != ';') {
                p++;
            }
        }
    }

    private static int parseQ(final ByteBuffer b, final int from, final int e) {
        int p = from;
        if (p >= e || !isDigit(b.get(p))) {
            return 1000;
        }
        int q = (b.get(p++) - '0') * 1000;
        if (p < e && b.get(p) == '.') {
            p++;
            for (int scale = 100; scale > 0 && p < e && isDigit(b.get(p)); scale /= 10) {
                q += (b.get(p++) - '0') * scale;
            }
        }
        return Math.min(q, 1000);
    }

    /** HAProxy's check of old user agents: Mozilla/4 unless MSIE 6 with SV1, or MSIE 7 and later. */
    static boolean oldMozilla(final ByteBuffer b, final int s, final int len) {
        if (len < 9 || !startsWith(b, s, len, MOZILLA_4, 0)) {
            return false;
        }
        if (len < 31 || !startsWith(b, s + 25, len - 25, MSIE, 0)) {
            return true;
        }
        final byte major = b.get(s + 30);
        return major < '6' || major == '6' && (len < 54 || !startsWith(b, s + 51, len - 51, SV1, 0));
    }

    // ------------------------------------------------------------------ response

    /**
     * HAProxy's select_compression_response_header, on the head as the server sent it ({@code clientVersion} the
     * request's, 10 or 11): true when the response of a request that chose {@code algo} is compressed. Not when
     * either side is HTTP/1.0, the request is HEAD, the status is not 200 to 203, the body's length is unknown
     * (close-delimited) or nil, or (baton's addition, a response HAProxy refuses anyway) a transfer coding other
     * than chunked is applied; nor when the response has a Content-Encoding, a no-transform Cache-Control, an
     * invalid ETag or more than one ETag line, a multipart Content-Type, a Content-Type that starts with none of
     * the configured types (none at all when types are configured), or while the process compresses more than
     * {@code maxcomprate} per second.
     */
    boolean response(final CompressionAlgo algo, final HttpHead resp, final int clientVersion,
                     final HttpMethod method, final BodyFraming framing, final CompressionConfig fe,
                     final CompressionConfig be, final long nowNs) {
        if (algo == null || resp.version() < 11 || clientVersion < 11 || method == HttpMethod.HEAD) {
            return false;
        }
        final int status = resp.status();
        if (status < 200 || status > 203) {
            return false;
        }
        if (!(framing == BodyFraming.CHUNKED || framing == BodyFraming.CONTENT_LENGTH && resp.contentLength() > 0)
            || resp.otherTransferCoding()) {
            return false;
        }
        if (resp.indexOf(CONTENT_ENCODING, 0) >= 0 || noTransform(resp)) {
            return false;
        }
        final int etag = resp.indexOf(ETAG, 0);
        if (etag >= 0 && (!validEtag(resp.buffer(), resp.valueStart(etag), resp.valueLength(etag))
            || resp.indexOf(ETAG, etag + 1) >= 0)) {
            return false;
        }
        if (!typeAllowed(resp, fe, be)) {
            return false;
        }
        final CompressionConfig c = be != null ? be : fe;
        final long maxRate = c.tuning().maxRateBytesPerSecond();
        return maxRate <= 0 || CompressionRate.PROCESS.perSecond(nowNs) <= maxRate;
    }

    private boolean noTransform(final HttpHead resp) {
        values.of(resp, null, CACHE_CONTROL);
        while (values.next()) {
            elements.of(values);
            while (elements.next()) {
                final int len = elements.e - elements.s;
                if (len == NO_TRANSFORM.length && startsWith(elements.b, elements.s, len, NO_TRANSFORM, 0x20)) {
                    values.clear();
                    return true;
                }
            }
        }
        values.clear();
        return false;
    }

    /** HAProxy's http_get_etag_type is not invalid: {@code "..."} or {@code W/"..."}, at least two chars. */
    static boolean validEtag(final ByteBuffer b, final int s, final int len) {
        if (len < 2 || b.get(s + len - 1) != '"') {
            return false;
        }
        return b.get(s) == '"' || len >= 3 && b.get(s) == 'W' && b.get(s + 1) == '/' && b.get(s + 2) == '"';
    }

    private static boolean typeAllowed(final HttpHead resp, final CompressionConfig fe, final CompressionConfig be) {
        final List<String> types = be != null && !be.types().isEmpty() ? be.types()
            : fe != null ? fe.types() : List.of();
        final int ct = resp.indexOf(CONTENT_TYPE, 0);
        if (ct < 0) {
            return types.isEmpty(); // a type was required
        }
        final ByteBuffer b = resp.buffer();
        final int s = resp.valueStart(ct);
        final int len = resp.valueLength(ct);
        if (startsWith(b, s, len, MULTIPART, 0x20)) {
            return false;
        }
        if (types.isEmpty()) {
            return true;
        }
        for (int i = 0; i < types.size(); i++) {
            if (startsWithIgnoreCase(b, s, len, types.get(i))) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ rewrite

    /**
     * HAProxy's set_compression_response_header, after the response rules ({@code edits} holds them): a
     * Content-Encoding naming {@code algo} (not for identity), no Content-Length, {@code Transfer-Encoding: chunked}
     * unless the server's body already was, the first ETag weakened when strong, and {@code Vary: Accept-Encoding}
     * added. False when the edits ran out of room (some may then be applied: the response must not go out).
     */
    boolean rewrite(final HttpHead resp, final HeaderEdits edits, final CompressionAlgo algo, final boolean chunked) {
        if (algo != CompressionAlgo.IDENTITY && !edits.add(CONTENT_ENCODING, algo.token())) {
            return false;
        }
        edits.dropAll(resp, HeaderName.CONTENT_LENGTH);
        edits.removeAdded(HeaderName.CONTENT_LENGTH);
        if (!chunked && !edits.add(HeaderName.TRANSFER_ENCODING, "chunked")) {
            return false;
        }
        values.of(resp, edits, ETAG);
        if (values.next() && values.length() > 0 && values.buffer().get(values.start()) == '"') {
            final boolean ok = values.headIndex() >= 0 ? edits.prefixValue(resp, values.headIndex(), WEAK)
                : edits.prefixAdded(values.addedIndex(), WEAK);
            if (!ok) {
                values.clear();
                return false;
            }
        }
        values.clear();
        return edits.add(VARY, "Accept-Encoding");
    }

    // ------------------------------------------------------------------ bytes

    private static int skipLws(final ByteBuffer b, final int from, final int end) {
        int p = from;
        while (p < end && EditedValues.isLws(b.get(p))) {
            p++;
        }
        return p;
    }

    private static boolean isDigit(final byte c) {
        return c >= '0' && c <= '9';
    }

    /** Whether {@code [s, s + len)} starts with {@code prefix}, bytes compared after OR-ing {@code fold} (0x20: any case of letters). */
    private static boolean startsWith(final ByteBuffer b, final int s, final int len, final byte[] prefix,
                                      final int fold) {
        if (len < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b.get(s + i) | fold) != (prefix[i] | fold)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(final ByteBuffer b, final int s, final int len, final String prefix) {
        if (len < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (lower(b.get(s + i)) != lower((byte) prefix.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** HAProxy's word_match on a token: the same length, letters in any case. */
    private static boolean equalsIgnoreCase(final ByteBuffer b, final int s, final int len, final String word) {
        return len == word.length() && startsWithIgnoreCase(b, s, len, word);
    }

    private static int lower(final byte c) {
        return c >= 'A' && c <= 'Z' ? c + 0x20 : c & 0xFF;
    }
}
