package dev.baton.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses {@code option httpchk [[METHOD] URI [VERSION]]} and {@code http-check send|expect|disable-on-404|comment}
 * into the proxy's {@link HttpCheckConfig} draft; the other {@code http-check} rules ({@code connect},
 * {@code set-var}, {@code unset-var}) and a second {@code expect} are refused as not implemented. Stateless.
 */
final class HttpCheckParser {
    static final String EXPECTED_HTTP_CHECK = "one of send, expect, disable-on-404, comment";
    static final String EXPECTED_EXPECT = "[!] followed by status, rstatus, string or rstring and a pattern";
    /** HAProxy's warning for headers hidden at the end of {@code option httpchk}'s version. */
    static final String HIDDEN_HEADERS = "'option httpchk' : hiding headers or body at the end of the version string"
        + " is deprecated. Please, consider to use 'http-check send' directive instead.";

    private HttpCheckParser() {
    }

    /** {@code option httpchk} from word {@code at} (the word {@code httpchk}). */
    static void option(final Directive d, final ProxyDraft p, final int at) {
        final String kw = "option httpchk";
        d.noMoreThan(at + 4, kw);
        p.httpchk = true;
        final int args = d.size() - at - 1;
        HttpCheckConfig c = p.httpCheck;
        if (args == 1) {
            c = c.withRequestLine(null, d.word(at + 1), null);
        } else if (args == 2) {
            c = c.withRequestLine(d.word(at + 1), d.word(at + 2), null);
        } else if (args == 3) {
            final String[] parts = d.word(at + 3).split("\r\n", -1);
            c = c.withRequestLine(d.word(at + 1), d.word(at + 2), parts[0]);
            if (parts.length > 1) {
                d.warning(HIDDEN_HEADERS);
            }
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].isEmpty()) {
                    c = c.withBody(String.join("\r\n", List.of(parts).subList(i + 1, parts.length)));
                    break;
                }
                final int colon = parts[i].indexOf(':');
                if (colon <= 0) {
                    throw new LineError(Messages.badValue(kw, "headers as 'Name: value' after the version",
                        parts[i]));
                }
                c = c.withHeader(parts[i].substring(0, colon).trim(), parts[i].substring(colon + 1).trim());
            }
        }
        p.httpCheck = c;
    }

    /** {@code http-check ...}. */
    static void httpCheck(final Directive d, final ProxyDraft p) {
        final String sub = d.require(1, "http-check", EXPECTED_HTTP_CHECK);
        final String kw = "http-check " + sub;
        switch (sub) {
            case "disable-on-404":
                d.noMoreThan(2, kw);
                p.httpCheck = p.httpCheck.withDisableOn404(true);
                break;
            case "comment":
                d.require(2, kw, "a comment");
                d.noMoreThan(3, kw);
                p.httpCheckRules = true;
                break;
            case "send":
                send(d, p, kw);
                p.httpCheckRules = true;
                break;
            case "expect":
                expect(d, p, kw);
                p.httpCheckRules = true;
                break;
            case "connect":
            case "set-var":
            case "unset-var":
            case "send-state":
                throw new LineError(Messages.notImplemented(kw));
            default:
                throw new LineError(Messages.badValue("http-check", EXPECTED_HTTP_CHECK, sub));
        }
    }

    private static void send(final Directive d, final ProxyDraft p, final String kw) {
        HttpCheckConfig c = p.httpCheck;
        int i = 2;
        while (d.has(i)) {
            final String word = d.word(i);
            switch (word) {
                case "meth":
                    c = c.withRequestLine(d.require(i + 1, kw + " meth", "a method"), null, null);
                    i += 2;
                    break;
                case "uri":
                    c = c.withRequestLine(null, d.require(i + 1, kw + " uri", "a URI"), null);
                    i += 2;
                    break;
                case "ver":
                    c = c.withRequestLine(null, null, d.require(i + 1, kw + " ver", "a version"));
                    i += 2;
                    break;
                case "hdr":
                    c = c.withHeader(d.require(i + 1, kw + " hdr", "a header name and a value"),
                        d.require(i + 2, kw + " hdr", "a header name and a value"));
                    i += 3;
                    break;
                case "body":
                    c = c.withBody(d.require(i + 1, kw + " body", "a string"));
                    i += 2;
                    break;
                case "comment":
                    d.require(i + 1, kw + " comment", "a comment");
                    i += 2;
                    break;
                case "uri-lf":
                case "body-lf":
                    throw new LineError(Messages.notImplemented(kw + " " + word));
                default:
                    throw new LineError(Messages.badValue(kw, "meth, uri, ver, hdr, body or comment", word));
            }
        }
        p.httpCheck = c;
    }

    private static void expect(final Directive d, final ProxyDraft p, final String kw) {
        if (p.httpCheck.expect() != null) {
            throw new LineError(Messages.notImplemented("more than one 'http-check expect'"));
        }
        int i = 2;
        final boolean negated = d.require(i, kw, EXPECTED_EXPECT).equals("!");
        if (negated) {
            i++;
        }
        final String kind = d.require(i, kw, EXPECTED_EXPECT);
        final String text = d.require(i + 1, kw + " " + kind, "a pattern");
        d.noMoreThan(i + 2, kw);
        final HttpCheckConfig.Expect expect;
        switch (kind) {
            case "status":
                expect = new HttpCheckConfig.Expect(negated, HttpCheckConfig.ExpectKind.STATUS, text,
                    statusRanges(kw, text), null);
                break;
            case "rstatus":
                expect = new HttpCheckConfig.Expect(negated, HttpCheckConfig.ExpectKind.RSTATUS, text, List.of(),
                    regex(kw, text));
                break;
            case "string":
                expect = new HttpCheckConfig.Expect(negated, HttpCheckConfig.ExpectKind.STRING, text, List.of(),
                    null);
                break;
            case "rstring":
                expect = new HttpCheckConfig.Expect(negated, HttpCheckConfig.ExpectKind.RSTRING, text, List.of(),
                    regex(kw, text));
                break;
            default:
                throw new LineError(Messages.badValue(kw, EXPECTED_EXPECT, kind));
        }
        p.httpCheck = p.httpCheck.withExpect(expect);
    }

    /** {@code 200}, {@code 200-299}, {@code 200,301-303}: low, high pairs. */
    private static List<Integer> statusRanges(final String kw, final String text) {
        final List<Integer> out = new ArrayList<>();
        for (final String part : text.split(",", -1)) {
            final int dash = part.indexOf('-');
            try {
                final int low = Numbers.parseInt(dash < 0 ? part : part.substring(0, dash), 0, 999);
                final int high = dash < 0 ? low : Numbers.parseInt(part.substring(dash + 1), 0, 999);
                if (high < low) {
                    throw new BadValueException("a status or a range LOW-HIGH");
                }
                out.add(low);
                out.add(high);
            } catch (final BadValueException e) {
                throw new LineError(Messages.badValue(kw + " status", "status codes or ranges such as 200,301-303",
                    text));
            }
        }
        return out;
    }

    private static Pattern regex(final String kw, final String text) {
        try {
            return Pattern.compile(text);
        } catch (final PatternSyntaxException e) {
            throw new LineError(Messages.badValue(kw, "a regular expression", text));
        }
    }
}
