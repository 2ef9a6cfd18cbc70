package dev.baton.log;

import dev.baton.sample.SampleException;
import dev.baton.sample.SampleParser;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.Uses;
import dev.baton.sample.fetch.InternalFetches;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a HAProxy 2.6 custom log format (its manual, section 8.2.6) into a {@link LogFormat}: text, spaces
 * (merged into separators), {@code %%}, {@code %VAR}, {@code %{+FLAG,-FLAG}VAR}, {@code %o} (flags for all
 * later variables) and {@code %[fetch,converter...]}. Refuses what HAProxy refuses, with its words: an unknown
 * variable, an HTTP variable in a tcp proxy, a {@code %} before a digit or a blank, flags without a variable, a
 * truncated item; and, where baton differs, a sample fetch it cannot evaluate at the end of a stream (see
 * {@link LogSample}). Errors are {@link IllegalArgumentException}s whose message the configuration reports at
 * the keyword's line. Stateless; configuration load only (reads the host name for {@code %H}).
 */
public final class LogFormatParser {
    /** The options of a log line ({@code log-format}, {@code error-log-format}): empty values show as '-'. */
    public static final int LOG_LINE = LogFormat.MANDATORY;
    /** The options of {@code unique-id-format}: empty values show as nothing, samples are percent-encoded. */
    public static final int UNIQUE_ID = LogFormat.HTTP;

    /** Where the fetches a log format may use are listed. */
    private static final String KNOWN_FETCHES = "the fetches of the README's sample reference marked for logs";
    /** Fetches HAProxy refuses in a log format: the heads they read are gone when the line is built. */
    private static final java.util.Set<String> REQUEST_HEAD_FETCHES = java.util.Set.of("hdr", "req.hdr", "req.fhdr",
        "req.hdrs", "req.hdr_cnt", "hdr_cnt", "req.hdr_names", "path", "pathq", "url", "base", "query", "cook",
        "req.cook", "req.cook_cnt", "url_param", "urlp", "http_first_req", "req.body", "req.len", "req.payload");
    private static final java.util.Set<String> RESPONSE_HEAD_FETCHES = java.util.Set.of("res.hdr", "shdr", "res.fhdr",
        "res.hdrs", "res.hdr_cnt", "shdr_cnt", "res.cook", "scook", "res.body", "res.len", "res.payload");

    private LogFormatParser() {
    }

    /** The compiled {@code text} for a proxy in mode http ({@code http}) or tcp, under {@code options}. */
    public static LogFormat parse(final String text, final boolean http, final int options) {
        final LogFormat.Builder b = new LogFormat.Builder();
        final StringBuilder literal = new StringBuilder();
        int defaults = options;
        int i = 0;
        final int n = text.length();
        while (i < n) {
            final char c = text.charAt(i);
            if (c == ' ') {
                flush(b, literal);
                b.separator();
                i++;
                continue;
            }
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 == n) {
                throw new IllegalArgumentException("truncated line after '%'");
            }
            final char next = text.charAt(i + 1);
            if (next == '%') {
                literal.append('%');
                i += 2;
                continue;
            }
            if (Character.isDigit(next) || next == ' ' || next == '\t') {
                throw new IllegalArgumentException("unexpected variable name near '" + next + "' at position "
                    + (i + 1) + " line : '" + text + "'. Maybe you want to write a single '%', use the syntax '%%'");
            }
            int at = i + 1;
            String args = null;
            if (next == '{') {
                final int close = text.indexOf('}', at);
                if (close < 0) {
                    throw new IllegalArgumentException("truncated line after '" + text.substring(at + 1) + "'");
                }
                args = text.substring(at + 1, close);
                at = close + 1;
                if (at == n || text.charAt(at) != '[' && !isAlnum(text.charAt(at))) {
                    throw new IllegalArgumentException("parse argument modifier without variable name near '%{"
                        + args + "}'");
                }
            } else if (next != '[' && !isAlpha(next)) {
                i++; // HAProxy drops a '%' before any other character and keeps the character as text
                continue;
            }
            flush(b, literal);
            final int fl = args == null ? defaults : withArgs(defaults, args);
            if (text.charAt(at) == '[') {
                i = sample(b, text, at + 1, fl);
                continue;
            }
            int end = at;
            while (end < n && isAlnum(text.charAt(end))) {
                end++;
            }
            final String name = text.substring(at, end);
            if (name.equals("o")) {
                defaults = fl;
            } else {
                variable(b, name, fl, http);
            }
            i = end;
        }
        flush(b, literal);
        return b.build(text);
    }

    private static void variable(final LogFormat.Builder b, final String name, final int fl, final boolean http) {
        final LogVariable v = LogVariable.named(name);
        if (v == null) {
            throw new IllegalArgumentException("no such format variable '" + name + "'. If you wanted to emit the '%'"
                + " character verbatim, you need to use '%%'");
        }
        if (v.httpOnly() && !http) {
            throw new IllegalArgumentException("format variable '" + name + "' is reserved for HTTP mode");
        }
        b.variable(v, fl, v == LogVariable.HOSTNAME ? InternalFetches.hostname() : null);
    }

    /** Flags {@code +X}/{@code -X} (M, Q, X, E) over {@code base}; other words are ignored, as in HAProxy. */
    private static int withArgs(final int base, final String args) {
        int fl = base;
        for (final String a : args.split(",", -1)) {
            if (a.length() < 2 || a.charAt(0) != '+' && a.charAt(0) != '-') {
                continue;
            }
            final int bit = switch (a.substring(1)) {
                case "M" -> LogFormat.MANDATORY;
                case "Q" -> LogFormat.QUOTE;
                case "X" -> LogFormat.HEX;
                case "E" -> LogFormat.ESCAPE;
                default -> 0;
            };
            fl = a.charAt(0) == '+' ? fl | bit : fl & ~bit;
        }
        return fl;
    }

    /** {@code %[...]} from {@code start} (after the bracket); returns the index after the closing bracket. */
    private static int sample(final LogFormat.Builder b, final String text, final int start, final int fl) {
        int i = start;
        final int n = text.length();
        final List<String> words = new ArrayList<>();
        final List<String> wordArgs = new ArrayList<>();
        while (true) {
            int end = i;
            while (end < n && (isAlnum(text.charAt(end)) || "._-".indexOf(text.charAt(end)) >= 0)) {
                end++;
            }
            words.add(text.substring(i, end));
            String args = null;
            if (end < n && text.charAt(end) == '(') {
                final int close = text.indexOf(')', end);
                if (close < 0) {
                    throw new IllegalArgumentException("failed to parse sample expression <" + text.substring(start)
                        + "> : missing closing parenthesis");
                }
                args = text.substring(end + 1, close);
                end = close + 1;
            }
            wordArgs.add(args);
            if (end < n && text.charAt(end) == ',') {
                i = end + 1;
                continue;
            }
            if (end >= n) {
                throw new IllegalArgumentException("missing ']' after '" + text.substring(start) + "'");
            }
            if (text.charAt(end) != ']') {
                throw new IllegalArgumentException("expected ']' after '" + text.substring(start, end) + "', but found '"
                    + text.charAt(end) + "'");
            }
            final String expr = text.substring(start, end);
            b.sample(compile(expr, words, wordArgs, (fl & LogFormat.HTTP) != 0), fl);
            return end + 1;
        }
    }

    /** {@code uniqueId}: the expression is of a {@code unique-id-format}, which HAProxy evaluates with the request head. */
    private static LogSample compile(final String expr, final List<String> words, final List<String> args,
                                     final boolean uniqueId) {
        final SampleRegistry.FetchDef def = SampleRegistry.standard().fetch(words.get(0));
        final boolean request = def != null ? (def.uses() & Uses.LOG) == 0 && (def.uses() & Uses.REQ) != 0
            : REQUEST_HEAD_FETCHES.contains(words.get(0));
        final boolean response = def != null ? (def.uses() & Uses.LOG) == 0 && (def.uses() & Uses.RES) != 0
            : RESPONSE_HEAD_FETCHES.contains(words.get(0));
        if (uniqueId && request) {
            throw new IllegalArgumentException("failed to parse sample expression <" + expr + "> : baton does not "
                + "evaluate request-head fetches such as '" + words.get(0) + "' in a unique-id-format yet (it evaluates "
                + KNOWN_FETCHES + " there)");
        }
        if (request || response) {
            throw new IllegalArgumentException("sample fetch <" + expr + "> may not be reliably used here because it "
                + "needs 'HTTP " + (request ? "request" : "response") + " headers' which is not available here; "
                + "capture the header ('capture " + (request ? "request" : "response") + " header NAME len N') and log "
                + "%[capture." + (request ? "req" : "res") + ".hdr(N)] or %h" + (request ? "r" : "s"));
        }
        if (def == null) {
            throw new IllegalArgumentException("failed to parse sample expression <" + expr + "> : unknown fetch method '"
                + words.get(0) + "' (a log format can use " + KNOWN_FETCHES + ")");
        }
        try {
            return new LogSample(SampleParser.parse(expr, Uses.LOG));
        } catch (final SampleException e) {
            throw new IllegalArgumentException("failed to parse sample expression <" + expr + "> : " + e.getMessage());
        }
    }

    private static void flush(final LogFormat.Builder b, final StringBuilder literal) {
        if (literal.length() > 0) {
            b.text(literal.toString());
            literal.setLength(0);
        }
    }

    private static boolean isAlpha(final char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isAlnum(final char c) {
        return isAlpha(c) || c >= '0' && c <= '9';
    }
}
