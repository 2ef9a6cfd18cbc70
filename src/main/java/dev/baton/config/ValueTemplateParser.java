package dev.baton.config;

import dev.baton.http.rules.AclTerm.Side;
import dev.baton.http.rules.ValueTemplate;
import dev.baton.log.LogFormatParser;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleParser;
import dev.baton.sample.SampleRegistry;

/**
 * Reads HAProxy's custom log format as rules use it in values ({@code set-header}, {@code redirect}, reply
 * headers): text, {@code %%} for a percent sign, and {@code %[EXPR]} with EXPR any sample expression of the
 * engine ({@link SampleParser}: a fetch the rule's side offers and converters), and in HTTP rules the log
 * format's {@code %} variables ({@code %ci}, {@code %{+Q}b}, {@code %Tw}, {@code %r}...: {@link LogFormatParser}),
 * valued when the rule runs. {@code %{+Q}[...]} is taken as HAProxy 2.6 takes it in a header value (no quotes
 * added). Spaces are kept as written (HAProxy merges them only in log lines). Variables in tcp-level rules, and other
 * flags before a sample, are refused as not implemented. Stateless.
 */
final class ValueTemplateParser {
    private ValueTemplateParser() {
    }

    /**
     * The template {@code text} for a rule running on {@code side}; {@code kw} names the argument in messages.
     * With {@code headerValue} the literal text may not hold CR, LF or NUL.
     */
    static ValueTemplate parse(final String text, final Side side, final String kw, final boolean headerValue) {
        final ValueTemplate.Builder b = new ValueTemplate.Builder();
        final StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            final char c = text.charAt(i);
            if (c != '%') {
                if (headerValue && (c == '\r' || c == '\n' || c == 0)) {
                    throw new LineError("'" + kw + "' value must not contain CR, LF or NUL");
                }
                literal.append(c);
                i++;
                continue;
            }
            final char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (next == '%') {
                literal.append('%');
                i += 2;
            } else if (next == '[') {
                b.literal(literal.toString());
                literal.setLength(0);
                i = sample(b, text, i + 2, side, kw);
            } else if (text.startsWith("%{+Q}[", i)) {
                // HAProxy 2.6 accepts the quoting flag here and quotes nothing in a header value (seen side by side
                // with ssl_c_s_dn, ClientCertSameAsHaproxyTest): the sample's value as it is
                b.literal(literal.toString());
                literal.setLength(0);
                i = sample(b, text, i + 6, side, kw);
            } else if (httpSide(side) && (Character.isLetter(next) || next == '{' && !text.startsWith("%{+Q}[", i))) {
                b.literal(literal.toString());
                literal.setLength(0);
                i = variable(b, text, i, kw);
            } else {
                throw new LineError(next == 0 ? "'" + kw + "': '%' at the end of '" + Messages.echo(text)
                    + "'; write '%%' for a percent sign" : Messages.notImplemented("log-format item " + item(text, i)));
            }
        }
        return b.literal(literal.toString()).build(text);
    }

    /** Rules of an HTTP stream, which keeps the log fields a variable reads while it runs. */
    private static boolean httpSide(final Side side) {
        return side == Side.REQUEST || side == Side.RESPONSE || side == Side.HTTP_CONTENT;
    }

    /**
     * The {@code %VAR} or {@code %{FLAGS}VAR} item starting at {@code percent}, compiled by the log format's parser
     * with no default flag (an empty value renders as nothing, as in HAProxy's rule values); returns the index
     * after its name.
     */
    private static int variable(final ValueTemplate.Builder b, final String text, final int percent,
                                final String kw) {
        int at = percent + 1;
        if (text.charAt(at) == '{') {
            final int close = text.indexOf('}', at);
            at = close < 0 ? text.length() : close + 1;
        }
        int end = at;
        while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
            end++;
        }
        if (end < text.length() && text.charAt(end) == '[') {
            throw new LineError(Messages.notImplemented("log-format item " + text.substring(percent, end)));
        }
        try {
            b.variable(LogFormatParser.parse(text.substring(percent, end), true, 0));
        } catch (final IllegalArgumentException e) {
            throw new LineError("'" + kw + "': " + e.getMessage());
        }
        return end;
    }

    /** The {@code %[...]} expression starting at {@code from}; returns the index after its {@code ]}. */
    private static int sample(final ValueTemplate.Builder b, final String text, final int from, final Side side,
                              final String kw) {
        final SampleParser.Parsed p;
        try {
            p = SampleParser.parse(text, from, side.offered(), SampleRegistry.standard());
        } catch (final SampleException e) {
            final String name = fetchName(text, from);
            if (UnsupportedKeywords.ACL_CRITERIA.contains(name)) {
                throw new LineError(Messages.notImplemented(name));
            }
            throw new LineError("'" + kw + "': failed to parse sample expression <" + Messages.echo(
                expressionText(text, from)) + "> : " + e.getMessage());
        }
        if (p.end() >= text.length() || text.charAt(p.end()) != ']') {
            throw new LineError("'" + kw + "': missing ']' after '%[" + Messages.echo(text.substring(from, p.end()))
                + "' in '" + Messages.echo(text) + "'");
        }
        b.sample(p.expr());
        return p.end() + 1;
    }

    private static String fetchName(final String text, final int from) {
        int end = from;
        while (end < text.length() && "(,]".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return text.substring(from, end);
    }

    private static String expressionText(final String text, final int from) {
        final int close = text.indexOf(']', from);
        return text.substring(from, close < 0 ? text.length() : close);
    }

    /** The alias, flags or name item starting at {@code percent}, for messages. */
    private static String item(final String text, final int percent) {
        int end = percent + 1;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || "{}+-()".indexOf(
            text.charAt(end)) >= 0)) {
            end++;
        }
        return text.substring(percent, Math.max(end, percent + 2));
    }
}
