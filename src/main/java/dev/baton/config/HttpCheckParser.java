package dev.baton.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses {@code option httpchk [[METHOD] URI [VERSION]]} and {@code http-check connect|send|expect|disable-on-404|
 * comment} into the proxy's {@link CheckRulesDraft}: sequences of connect, send and expect as HAProxy 2.2+ runs
 * them. {@code set-var}, {@code unset-var} and {@code send-state} are refused as not implemented; {@code expect} is
 * {@link HttpCheckExpectParser}'s. Stateless.
 */
final class HttpCheckParser {
    static final String EXPECTED_HTTP_CHECK = "one of connect, send, expect, disable-on-404, comment";
    /** HAProxy's warning for headers hidden at the end of {@code option httpchk}'s version. */
    static final String HIDDEN_HEADERS = "'option httpchk' : hiding headers or body at the end of the version string"
        + " is deprecated. Please, consider to use 'http-check send' directive instead.";

    private HttpCheckParser() {
    }

    /** {@code option httpchk} from word {@code at} (the word {@code httpchk}). */
    static void option(final Directive d, final ProxyDraft p, final int at) {
        final String kw = "option httpchk";
        d.noMoreThan(at + 4, kw);
        final int args = d.size() - at - 1;
        String meth = null;
        String uri = null;
        String ver = null;
        String body = null;
        final List<String> headers = new ArrayList<>();
        if (args == 1) {
            uri = d.word(at + 1);
        } else if (args >= 2) {
            meth = d.word(at + 1);
            uri = d.word(at + 2);
        }
        if (args == 3) {
            final String[] parts = d.word(at + 3).split("\r\n", -1);
            ver = parts[0];
            if (parts.length > 1) {
                d.warning(HIDDEN_HEADERS);
            }
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].isEmpty()) {
                    body = String.join("\r\n", List.of(parts).subList(i + 1, parts.length));
                    break;
                }
                final int colon = parts[i].indexOf(':');
                if (colon <= 0) {
                    throw new LineError(Messages.badValue(kw, "headers as 'Name: value' after the version",
                        parts[i]));
                }
                headers.add(parts[i].substring(0, colon).trim());
                headers.add(parts[i].substring(colon + 1).trim());
            }
        }
        p.checks.option(CheckRuleset.Kind.HTTP, null);
        p.checks.addHttpOption(new CheckRulesDraft.HttpSend(meth, uri, ver, headers, body, null, true));
    }

    /** {@code http-check ...}. */
    static void httpCheck(final Directive d, final ProxyDraft p) {
        final String sub = d.require(1, "http-check", EXPECTED_HTTP_CHECK);
        TcpCheckParser.refuseVariables("http-check", sub, "send literal values instead");
        final String kw = "http-check " + sub;
        switch (sub) {
            case "disable-on-404":
                d.noMoreThan(2, kw);
                p.checks.disableOn404 = true;
                break;
            case "comment":
                p.checks.addHttp(kw, new CheckRulesDraft.Line(null, TcpCheckParser.comment(d, kw), null));
                break;
            case "send":
                p.checks.addHttp(kw, new CheckRulesDraft.Line(null, null, send(d, kw)));
                break;
            case "expect":
                p.checks.addHttp(kw, new CheckRulesDraft.Line(HttpCheckExpectParser.expect(d, kw), null, null));
                break;
            case "connect":
                p.checks.addHttp(kw, new CheckRulesDraft.Line(TcpCheckParser.connect(d, kw, p.checks.httpRulesHaveConnectAfterOthers()), null, null));
                break;
            case "set-var":
            case "unset-var":
            case "send-state":
                throw new LineError(Messages.notImplemented(kw));
            default:
                throw new LineError(Messages.badValue("http-check", EXPECTED_HTTP_CHECK, sub));
        }
    }

    private static CheckRulesDraft.HttpSend send(final Directive d, final String kw) {
        String meth = null;
        String uri = null;
        String ver = null;
        String body = null;
        String comment = null;
        final List<String> headers = new ArrayList<>();
        int i = 2;
        while (d.has(i)) {
            final String word = d.word(i);
            switch (word) {
                case "meth":
                    meth = d.require(i + 1, kw + " meth", "a method");
                    i += 2;
                    break;
                case "uri":
                    uri = d.require(i + 1, kw + " uri", "a URI");
                    i += 2;
                    break;
                case "ver":
                    ver = d.require(i + 1, kw + " ver", "a version");
                    i += 2;
                    break;
                case "hdr":
                    headers.add(d.require(i + 1, kw + " hdr", "a header name and a value"));
                    headers.add(d.require(i + 2, kw + " hdr", "a header name and a value"));
                    i += 3;
                    break;
                case "body":
                    body = d.require(i + 1, kw + " body", "a string");
                    i += 2;
                    break;
                case "comment":
                    comment = d.require(i + 1, kw + " comment", "a comment");
                    i += 2;
                    break;
                case "uri-lf":
                case "body-lf":
                    throw new LineError(Messages.notImplemented(kw + " " + word) + " (log-format); use '"
                        + word.substring(0, word.length() - 3) + "' with a literal value");
                default:
                    throw new LineError(Messages.badValue(kw, "meth, uri, ver, hdr, body or comment", word));
            }
        }
        return new CheckRulesDraft.HttpSend(meth, uri, ver, headers, body, comment, false);
    }

    /** The status or body expectation of pattern keyword {@code kind} (not negated: the caller negates it). */
    static HttpCheckConfig.Expect pattern(final String kw, final String kind, final String text) {
        switch (kind) {
            case "status":
                return new HttpCheckConfig.Expect(false, HttpCheckConfig.ExpectKind.STATUS, text,
                    statusRanges(kw, text), null);
            case "rstatus":
                return new HttpCheckConfig.Expect(false, HttpCheckConfig.ExpectKind.RSTATUS, text, List.of(),
                    regex(kw, text));
            case "string-lf":
                if (text.indexOf('%') >= 0) {
                    throw new LineError("'" + kw + "' : baton cannot evaluate the log-format pattern '"
                        + Messages.echo(text) + "'; use 'string' with a literal pattern");
                }
                return new HttpCheckConfig.Expect(false, HttpCheckConfig.ExpectKind.STRING, text, List.of(), null);
            case "string":
                return new HttpCheckConfig.Expect(false, HttpCheckConfig.ExpectKind.STRING, text, List.of(), null);
            default:
                return new HttpCheckConfig.Expect(false, HttpCheckConfig.ExpectKind.RSTRING, text, List.of(),
                    regex(kw, text));
        }
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
