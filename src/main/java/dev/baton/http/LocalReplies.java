package dev.baton.http;

import dev.baton.http.rules.MessageView;
import dev.baton.http.rules.RedirectRule;
import dev.baton.http.rules.StatusReasons;
import dev.baton.http.rules.HttpReply;
import dev.baton.http.text.HeaderName;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes the responses baton makes itself from {@code http-request|http-response redirect} and the http replies of
 * {@code return}, {@code deny} and {@code tarpit} into the client's output buffer. Reactor thread only; allocation-free once the per-status start
 * lines are built.
 */
final class LocalReplies {
    private static final byte[] CRLF = ascii("\r\n");
    private static final byte[] LOCATION = ascii("location: ");
    private static final byte[] CONTENT_LENGTH_ZERO = ascii("content-length: 0\r\n");
    private static final byte[] CONTENT_LENGTH = ascii("content-length: ");
    private static final byte[] CONTENT_TYPE = ascii("content-type: ");
    private static final byte[] CACHE_CONTROL = ascii("cache-control: no-cache\r\n");
    private static final byte[] CONNECTION_CLOSE = ascii("connection: close\r\n");
    private static final byte[] COLON_SP = ascii(": ");
    private static final byte[] SCHEME_SEP = ascii("://");
    private static final byte[][] START_LINES = new byte[600][];
    private static final byte[][] REDIRECT_LINES = new byte[9][];

    static {
        for (final int code : new int[] {301, 302, 303, 307, 308}) {
            REDIRECT_LINES[code - 300] = ascii("HTTP/1.1 " + code + " " + ErrorReplies.reason(code) + "\r\n");
        }
    }

    private final ByteBuffer scratch = ByteBuffer.allocate(HeaderEdits.DEFAULT_VALUE_BYTES);
    /** The rendered body of an lf-string/lf-file return, made on the first. */
    private ByteBuffer bodyScratch;

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static {
        for (int status = 100; status < START_LINES.length; status++) {
            START_LINES[status] = ascii("HTTP/1.1 " + status + " " + StatusReasons.of(status) + "\r\n");
        }
    }

    /**
     * The status line of a reply, built at class load for every status 100..599 (no lock, no allocation later), with
     * the phrase HAProxy's replies carry ({@code http_get_reason}).
     */
    private static byte[] startLine(final int status) {
        return START_LINES[status];
    }

    /** The status line of a redirect: HAProxy names its codes itself there (302 Found). */
    private static byte[] redirectLine(final int code) {
        return REDIRECT_LINES[code - 300];
    }

    /**
     * A redirect ({@code view} the message its rule runs on: the request, or a response for {@code location}):
     * {@code location} sends the rendered value; {@code prefix} prepends it to the request's
     * path (and query unless {@code drop-query}); {@code scheme} rebuilds the URL with the new scheme and the
     * request's Host. False when {@code out} lacks room (out unchanged).
     */
    boolean redirect(final RedirectRule rule, final MessageView view, final HttpHead req, final ByteBuffer out,
                     final boolean close) {
        final int mark = out.position();
        try {
            // HAProxy's order: Connection, Content-Length, Location, and Cache-Control for the temporary codes only
            out.put(redirectLine(rule.code()));
            if (close) {
                out.put(CONNECTION_CLOSE);
            }
            out.put(CONTENT_LENGTH_ZERO);
            out.put(LOCATION);
            if (rule.type() == RedirectRule.Type.SCHEME) {
                putRendered(rule, view, out);
                out.put(SCHEME_SEP);
                final int host = req.indexOf(HeaderName.HOST, 0);
                if (host >= 0) {
                    put(req.buffer(), req.valueStart(host), req.valueLength(host), out);
                }
                putTarget(req, out, rule.dropQuery());
                appendSlash(rule, out);
            } else {
                putRendered(rule, view, out);
                if (rule.type() == RedirectRule.Type.PREFIX) {
                    putTarget(req, out, rule.dropQuery());
                    appendSlash(rule, out);
                }
            }
            out.put(CRLF);
            if (rule.code() == 302 || rule.code() == 303 || rule.code() == 307) {
                out.put(CACHE_CONTROL);
            }
            out.put(CRLF);
            return true;
        } catch (final BufferOverflowException e) {
            out.position(mark);
            return false;
        }
    }

    /**
     * A {@link HttpReply.Type#PAYLOAD} reply ({@code return}, {@code deny}, {@code tarpit}): status, the extra headers
     * (one whose value renders empty is left out, as HAProxy), Content-Length, then, with a body, its content type
     * and the body. False when out lacks room (out unchanged).
     */
    boolean answer(final HttpReply rule, final MessageView view, final ByteBuffer out, final boolean close) {
        final int mark = out.position();
        try {
            out.put(startLine(rule.status()));
            for (int i = 0; i < rule.headers().size(); i++) {
                final HttpReply.Header h = rule.headers().get(i);
                scratch.clear();
                final int n = h.value().render(view, scratch);
                if (n > 0) {
                    out.put(h.name().bytes());
                    out.put(COLON_SP);
                    out.put(scratch.array(), 0, n);
                    out.put(CRLF);
                }
            }
            byte[] body = rule.body();
            int length = body.length;
            if (rule.bodyFormat() != null) { // lf-string, lf-file: rendered now, into a buffer made once
                if (bodyScratch == null) {
                    bodyScratch = ByteBuffer.allocate(dev.baton.sample.Scratch.SIZE);
                }
                bodyScratch.clear();
                length = rule.bodyFormat().render(view, bodyScratch);
                if (length < 0) {
                    out.position(mark);
                    return false;
                }
                body = bodyScratch.array();
            }
            out.put(CONTENT_LENGTH);
            putDecimal(length, out);
            out.put(CRLF);
            if (length > 0 && rule.contentType() != null) {
                out.put(CONTENT_TYPE).put(rule.contentType()).put(CRLF);
            }
            if (close) {
                out.put(CONNECTION_CLOSE);
            }
            out.put(CRLF);
            out.put(body, 0, length);
            return true;
        } catch (final BufferOverflowException e) {
            out.position(mark);
            return false;
        }
    }

    private void putRendered(final RedirectRule rule, final MessageView view, final ByteBuffer out) {
        scratch.clear();
        final int n = rule.value().render(view, scratch);
        if (n > 0) {
            out.put(scratch.array(), 0, n);
        }
    }

    /** {@code append-slash}: a {@code /} after a location that does not end with one. */
    private static void appendSlash(final RedirectRule rule, final ByteBuffer out) {
        if (rule.appendSlash() && out.get(out.position() - 1) != '/') {
            out.put((byte) '/');
        }
    }

    /** The request's path and, unless {@code dropQuery}, its query. */
    private static void putTarget(final HttpHead req, final ByteBuffer out, final boolean dropQuery) {
        final int start = req.pathStart();
        final int end = req.targetStart() + req.targetLength();
        final int length = dropQuery ? req.pathLength() : end - start;
        put(req.buffer(), start, length, out);
    }

    private static void put(final ByteBuffer src, final int start, final int length, final ByteBuffer out) {
        if (length > out.remaining()) {
            throw new BufferOverflowException();
        }
        out.put(out.position(), src, start, length);
        out.position(out.position() + length);
    }

    private static void putDecimal(final int value, final ByteBuffer out) {
        if (value >= 10) {
            putDecimal(value / 10, out);
        }
        out.put((byte) ('0' + value % 10));
    }
}
