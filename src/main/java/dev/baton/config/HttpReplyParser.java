package dev.baton.config;

import dev.baton.http.rules.AclTerm.Side;
import dev.baton.http.rules.HttpReply;
import dev.baton.http.rules.ValueTemplate;
import dev.baton.http.text.HeaderName;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The reply arguments {@code http-request return}, {@code deny} and {@code tarpit} share, as HAProxy 2.6's http
 * reply: {@code [status CODE] [content-type TYPE] [default-errorfiles | errorfile FILE | errorfiles NAME | file FILE |
 * lf-file FILE | string TEXT | lf-string FMT] [hdr NAME FMT]...} in any order, up to the end of the line or its
 * condition. With no body argument the reply is the status alone; {@code default-errorfiles} is the proxy's error
 * reply; {@code errorfile} a whole response read now; {@code errorfiles} the reply an {@code http-errors} section
 * declares for the status, resolved once every section was read (a status it lacks: the status alone, with a
 * warning). {@code content-type} and {@code hdr} are ignored with a warning next to an error file. A refused line
 * throws {@link LineError}. Stateless.
 */
final class HttpReplyParser {
    static final String EXPECTED = "status, content-type, string, lf-string, file, lf-file, errorfile, errorfiles, "
        + "default-errorfiles or hdr";

    /** The words that give the reply's content: one of them at most. */
    private static final List<String> CONTENT = List.of("string", "lf-string", "file", "lf-file", "errorfile",
        "errorfiles", "default-errorfiles");

    private HttpReplyParser() {
    }

    /**
     * The reply whose arguments start at word {@code from}: {@code next} is the word after them (the condition, if
     * any); {@code reply} makes it once the {@code http-errors} sections are resolved (while the proxy is built).
     */
    record Parsed(int next, Supplier<HttpReply> reply) {
    }

    /**
     * An {@code errorfiles NAME} argument: which reply of which section, filled in by {@link #resolve} once every
     * {@code http-errors} section was read.
     */
    static final class ErrorsRef {
        final String section;
        final int status;
        final SourceLocation where;
        byte[] message;

        ErrorsRef(final String section, final int status, final SourceLocation where) {
            this.section = section;
            this.status = status;
            this.where = where;
        }

        /**
         * Finds the reply in {@code sections} (the sections by name; null: not declared); {@code proxy} names the
         * proxy in messages.
         */
        void resolve(final Map<Integer, ErrorFile> section, final String proxy, final Diagnostics diag) {
            if (section == null) {
                diag.error(where, "proxy '" + proxy + "': unknown http-errors section '" + Messages.echo(this.section)
                    + "' referenced by an http reply");
                return;
            }
            final ErrorFile f = section.get(status);
            if (f == null) {
                diag.warning(where, "proxy '" + proxy + "': status '" + status + "' referenced by an http reply is"
                    + " not declared in http-errors section '" + this.section + "'");
                return;
            }
            message = f.response();
        }
    }

    /** {@code kw} names the action in messages; {@code defaultStatus}: the status without a {@code status} word. */
    static Parsed parse(final Directive d, final int from, final String kw, final int defaultStatus,
                        final HttpDraft http) {
        return parse(d, from, kw, defaultStatus, http, false, Side.REQUEST);
    }

    /**
     * As {@link #parse(Directive, int, String, int, HttpDraft)}; with {@code denyStatus} ({@code deny}, {@code tarpit}),
     * a first word {@code deny_status} is read as {@code status}, as HAProxy does; {@code lf-string}, {@code lf-file}
     * and {@code hdr} values see the fetches of {@code side} (an {@code http-request} or {@code http-response} rule).
     */
    static Parsed parse(final Directive d, final int from, final String kw, final int defaultStatus,
                        final HttpDraft http, final boolean denyStatus, final Side side) {
        int status = defaultStatus;
        String contentType = null;
        String content = null; // the content word given, if any
        byte[] raw = null;
        ValueTemplate format = null;
        byte[] message = null;
        ErrorsRef errors = null;
        final List<HttpReply.Header> headers = new ArrayList<>();
        int i = from;
        for (; d.has(i) && !ConditionParser.starts(d, i); i++) {
            final String word = d.word(i);
            if (CONTENT.contains(word)) {
                if (content != null) {
                    throw new LineError(content.equals(word) ? "'" + kw + "': '" + word + "' is given twice"
                        : "'" + kw + "': '" + word + "' and '" + content + "' cannot be combined: one content only "
                        + "(string, lf-string, file, lf-file, errorfile, errorfiles or default-errorfiles)");
                }
                content = word;
            }
            switch (denyStatus && i == from && word.equals("deny_status") ? "status" : word) {
                case "status":
                    status = d.intArg(++i, "status", 200, 599);
                    break;
                case "content-type":
                    contentType = headerSafe(d.require(++i, "content-type", "a media type such as text/plain"),
                        "content-type");
                    break;
                case "string":
                    raw = d.require(++i, "string", "a text").getBytes(StandardCharsets.UTF_8);
                    break;
                case "file":
                    raw = readBody(d.file(++i, word, "a file"), word);
                    break;
                case "lf-string":
                case "lf-file": {
                    final String arg = word.equals("lf-string") ? d.require(++i, word, "a log format")
                        : d.file(++i, word, "a file");
                    final String text = word.equals("lf-string") ? arg
                        : new String(readBody(arg, word), StandardCharsets.UTF_8);
                    format = ValueTemplateParser.parse(text, side, kw + " " + word, false);
                    break;
                }
                case "errorfile": {
                    final String path = d.file(++i, word, "a file holding a whole HTTP response");
                    message = ErrorFileParser.response(path, kw + " errorfile");
                    break;
                }
                case "errorfiles":
                    errors = new ErrorsRef(d.require(++i, word, "the name of an http-errors section"), 0, d.where());
                    break;
                case "default-errorfiles":
                    break;
                case "hdr": {
                    final HeaderName name = HttpSettingsParser.fieldName(d, i + 1, "hdr");
                    final String value = d.require(i + 2, "hdr", "a header name and a value");
                    if (value.isEmpty()) { // HAProxy takes an empty word for a missing one
                        throw new LineError("'hdr' expects <name> and <value> as arguments");
                    }
                    i += 2;
                    if (isFramingHeader(name)) {
                        d.warning("header '" + Messages.echo(name.toString()) + "' is always ignored by '" + kw + "'");
                    } else {
                        headers.add(new HttpReply.Header(name, ValueTemplateParser.parse(value, side,
                            "hdr " + name, true)));
                    }
                    break;
                }
                default:
                    throw new LineError(Messages.badValue(kw, EXPECTED, word));
            }
        }
        final int s = status;
        if (content != null && (content.equals("errorfile") || content.equals("errorfiles")
            || content.equals("default-errorfiles"))) {
            if (!content.equals("errorfile") && !ErrorFile.isKnown(status)) {
                throw new LineError("'" + kw + "': status " + status + " has no error reply for '" + content
                    + "': use " + ErrorFile.EXPECTED_STATUS);
            }
            if (contentType != null) {
                d.warning("content-type '" + Messages.echo(contentType) + "' is ignored with '" + content + "'");
            }
            if (!headers.isEmpty()) {
                d.warning("'hdr' arguments are ignored with '" + content + "'");
            }
            if (content.equals("default-errorfiles")) {
                return new Parsed(i, () -> HttpReply.proxyErrors(s));
            }
            if (message != null) {
                final byte[] m = message;
                return new Parsed(i, () -> new HttpReply(HttpReply.Type.MESSAGE, s, null, null, List.of(), null, m));
            }
            final ErrorsRef ref = new ErrorsRef(errors.section, status, errors.where);
            http.replyErrors.add(ref);
            // a status the section lacks: the status alone, as HAProxy
            return new Parsed(i, () -> ref.message == null ? payload(s, null, null, List.of(), null)
                : new HttpReply(HttpReply.Type.MESSAGE, s, null, null, List.of(), null, ref.message));
        }
        final boolean body = format != null || raw != null && raw.length > 0;
        if (!body && contentType != null) {
            d.warning("content-type '" + Messages.echo(contentType) + "' is ignored: the response has no body");
            contentType = null;
        }
        if (body && contentType == null) {
            throw new LineError(format != null ? "'" + kw + "' with a body needs a 'content-type'"
                : "'" + kw + "' with a '" + content + "' needs a 'content-type'");
        }
        if (body && (status == 204 || status == 304)) {
            throw new LineError("'" + kw + "': a " + status + " response has no body");
        }
        final byte[] type = contentType == null ? null : contentType.getBytes(StandardCharsets.UTF_8);
        final byte[] fixed = raw;
        final ValueTemplate f = format;
        return new Parsed(i, () -> payload(s, type, fixed, headers, f));
    }

    private static HttpReply payload(final int status, final byte[] type, final byte[] body,
                                     final List<HttpReply.Header> headers, final ValueTemplate format) {
        return new HttpReply(HttpReply.Type.PAYLOAD, status, type, body, headers, format, null);
    }

    /** The content of {@code file}, read at load as HAProxy does; at most tune.bufsize. */
    private static byte[] readBody(final String file, final String word) {
        try {
            final byte[] content = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file));
            if (content.length > dev.baton.sample.Scratch.SIZE) {
                throw new LineError("'" + word + " " + file + "': " + content.length + " bytes, more than a "
                    + "response may hold (" + dev.baton.sample.Scratch.SIZE + ")");
            }
            return content;
        } catch (final java.io.IOException | java.nio.file.InvalidPathException e) {
            throw new LineError("'" + word + " " + file + "': cannot read the file: " + e.getMessage());
        }
    }

    /** Headers the response's framing owns, which HAProxy ignores in {@code hdr} with a warning. */
    private static boolean isFramingHeader(final HeaderName name) {
        return name.equals(HeaderName.of("content-length")) || name.equals(HeaderName.of("transfer-encoding"))
            || name.equals(HeaderName.of("content-type"));
    }

    private static String headerSafe(final String value, final String kw) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf(0) >= 0) {
            throw new LineError("'" + kw + "' value must not contain CR, LF or NUL");
        }
        return value;
    }
}
