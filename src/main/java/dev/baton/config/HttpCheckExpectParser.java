package dev.baton.config;

import java.util.regex.Pattern;

/**
 * Parses {@code http-check expect [min-recv N] [comment C] [ok-status S] [error-status S] [tout-status S]
 * [on-success FMT] [on-error FMT] [!] status|rstatus|string|rstring|string-lf|hdr|fhdr PATTERN} as HAProxy 2.6's
 * parse_tcpcheck_expect does for an HTTP ruleset, with its error texts; the options are the tcp-check's
 * ({@link ExpectOptions}). What baton cannot evaluate is refused with the alternative: log-format patterns and
 * header names or values that are not literal, and what {@link ExpectOptions} refuses on an HTTP rule. Stateless.
 */
final class HttpCheckExpectParser {
    static final String BAD_KEYWORD = "'only supports min-recv, [!]string', '[!]rstring', '[!]string-lf',"
        + " '[!]status', '[!]rstatus', [!]hdr, [!]fhdr or comment but got '%s' as argument..";
    private static final String METHODS = "('str', 'beg', 'end', 'sub' or 'reg')";

    private HttpCheckExpectParser() {
    }

    /** The expect rule of {@code d} (the words after {@code http-check expect}). */
    static CheckRule.Expect expect(final Directive d, final String kw) {
        if (!d.has(2)) {
            throw new LineError("'" + kw + "' : expects at least a matching pattern as arguments.");
        }
        HttpCheckConfig.Expect expect = null;
        boolean negated = false;
        final ExpectOptions o = new ExpectOptions(kw, true);
        int i = 2;
        while (d.has(i)) {
            String w = d.word(i);
            boolean bang = false;
            while (w.startsWith("!")) {
                bang = true;
                negated = !negated; // HAProxy toggles on each '!'
                w = w.substring(1);
                if (w.isEmpty()) {
                    w = d.has(i + 1) ? d.word(++i) : "";
                }
            }
            final String arg = d.has(i + 1) ? d.word(i + 1) : null;
            if (bang && (ExpectOptions.isOption(w) || w.equals("custom"))) { // HAProxy's in_pattern checks
                throw new LineError("'" + kw + "' : [!] not supported with '" + Messages.echo(w) + "'.");
            }
            if (isPattern(w) && expect != null) {
                throw new LineError("'" + kw + "' : only on pattern expected.");
            }
            if (ExpectOptions.isOption(w)) {
                o.take(w, arg);
                i += 2;
                continue;
            }
            switch (w) {
                case "status":
                case "rstatus":
                case "string":
                case "rstring":
                case "string-lf":
                    expect = HttpCheckParser.pattern(kw, w, ExpectOptions.required(kw, w, arg, "a <pattern>"));
                    break;
                case "hdr":
                case "fhdr":
                    final int[] at = {i};
                    expect = HttpCheckConfig.Expect.header(false, header(d, kw, w, at));
                    i = at[0];
                    break;
                case "custom":
                    throw new LineError(Messages.notImplemented(kw + " custom") + " (in http-check); use 'tcp-check"
                        + " expect' with 'option tcp-check' for it");
                default:
                    throw new LineError("'" + kw + "' : " + String.format(BAD_KEYWORD, Messages.echo(w)));
            }
            i += isHeader(w) ? 1 : 2;
        }
        if (expect == null) {
            throw new LineError("'" + kw + "' : expects at least a matching pattern as arguments.");
        }
        expect = new HttpCheckConfig.Expect(negated, expect.kind(), expect.text(), expect.ranges(), expect.regex(),
            expect.header());
        return new CheckRule.Expect(CheckRule.Match.HTTP, negated, null, null, null, o.minRecv, o.ok, o.error, o.tout,
            o.onSuccess, o.onError, null, expect, o.comment);
    }

    private static boolean isHeader(final String w) {
        return w.equals("hdr") || w.equals("fhdr");
    }

    private static boolean isPattern(final String w) {
        return switch (w) {
            case "status", "rstatus", "string", "rstring", "string-lf", "hdr", "fhdr", "custom" -> true;
            default -> false;
        };
    }

    /**
     * {@code hdr|fhdr name|name-lf [-m METH] NAME [value|value-lf [-m METH] VALUE]} from word {@code at[0]} (the
     * keyword); leaves in {@code at[0]} the last word it used.
     */
    private static CheckHeaderMatch header(final Directive d, final String kw, final String w, final int[] at) {
        int i = at[0];
        final String sel = d.has(i + 1) ? d.word(i + 1) : "";
        if (!d.has(i + 2) || !(sel.equals("name") || sel.equals("name-lf"))) {
            throw new LineError("'" + kw + "' : '" + w + "' expects at the name keyword as first argument followed"
                + " by a pattern.");
        }
        i += 2;
        CheckHeaderMatch.Method nameMethod = CheckHeaderMatch.Method.STR;
        if (d.word(i).equals("-m")) {
            nameMethod = method(d, kw, w, i, sel);
            i += 2;
        }
        final String name = d.has(i) ? d.word(i) : "";
        literal(kw, w, sel, name);
        final Pattern nameRegex = nameMethod == CheckHeaderMatch.Method.REG
            ? Pattern.compile(TcpCheckParser.regex(kw, name).pattern(), Pattern.CASE_INSENSITIVE) : null;
        final String vsel = d.has(i + 1) ? d.word(i + 1) : "";
        if (!vsel.equals("value") && !vsel.equals("value-lf")) {
            at[0] = i;
            return new CheckHeaderMatch(nameMethod, name, nameRegex, null, null, null, true);
        }
        CheckHeaderMatch.Method valueMethod = CheckHeaderMatch.Method.STR;
        if (d.has(i + 2) && d.word(i + 2).equals("-m")) {
            i += 2;
            valueMethod = method(d, kw, w, i, vsel);
        }
        if (!d.has(i + 2) || d.word(i + 2).isEmpty()) {
            throw new LineError("'" + kw + "' : '" + w + "' expect a pattern with the value keyword.");
        }
        final String value = d.word(i + 2);
        literal(kw, w, vsel, value);
        at[0] = i + 2;
        return new CheckHeaderMatch(nameMethod, name, nameRegex, valueMethod, value,
            valueMethod == CheckHeaderMatch.Method.REG ? TcpCheckParser.regex(kw, value) : null, w.equals("fhdr"));
    }

    /** The method after {@code -m} at word {@code i}; {@code sel}: name, name-lf, value or value-lf. */
    private static CheckHeaderMatch.Method method(final Directive d, final String kw, final String w, final int i,
                                                  final String sel) {
        if (!d.has(i + 1) || d.word(i + 1).isEmpty()) {
            throw new LineError("'" + kw + "' : '" + w + "' : '-m' expects at a matching pattern " + METHODS + ".");
        }
        final String m = d.word(i + 1);
        final CheckHeaderMatch.Method method = switch (m) {
            case "str" -> CheckHeaderMatch.Method.STR;
            case "beg" -> CheckHeaderMatch.Method.BEG;
            case "end" -> CheckHeaderMatch.Method.END;
            case "sub" -> CheckHeaderMatch.Method.SUB;
            case "reg" -> CheckHeaderMatch.Method.REG;
            default -> throw new LineError("'" + kw + "' : '" + w + "' : '-m' only supports 'str', 'beg', 'end',"
                + " 'sub' or 'reg' (got '" + Messages.echo(m) + "').");
        };
        if (method == CheckHeaderMatch.Method.REG && sel.endsWith("-lf")) {
            throw new LineError("'" + kw + "' : '" + w + "': log-format string is not supported with a regex"
                + " matching method.");
        }
        return method;
    }

    /** A {@code name-lf}/{@code value-lf} text: only without a log-format expression. */
    private static void literal(final String kw, final String w, final String sel, final String text) {
        if (sel.endsWith("-lf") && text.indexOf('%') >= 0) {
            throw new LineError("'" + kw + "' : baton cannot evaluate the log-format " + sel.substring(0, sel.length()
                - 3) + " '" + Messages.echo(text) + "' of '" + w + "'; use '" + sel.substring(0, sel.length() - 3)
                + "' with a literal " + sel.substring(0, sel.length() - 3));
        }
    }
}
