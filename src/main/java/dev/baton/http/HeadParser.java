package dev.baton.http;

import dev.baton.http.text.Ascii;
import dev.baton.http.text.HeaderName;

import java.nio.ByteBuffer;

/**
 * Incremental, HAProxy-strict HTTP/1.1 head parser for one side of a connection (requests from clients or
 * responses from servers). Owner thread only; one parser and one {@link HttpHead} per connection side.
 *
 * <p>The parser works line by line. Between calls that return {@link #NEED_MORE} it remembers which lines it
 * has already validated and how far it has searched for the next line feed, so feeding a head in any number
 * of pieces costs time linear in its length. Lines end with CRLF or a bare LF (as HAProxy accepts);
 * {@link HeadWriter} always writes CRLF. Empty lines before the start line are skipped (RFC 9112 §2.2).
 *
 * <p>Refused, with {@link HttpError#BAD_REQUEST} for a request and {@link HttpError#BAD_GATEWAY} for a
 * response:
 * <ul>
 *   <li>a start line other than {@code METHOD SP target SP HTTP/1.x} or {@code HTTP/1.x SP 3DIGIT [SP reason]}
 *       (single spaces; HTTP/0.9 and other versions included, see {@code StartLines});</li>
 *   <li>a header line starting with SP/HTAB (obs-fold); an empty or non-token name, or whitespace before the
 *       colon; NUL, CR, LF or another CTL except HTAB in a value; as many headers as {@code tune.http.maxhdr} or
 *       more (HAProxy counts the start line in it: 100 headers by default);</li>
 *   <li>an invalid Content-Length or two that differ; a Transfer-Encoding list that is malformed or applies
 *       chunked twice;</li>
 *   <li>requests only: a second Host; a Host or target authority with a character that could route it
 *       differently, or a Host naming another place than an absolute-form or CONNECT target, default ports
 *       aside (HAProxy's checks, see {@code Authority}); both Content-Length and Transfer-Encoding;
 *       Transfer-Encoding on HTTP/1.0, or not ending with chunked.</li>
 * </ul>
 * A response with Transfer-Encoding ignores its Content-Length, and if it had one or is HTTP/1.0 the
 * connection is not kept alive after it ({@link HttpHead#keepAliveByVersion()}), as HAProxy does.
 *
 * <p>Content-Length repeated with the same value is collapsed, as HAProxy does: a list of equal values is
 * recorded as its first number, and a later header with the same value is not recorded at all, so the head
 * {@link HeadWriter} forwards has a single, plain Content-Length.
 */
public final class HeadParser {
    /** {@link #parse} result: the head is not complete yet. */
    public static final int NEED_MORE = -1;

    private static final int CONTINUE = 0;
    private static final int DONE = 1;

    /** HAProxy's default {@code tune.http.maxhdr}: the start line and 100 headers. */
    public static final int DEFAULT_MAX_HDR = dev.baton.config.TuneSettings.DEFAULT_MAX_HDR;

    private final boolean request;
    private final int maxHeadBytes;
    /** Headers a head may carry: {@code tune.http.maxhdr} less the start line. */
    private final int maxHeaders;

    private boolean inProgress;
    private boolean startLineDone;
    /** Offsets from the head's first byte: the line being searched for its LF, and how far the search got. */
    private int lineStart;
    private int searched;
    private boolean chunkedSeen;
    /** The request's Host header, -1 until one is seen. */
    private int hostIndex;
    private int errorOffset = -1;

    /**
     * A parser for requests ({@code request}) or responses. {@code maxHeadBytes} bounds a head, leading empty
     * lines included (HAProxy: {@code tune.bufsize - tune.maxrewrite}); it must be positive.
     */
    /** Whether the requests parsed come from an HTTP/2 stream (their line says HTTP/2.0); see {@link #http2}. */
    private boolean http2;

    /** The requests parsed from now on come from an HTTP/2 stream ({@code true}) or an HTTP/1 connection. */
    public void http2(final boolean fromHttp2Stream) {
        this.http2 = fromHttp2Stream;
    }

    public HeadParser(final boolean request, final int maxHeadBytes) {
        this(request, maxHeadBytes, DEFAULT_MAX_HDR);
    }

    /**
     * As {@link #HeadParser(boolean, int)} under {@code tune.http.maxhdr} {@code maxHdr} (1 to 32767): a head may
     * carry {@code maxHdr - 1} headers, HAProxy counting the start line among them.
     */
    public HeadParser(final boolean request, final int maxHeadBytes, final int maxHdr) {
        if (maxHeadBytes <= 0) {
            throw new IllegalArgumentException("maxHeadBytes must be positive: " + maxHeadBytes);
        }
        if (maxHdr < 1) {
            throw new IllegalArgumentException("tune.http.maxhdr must be positive: " + maxHdr);
        }
        this.request = request;
        this.maxHeadBytes = maxHeadBytes;
        this.maxHeaders = maxHdr - 1;
    }

    /**
     * Parses the head that starts at {@code buf.position()}, reading no byte at or beyond {@code buf.limit()}
     * and none before the position; moves neither. Returns {@link #NEED_MORE}, the head length (&gt; 0, also
     * in {@link HttpHead#headLength()}) once {@code head} is filled, or a negative {@link HttpError} code.
     * Never throws on bad input.
     *
     * <p>After NEED_MORE, call again with the same {@code head} once more bytes arrived; the bytes already
     * given must still be there, though the caller may have moved them (compaction) as long as the position
     * points at the head's first byte again. A success or an error ends the message: the next call parses a
     * new head, and resets {@code head} first. Too large: when the head would exceed {@code maxHeadBytes},
     * {@link HttpError#URI_TOO_LONG} if the request line alone does, else {@link HttpError#TOO_LARGE} (for a
     * response, {@link HttpError#BAD_GATEWAY}).
     */
    public int parse(final ByteBuffer buf, final HttpHead head) {
        final int start = buf.position();
        if (!inProgress) {
            begin(head);
        }
        head.begin(request, buf, start);
        final int end = (int) Math.min(buf.limit(), (long) start + maxHeadBytes);
        if (end - start < searched) {
            return NEED_MORE; // fewer bytes than last time: the caller broke the contract; wait for them again
        }
        while (true) {
            final int lf = Ascii.indexOf(buf, start + searched, end, Ascii.LF);
            if (lf < 0) {
                searched = end - start;
                if (searched < maxHeadBytes) {
                    return NEED_MORE;
                }
                if (!request) {
                    return fail(HttpError.BAD_GATEWAY);
                }
                return fail(startLineDone ? HttpError.TOO_LARGE : HttpError.URI_TOO_LONG);
            }
            final int from = start + lineStart;
            final int to = lf > from && buf.get(lf - 1) == Ascii.CR ? lf - 1 : lf;
            final int result = line(buf, start, from, to, head);
            if (result < 0) {
                return fail(result);
            }
            lineStart = lf + 1 - start;
            searched = lineStart;
            if (result == DONE) {
                return finish(head, lineStart);
            }
        }
    }

    /**
     * How the body of a parsed request is delimited (RFC 9112 §6.3): CHUNKED, CONTENT_LENGTH (possibly 0), or
     * NONE. The parser has already refused every ambiguous request, so there is no UNTIL_CLOSE here.
     */
    public static BodyFraming requestFraming(final HttpHead request) {
        if (request.chunked()) {
            return BodyFraming.CHUNKED;
        }
        return request.contentLength() >= 0 ? BodyFraming.CONTENT_LENGTH : BodyFraming.NONE;
    }

    /**
     * How the body of a parsed response to a {@code requestMethod} request is delimited (RFC 9112 §6.3).
     * NONE for HEAD, 1xx, 204 and 304, and for 2xx to CONNECT (the connection becomes a tunnel, as after 101).
     * A Transfer-Encoding decides alone: CHUNKED when it ends with chunked (also on HTTP/1.0, as HAProxy, the
     * connection then closes after), else UNTIL_CLOSE. Without it: CONTENT_LENGTH, else UNTIL_CLOSE.
     */
    public static BodyFraming responseFraming(final HttpHead response, final HttpMethod requestMethod) {
        final int status = response.status();
        if (requestMethod == HttpMethod.HEAD || status < 200 || status == 204 || status == 304
                || (requestMethod == HttpMethod.CONNECT && status < 300)) {
            return BodyFraming.NONE;
        }
        if (response.transferEncoding()) {
            return response.chunked() ? BodyFraming.CHUNKED : BodyFraming.UNTIL_CLOSE;
        }
        return response.contentLength() >= 0 ? BodyFraming.CONTENT_LENGTH : BodyFraming.UNTIL_CLOSE;
    }

    /** Abandons a head that is in progress; the next {@link #parse} starts a new one. */
    public void reset() {
        inProgress = false;
    }

    /** After an error: the offset from the head's first byte of the line found invalid (or too long); else -1. */
    public int errorOffset() {
        return errorOffset;
    }

    private void begin(final HttpHead head) {
        head.reset();
        inProgress = true;
        startLineDone = false;
        lineStart = 0;
        searched = 0;
        chunkedSeen = false;
        hostIndex = -1;
        errorOffset = -1;
    }

    /** Handles the complete line {@code buf[from, to)}: CONTINUE, DONE (the empty line ending the head), or an error. */
    private int line(final ByteBuffer buf, final int base, final int from, final int to, final HttpHead head) {
        if (!startLineDone) {
            if (from == to) {
                return CONTINUE;
            }
            final boolean valid = request
                    ? StartLines.request(buf, base, from, to, head, http2)
                    : StartLines.status(buf, base, from, to, head);
            if (!valid) {
                return HttpError.bad(request);
            }
            startLineDone = true;
            return CONTINUE;
        }
        if (from == to) {
            return DONE;
        }
        return header(buf, base, from, to, head);
    }

    private int header(final ByteBuffer buf, final int base, final int from, final int to, final HttpHead head) {
        final int bad = HttpError.bad(request);
        if (head.headerCount() >= maxHeaders) {
            return bad; // tune.http.maxhdr: 400 for a request, 502 for a response, as HAProxy
        }
        int colon = from;
        while (colon < to && Ascii.isTchar(buf.get(colon))) {
            colon++;
        }
        // An obs-fold line starts with SP/HTAB, which is not a tchar either: refused as an empty name.
        if (colon == from || colon == to || buf.get(colon) != ':') {
            return bad;
        }
        for (int i = colon + 1; i < to; i++) {
            if (!Ascii.isFieldByte(buf.get(i))) {
                return bad;
            }
        }
        int value = Ascii.skipOws(buf, colon + 1, to);
        int valueEnd = Ascii.trimOwsEnd(buf, value, to);
        if (value == valueEnd) {
            value = colon + 1;
            valueEnd = value;
        }
        final int nameLength = colon - from;
        if (HeaderName.CONTENT_LENGTH.matches(buf, from, nameLength)) {
            final long length = FieldValues.contentLength(buf, value, valueEnd);
            if (length < 0 || (head.contentLength >= 0 && head.contentLength != length)) {
                return bad;
            }
            if (head.contentLength >= 0) {
                return CONTINUE; // the same value again: collapsed into the first header, as HAProxy does
            }
            head.contentLength = length;
            valueEnd = FieldValues.firstNumberEnd(buf, value, valueEnd); // "5, 5" is recorded (and written) as "5"
        } else if (!known(buf, from, nameLength, value, valueEnd, head)) {
            return bad;
        }
        head.addHeader(from - base, nameLength, value - base, valueEnd - value);
        return CONTINUE;
    }

    /** Derives the facts other headers than Content-Length carry; false when such a header is invalid. */
    private boolean known(final ByteBuffer buf, final int name, final int nameLength, final int value,
            final int valueEnd, final HttpHead head) {
        switch (nameLength) {
            case 4:
                if (request && HeaderName.HOST.matches(buf, name, nameLength)) {
                    if (hostIndex >= 0 || !Authority.isValid(buf, value, valueEnd)) {
                        return false;
                    }
                    hostIndex = head.headerCount();
                }
                return true;
            case 6:
                if (request && head.version() >= 11 && HeaderName.EXPECT.matches(buf, name, nameLength)
                        && FieldValues.isContinue(buf, value, valueEnd)) {
                    head.expectContinue = true;
                }
                return true;
            case 7:
                if (HeaderName.UPGRADE.matches(buf, name, nameLength)) {
                    head.upgradeHeader = true;
                }
                return true;
            case 10:
                if (HeaderName.CONNECTION.matches(buf, name, nameLength)) {
                    FieldValues.connectionOptions(buf, value, valueEnd, head);
                }
                return true;
            case 17:
                if (HeaderName.TRANSFER_ENCODING.matches(buf, name, nameLength)) {
                    final int codings = FieldValues.transferCodings(buf, value, valueEnd, chunkedSeen);
                    if (codings == FieldValues.CODINGS_INVALID) {
                        return false;
                    }
                    head.transferEncoding = true;
                    head.chunked = (codings & FieldValues.LAST_CHUNKED) != 0;
                    head.otherTransferCoding |= (codings & FieldValues.HAS_OTHER) != 0;
                    chunkedSeen |= (codings & FieldValues.HAS_CHUNKED) != 0;
                }
                return true;
            default:
                return true;
        }
    }

    private int finish(final HttpHead head, final int length) {
        if (request && hostIndex >= 0 && head.authorityLength() > 0) {
            final int host = head.valueStart(hostIndex);
            final int authority = head.authorityStart();
            if (!Authority.matchesHost(head.buffer(), head.targetStart(), head.schemeLength(), authority,
                    authority + head.authorityLength(), host, host + head.valueLength(hostIndex))) {
                return fail(HttpError.BAD_REQUEST);
            }
        }
        if (head.transferEncoding) {
            if (request && (head.contentLength >= 0 || head.version() == 10 || !head.chunked)) {
                return fail(HttpError.BAD_REQUEST);
            }
            // Framing a next hop may read otherwise (RFC 9112 §6.1, §6.3): use it, then close, as HAProxy.
            head.closeAfter = head.contentLength >= 0 || head.version() == 10;
            head.contentLength = -1;
        }
        inProgress = false;
        head.complete(length);
        return length;
    }

    private int fail(final int code) {
        inProgress = false;
        errorOffset = lineStart;
        return code;
    }
}
