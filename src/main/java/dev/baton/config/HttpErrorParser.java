package dev.baton.config;

import dev.baton.http.rules.HttpReply;
import dev.baton.http.rules.StatusReasons;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * HAProxy 2.6's proxy keyword {@code http-error status CODE [content-type TYPE] [default-errorfiles | errorfile FILE |
 * errorfiles NAME | file FILE | lf-file FILE | string TEXT | lf-string FMT] [hdr NAME FMT]...}: the reply sent instead
 * of baton's own for an error of that status (the statuses of {@link ErrorFile#STATUSES}), in the proxy's error list
 * in line order with its {@code errorfile}s (a later line for the same status wins; a backend's reply before its
 * frontend's). The reply arguments are those of {@code http-request return} ({@link HttpReplyParser}).
 *
 * <p>baton builds its error replies once, at load, so that an error under stress allocates nothing: a reply whose
 * body or headers use the request ({@code %[...]} in {@code lf-string}, {@code lf-file} or {@code hdr}) is refused
 * with the alternative, an {@code http-request return} or {@code deny} rule, which renders per request. A fixed one
 * (a {@code lf-file} without {@code %} sequences included) is built as HAProxy sends it: status line with HAProxy's
 * reason, the {@code hdr} headers, {@code content-length}, {@code content-type} when the body is not empty.
 * {@code default-errorfiles} drops what the proxy inherited for the status.
 */
final class HttpErrorParser {
    static final String KW = "http-error";

    private HttpErrorParser() {
    }

    /** Marks a status whose inherited error reply a proxy dropped ({@code default-errorfiles}). */
    record Reset(int status) {
    }

    static void httpError(final Directive d, final ProxyDraft p) {
        p.http.httpOnly(KW, d);
        if (!d.has(2) || !d.word(1).equals("status")) {
            throw new LineError(KW + " : expects at least a <status> as arguments");
        }
        final int status = d.intArg(2, KW, 200, 599);
        if (!ErrorFile.isKnown(status)) {
            throw new LineError(KW + ": status code '" + status + "' not handled");
        }
        for (int i = 3; i < d.size(); i++) {
            if (d.word(i).equals("errorfiles")) {
                final String section = d.require(i + 1, "errorfiles", "the name of an http-errors section");
                d.noMoreThan(i + 2, KW);
                p.http.errorSources.add(new ErrorLocParser.ErrorsRef(section, List.of(status), d.where()));
                return;
            }
        }
        final HttpReplyParser.Parsed parsed = HttpReplyParser.parse(d, 1, KW, status, p.http);
        if (d.has(parsed.next())) {
            throw new LineError(Messages.unexpectedArgument(KW, d.word(parsed.next())));
        }
        final HttpReply reply = parsed.reply().get();
        switch (reply.type()) {
            case PROXY_ERRORS -> p.http.errorSources.add(new Reset(status));
            case MESSAGE -> p.http.errorSources.add(new ErrorFile(status, KW, reply.message(), d.where()));
            case PAYLOAD -> p.http.errorSources.add(new ErrorFile(status, KW, fixed(reply), d.where()));
        }
    }

    /** The whole response of a reply that does not use the request, as HAProxy writes an http reply. */
    private static byte[] fixed(final HttpReply reply) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        ascii(out, "HTTP/1.1 " + reply.status() + " " + StatusReasons.of(reply.status()) + "\r\n");
        for (final HttpReply.Header h : reply.headers()) {
            final byte[] value = literal(h.value(), "hdr " + h.name().text());
            if (value.length > 0) {
                out.writeBytes(h.name().bytes());
                ascii(out, ": ");
                out.writeBytes(value);
                ascii(out, "\r\n");
            }
        }
        final byte[] body = reply.bodyFormat() != null ? literal(reply.bodyFormat(), "its body") : reply.body();
        ascii(out, "content-length: " + body.length + "\r\n");
        if (body.length > 0 && reply.contentType() != null) {
            ascii(out, "content-type: ");
            out.writeBytes(reply.contentType());
            ascii(out, "\r\n");
        }
        ascii(out, "\r\n");
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] literal(final dev.baton.http.rules.ValueTemplate template, final String what) {
        if (!template.isLiteral()) {
            throw new LineError("'" + KW + "': " + what + " uses the request ('" + template + "'), but baton builds "
                + "its error replies when it loads; write it without %[...] or %x sequences, or answer with an "
                + "'http-request return' or 'deny' rule, whose reply is made per request");
        }
        final ByteBuffer buf = ByteBuffer.allocate(dev.baton.sample.Scratch.SIZE);
        final int n = template.render(null, buf);
        if (n < 0) {
            throw new LineError("'" + KW + "': " + what + " is larger than a reply may hold ("
                + dev.baton.sample.Scratch.SIZE + " bytes)");
        }
        final byte[] out = new byte[n];
        buf.flip().get(out);
        return out;
    }

    private static void ascii(final ByteArrayOutputStream out, final String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
