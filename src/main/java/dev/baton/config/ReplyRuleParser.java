package dev.baton.config;

import dev.baton.config.HttpDraft.RuleDraft;
import dev.baton.http.rules.AclTerm.Side;
import dev.baton.http.text.HeaderName;
import dev.baton.http.rules.RedirectRule;
import dev.baton.http.rules.ReturnRule;
import dev.baton.http.rules.ValueTemplate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code http-request} actions that answer the client themselves:
 * {@code redirect location|prefix|scheme VALUE [code CODE] [drop-query]} and
 * {@code return [status STATUS] [content-type TYPE] [string TEXT] [hdr NAME FMT]...}, each followed by an
 * optional condition; arguments come in any order, as in HAProxy. A refused line throws {@link LineError}.
 * Stateless.
 */
final class ReplyRuleParser {
    static final String EXPECTED_REDIRECT = "location, prefix or scheme and a value, code or drop-query";
    static final String EXPECTED_CODE = "one of 301, 302, 303, 307, 308";
    static final String EXPECTED_RETURN = "status, content-type, string, lf-string, file, lf-file or hdr";

    private ReplyRuleParser() {
    }

    static RuleDraft redirect(final Directive d, final HttpDraft http) {
        return redirect(d, http, 2, "http-request redirect");
    }

    /**
     * A redirect whose {@code location|prefix|scheme} starts at word {@code first}: {@code http-request redirect}
     * (2), or the proxy keyword {@code redirect} (1), which HAProxy reads the same way.
     */
    static RuleDraft redirect(final Directive d, final HttpDraft http, final int first, final String kw) {
        RedirectRule.Type type = null;
        String value = null;
        int code = RedirectRule.DEFAULT_CODE;
        boolean dropQuery = false;
        boolean appendSlash = false;
        int i = first;
        for (; d.has(i) && !ConditionParser.starts(d, i); i++) {
            final String word = d.word(i);
            switch (word) {
                case "location":
                case "prefix":
                case "scheme":
                    type = RedirectRule.Type.valueOf(word.toUpperCase(Locale.ROOT));
                    value = d.require(++i, kw + " " + word, "a value");
                    break;
                case "code":
                    code = code(d.require(++i, "code", EXPECTED_CODE));
                    break;
                case "drop-query":
                    dropQuery = true;
                    break;
                case "append-slash":
                    appendSlash = true;
                    break;
                case "keep-query":
                case "ignore-empty":
                case "set-cookie":
                case "set-cookie-fmt":
                case "clear-cookie":
                    throw new LineError(Messages.notImplemented(kw + " " + word));
                default:
                    throw new LineError(Messages.badValue(kw, EXPECTED_REDIRECT, word));
            }
        }
        if (type == null) {
            throw new LineError(Messages.missingValue(kw, "location, prefix or scheme and a value"));
        }
        // HAProxy: a prefix of "/" means no prefix, so that a rule can redirect to the same URL
        final ValueTemplate target = type == RedirectRule.Type.PREFIX && value.equals("/")
            ? ValueTemplate.literal("") : ValueTemplateParser.parse(value, Side.REQUEST, kw, true);
        final RedirectRule.Type t = type;
        final int c = code;
        final boolean drop = dropQuery;
        final boolean slash = appendSlash;
        return new RuleDraft(ConditionParser.parse(d, i, http),
            cond -> new RedirectRule(t, target, c, drop, cond, slash));
    }

    private static int code(final String text) {
        switch (text) {
            case "301":
            case "302":
            case "303":
            case "307":
            case "308":
                return Integer.parseInt(text);
            default:
                throw new LineError(Messages.badValue("code", EXPECTED_CODE, text));
        }
    }

    static RuleDraft returnRule(final Directive d, final HttpDraft http) {
        final String kw = "http-request return";
        int status = ReturnRule.DEFAULT_STATUS;
        String contentType = null;
        String body = null;
        byte[] fileBody = null;
        ValueTemplate bodyFormat = null;
        final List<ReturnRule.Header> headers = new ArrayList<>();
        int i = 2;
        for (; d.has(i) && !ConditionParser.starts(d, i); i++) {
            final String word = d.word(i);
            switch (word) {
                case "status":
                    status = d.intArg(++i, "status", 200, 599);
                    break;
                case "content-type":
                    contentType = headerSafe(d.require(++i, "content-type", "a media type such as text/plain"),
                        "content-type");
                    break;
                case "string":
                    if (body != null) {
                        throw new LineError("'" + kw + "': 'string' is given twice");
                    }
                    onlyBody(kw, fileBody != null || bodyFormat != null);
                    body = d.require(++i, "string", "a text");
                    break;
                case "lf-string":
                case "file":
                case "lf-file": {
                    onlyBody(kw, body != null || fileBody != null || bodyFormat != null);
                    final String arg = d.require(++i, word, word.equals("lf-string") ? "a log format" : "a file");
                    final String text = word.equals("lf-string") ? arg : null;
                    final byte[] content = text == null ? readBody(arg, word) : null;
                    if (word.equals("file")) {
                        fileBody = content;
                    } else {
                        bodyFormat = ValueTemplateParser.parse(text != null ? text
                            : new String(content, StandardCharsets.UTF_8), Side.REQUEST, kw + " " + word, false);
                    }
                    break;
                }
                case "hdr": {
                    final HeaderName name = HttpSettingsParser.fieldName(d, i + 1, "hdr");
                    final String format = d.require(i + 2, "hdr", "a header name and a value");
                    i += 2;
                    if (isFramingHeader(name)) {
                        d.warning("header '" + Messages.echo(name.toString())
                            + "' is always ignored by 'http-request return'");
                    } else {
                        headers.add(new ReturnRule.Header(name, ValueTemplateParser.parse(format, Side.REQUEST,
                            "hdr " + name, true)));
                    }
                    break;
                }
                default:
                    if (UnsupportedKeywords.REPLY_ARGUMENTS.contains(word)) {
                        throw new LineError(Messages.notImplemented(kw + " " + word));
                    }
                    throw new LineError(Messages.badValue(kw, EXPECTED_RETURN, word));
            }
        }
        final byte[] bodyBytes = fileBody != null ? fileBody
            : body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        final ValueTemplate format = bodyFormat;
        if (format != null) {
            if (contentType == null) {
                throw new LineError("'" + kw + "' with a body needs a 'content-type'");
            }
            if (status == 204 || status == 304) {
                throw new LineError("'" + kw + "': a " + status + " response has no body");
            }
            final int s = status;
            final byte[] type = contentType.getBytes(StandardCharsets.UTF_8);
            return new RuleDraft(ConditionParser.parse(d, i, http), cond -> new ReturnRule(s, type, new byte[0],
                headers, cond, format));
        }
        if (bodyBytes.length == 0 && contentType != null) {
            d.warning("content-type '" + Messages.echo(contentType) + "' is ignored: the response has no body");
            contentType = null;
        }
        if (bodyBytes.length > 0 && contentType == null) {
            throw new LineError("'" + kw + "' with a 'string' needs a 'content-type'");
        }
        if (bodyBytes.length > 0 && (status == 204 || status == 304)) {
            throw new LineError("'" + kw + "': a " + status + " response has no body");
        }
        final int s = status;
        final byte[] type = contentType == null ? null : contentType.getBytes(StandardCharsets.UTF_8);
        return new RuleDraft(ConditionParser.parse(d, i, http), cond -> new ReturnRule(s, type, bodyBytes, headers,
            cond));
    }

    /** Refuses a second body argument. */
    private static void onlyBody(final String kw, final boolean already) {
        if (already) {
            throw new LineError("'" + kw + "': one body only (string, lf-string, file or lf-file)");
        }
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
