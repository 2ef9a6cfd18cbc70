package dev.baton.config;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses {@code tcp-check connect|send|send-binary|send-lf|send-binary-lf|expect|comment} into the proxy's
 * {@link CheckRulesDraft}, with HAProxy 2.6's arguments and error texts. {@code set-var}/{@code unset-var} and the
 * connect options that need TLS or SOCKS ({@code ssl}, {@code sni}, {@code alpn},
 * {@code via-socks4}, {@code proto}) are refused as not implemented. The expect parser is
 * shared with {@code http-check connect}. Stateless.
 */
final class TcpCheckParser {
    static final String EXPECTED = "'tcp-check' only supports 'comment', 'connect', 'send', 'send-binary', 'expect',"
        + " 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)'";

    private TcpCheckParser() {
    }

    /** {@code tcp-check ...}. */
    static void tcpCheck(final Directive d, final ProxyDraft p) {
        final String sub = d.require(1, "tcp-check", "one of comment, connect, send, send-binary, expect");
        refuseVariables("tcp-check", sub, "send and expect literal strings instead");
        final String kw = "tcp-check " + sub;
        switch (sub) {
            case "connect":
                p.checks.addTcp(connect(d, kw, p.checks.tcpRulesHaveConnectAfterOthers()));
                break;
            case "send":
            case "send-lf":
            case "send-binary":
            case "send-binary-lf":
                p.checks.addTcp(send(d, kw, sub));
                break;
            case "expect":
                p.checks.addTcp(expect(d, kw, 2));
                break;
            case "comment":
                p.checks.addTcpComment(comment(d, kw));
                break;
            case "set-var":
            case "unset-var":
                throw new LineError(Messages.notImplemented(kw) + " (check variables); send and expect"
                    + " literal strings instead");
            default:
                throw new LineError(EXPECTED + ". but got '" + Messages.echo(sub) + "'");
        }
    }

    /** {@code set-var(NAME)}/{@code unset-var(NAME)} rules: not implemented, {@code alternative} said instead. */
    static void refuseVariables(final String keyword, final String sub, final String alternative) {
        if (sub.startsWith("set-var(") || sub.startsWith("unset-var(")) {
            throw new LineError(Messages.notImplemented(keyword + " " + sub.substring(0, sub.indexOf('(')))
                + " (check variables); " + alternative);
        }
    }

    /** {@code comment TEXT}: exactly one argument. */
    static String comment(final Directive d, final String kw) {
        if (!d.has(2)) {
            throw new LineError("'" + kw + "' : expects a string as argument.");
        }
        d.noMoreThan(3, kw);
        return d.word(2);
    }

    /**
     * {@code connect [default] [port N] [addr A] [linger] [comment C]}; {@code startsLate}: the ruleset already
     * has rules other than comments, which HAProxy refuses before a connect.
     */
    static CheckRule.Connect connect(final Directive d, final String kw, final boolean startsLate) {
        if (startsLate) {
            throw new LineError("'" + kw + "' : first step MUST also be a 'connect', optionally preceded by a"
                + " 'set-var', an 'unset-var' or a 'comment', when there is a 'connect' step in the tcp-check"
                + " ruleset.");
        }
        int port = 0;
        String addr = null;
        boolean linger = false;
        String comment = null;
        int proxy = CheckRule.Connect.PROXY_NONE;
        boolean byDefault = false;
        int i = 2;
        while (d.has(i)) {
            final String w = d.word(i);
            switch (w) {
                case "default":
                    byDefault = true;
                    i++;
                    break;
                case "linger":
                    linger = true;
                    i++;
                    break;
                case "port":
                    if (!d.has(i + 1)) {
                        throw new LineError("'" + kw + "' : 'port' expects a port number or a sample expression as"
                            + " argument..");
                    }
                    final String text = d.word(i + 1);
                    if (!text.chars().allMatch(Character::isDigit)) {
                        throw new LineError("'" + kw + "' : baton cannot evaluate the port expression '"
                            + Messages.echo(text) + "'; give a port number.");
                    }
                    try {
                        port = Numbers.parseInt(text, 1, 65535);
                    } catch (final BadValueException e) {
                        throw new LineError("'" + kw + "' : expects a valid TCP port (from range 1 to 65535) or a"
                            + " sample expression, got " + Messages.echo(text) + "..");
                    }
                    i += 2;
                    break;
                case "addr":
                    if (!d.has(i + 1) || !(Addresses.isIpv4(d.word(i + 1)) || Addresses.isIpv6(d.word(i + 1)))) {
                        throw new LineError("'" + kw + "' : 'addr' expects <ipv4|ipv6> as argument..");
                    }
                    addr = d.word(i + 1);
                    i += 2;
                    break;
                case "comment":
                    if (!d.has(i + 1)) {
                        throw new LineError("'" + kw + "' : 'comment' expects a string as argument..");
                    }
                    comment = d.word(i + 1);
                    i += 2;
                    break;
                case "send-proxy":
                    proxy = CheckRule.Connect.PROXY_SEND;
                    i++;
                    break;
                case "via-socks4":
                    throw new LineError(Messages.notImplemented(kw + " via-socks4") + " (no SOCKS4 yet); connect"
                        + " to the server directly");
                case "ssl":
                case "sni":
                case "alpn":
                    throw new LineError(Messages.notImplemented(kw + " " + w) + " (TLS on an explicit connect is not"
                        + " built yet); use 'tcp-check connect default' with 'check-ssl' and 'check-sni' on the"
                        + " server");
                case "proto":
                    throw new LineError(Messages.notImplemented(kw + " proto") + " (the check speaks the rules'"
                        + " bytes directly); leave it out");
                default:
                    throw new LineError("'" + kw + "' : expects 'comment', 'port', 'addr', 'send-proxy', 'ssl',"
                        + " 'sni', 'alpn' or 'via-socks4', 'linger', 'default' but got '" + Messages.echo(w)
                        + "' as argument..");
            }
        }
        return new CheckRule.Connect(port, addr, linger, false, comment,
            proxy == CheckRule.Connect.PROXY_NONE && byDefault ? CheckRule.Connect.PROXY_DEFAULT : proxy);
    }

    /** {@code send STRING}, {@code send-binary HEX} (and their {@code -lf} forms with plain text) {@code [comment C]}. */
    private static CheckRule.Send send(final Directive d, final String kw, final String sub) {
        final boolean binary = sub.startsWith("send-binary");
        if (!d.has(2)) {
            throw new LineError("'" + kw + "' : '" + (binary ? "binary string" : "string") + "' expects a " + sub
                + " as argument.");
        }
        final String data = d.word(2);
        String comment = null;
        if (d.has(3)) {
            if (!d.word(3).equals("comment")) {
                throw new LineError("'" + kw + "' : expects 'comment' but got '" + Messages.echo(d.word(3))
                    + "' as argument..");
            }
            if (!d.has(4)) {
                throw new LineError("'" + kw + "' : 'comment' expects a string as argument..");
            }
            comment = d.word(4);
            d.noMoreThan(5, kw);
        }
        if (sub.endsWith("-lf") && data.indexOf('%') >= 0) {
            throw new LineError("'" + kw + "' : baton cannot evaluate the log-format string '" + Messages.echo(data)
                + "'; use '" + sub.substring(0, sub.length() - 3) + "' with the literal data");
        }
        final byte[] bytes = binary ? hex(kw, data) : data.getBytes(StandardCharsets.ISO_8859_1);
        return new CheckRule.Send(bytes, comment);
    }

    /** The bytes of hex string {@code text}, or a {@link LineError}. */
    static byte[] hex(final String kw, final String text) {
        if (text.length() % 2 != 0) {
            throw new LineError("'" + kw + "' : '" + Messages.echo(text) + "' invalid binary string (an even number"
                + " of hex digit is expected).");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                throw new LineError("'" + kw + "' : '" + Messages.echo(text) + "' invalid binary string (an hex digit"
                    + " is expected (found '" + Messages.echo(String.valueOf(text.charAt(i))) + "')).");
            }
        }
        return HexFormat.of().parseHex(text);
    }

    /**
     * {@code expect [min-recv N] [comment C] [ok-status S] [error-status S] [tout-status S] [on-success FMT]
     * [on-error FMT] [status-code EXPR] [!] string|rstring|binary|rbinary PATTERN}, from word {@code at}.
     */
    static CheckRule.Expect expect(final Directive d, final String kw, final int at) {
        if (!d.has(at)) {
            throw new LineError("'" + kw + "' : expects at least a matching pattern as arguments.");
        }
        CheckRule.Match match = null;
        String text = null;
        boolean negated = false;
        final ExpectOptions o = new ExpectOptions(kw, false);
        int i = at;
        while (d.has(i)) {
            String w = d.word(i);
            boolean bang = false;
            if (w.equals("!")) {
                bang = true;
                if (!d.has(i + 1)) {
                    throw new LineError("'" + kw + "' : expects at least a matching pattern as arguments.");
                }
                w = d.word(++i);
            } else if (w.startsWith("!")) {
                bang = true;
                w = w.substring(1);
            }
            final String arg = d.has(i + 1) ? d.word(i + 1) : null;
            if (bang && !isPattern(w)) {
                throw new LineError("'" + kw + "' : [!] not supported with '" + Messages.echo(w) + "'.");
            }
            if (ExpectOptions.isOption(w)) {
                o.take(w, arg);
                i += 2;
                continue;
            }
            switch (w) {
                case "string":
                case "rstring":
                case "binary":
                case "rbinary":
                case "string-lf":
                case "binary-lf":
                    if (match != null) {
                        throw new LineError("'" + kw + "' : only on pattern expected.");
                    }
                    text = ExpectOptions.required(kw, w, arg, "a <pattern>");
                    match = pattern(kw, w, text);
                    negated = bang;
                    break;
                default:
                    throw new LineError("'" + kw + "' : 'only supports min-recv, '[!]binary', '[!]string',"
                        + " '[!]rstring', '[!]string-lf''[!]rbinary', '[!]binary-lf' or comment but got '"
                        + Messages.echo(w) + "' as argument..");
            }
            i += 2;
        }
        if (match == null) {
            throw new LineError("'" + kw + "' : expects at least a matching pattern as arguments.");
        }
        final boolean regex = match == CheckRule.Match.RSTRING || match == CheckRule.Match.RBINARY;
        final byte[] bytes = regex ? null : match == CheckRule.Match.BINARY ? hex(kw, text)
            : text.getBytes(StandardCharsets.ISO_8859_1);
        return new CheckRule.Expect(match, negated, text, bytes, regex ? regex(kw, text) : null, o.minRecv, o.ok,
            o.error, o.tout, o.onSuccess, o.onError, o.statusCode, null, o.comment);
    }

    private static boolean isPattern(final String w) {
        return switch (w) {
            case "string", "rstring", "binary", "rbinary", "string-lf", "binary-lf", "status", "rstatus", "hdr",
                "fhdr", "custom" -> true;
            default -> false;
        };
    }

    /** The match of pattern keyword {@code w}; the {@code -lf} forms only with plain text. */
    private static CheckRule.Match pattern(final String kw, final String w, final String text) {
        if (w.endsWith("-lf")) {
            if (text.indexOf('%') >= 0) {
                throw new LineError("'" + kw + "' : baton cannot evaluate the log-format pattern '"
                    + Messages.echo(text) + "'; use '" + w.substring(0, w.length() - 3) + "' with a literal pattern");
            }
            return w.startsWith("binary") ? CheckRule.Match.BINARY : CheckRule.Match.STRING;
        }
        return CheckRule.Match.valueOf(w.toUpperCase(java.util.Locale.ROOT));
    }

    static Pattern regex(final String kw, final String text) {
        try {
            return Pattern.compile(text);
        } catch (final PatternSyntaxException e) {
            throw new LineError("'" + kw + "' : regex '" + Messages.echo(text) + "' is invalid ("
                + e.getDescription() + ").");
        }
    }
}
