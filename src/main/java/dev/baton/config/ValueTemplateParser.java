package dev.baton.config;

import dev.baton.http.rules.AclTerm.Side;
import dev.baton.http.text.HeaderName;
import dev.baton.http.rules.ValueTemplate;
import dev.baton.io.TlsFetch;

/**
 * Reads the subset of HAProxy's custom log format that {@link ValueTemplate} renders: text, {@code %%} for a
 * percent sign, and {@code %[FETCH]} with FETCH one of {@code src}, {@code dst}, {@code hdr(NAME[,OCC])},
 * {@code req.hdr(...)} (request rules) and {@code res.hdr(...)} (response rules); OCC counts values from
 * the first (1, 2...) or the last (-1, the default), and the certificate fetches of {@link TlsFetch} (with their
 * converters, and the {@code %{+Q}} flag). Aliases ({@code %ci}), other flags and converters are refused as not
 * implemented. Stateless.
 */
final class ValueTemplateParser {
    static final String KNOWN_FETCHES = "src, dst, hdr(NAME[,OCC]), req.hdr(NAME[,OCC]), res.hdr(NAME[,OCC]) and the "
        + "ssl_c_*/ssl_f_* certificate fetches";

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
            } else if (next == '{' && text.startsWith("%{+Q}[", i)) {
                final int close = text.indexOf(']', i + 6);
                if (close < 0) {
                    throw new LineError("'" + kw + "': missing ']' after '%{+Q}[' in '" + Messages.echo(text) + "'");
                }
                b.literal(literal.toString());
                literal.setLength(0);
                final String expr = text.substring(i + 6, close);
                if (!tls(b, expr)) { // the flag changes nothing in a header value (HAProxy 2.6, seen side by side)
                    throw new LineError(Messages.notImplemented("the '+Q' flag on '%[" + Messages.echo(expr)
                        + "]' (baton takes it on the ssl_c_*/ssl_f_* fetches only)"));
                }
                i = close + 1;
            } else if (next == '[') {
                final int close = text.indexOf(']', i + 2);
                if (close < 0) {
                    throw new LineError("'" + kw + "': missing ']' after '%[' in '" + Messages.echo(text) + "'");
                }
                b.literal(literal.toString());
                literal.setLength(0);
                fetch(b, text.substring(i + 2, close), side, kw);
                i = close + 1;
            } else {
                throw new LineError(next == 0 ? "'" + kw + "': '%' at the end of '" + Messages.echo(text)
                    + "'; write '%%' for a percent sign" : Messages.notImplemented("log-format item " + item(text, i)));
            }
        }
        return b.literal(literal.toString()).build(text);
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

    /** A certificate fetch ({@link TlsFetch}): false when {@code expr} is not one. */
    private static boolean tls(final ValueTemplate.Builder b, final String expr) {
        final TlsFetch fetch;
        try {
            fetch = TlsFetch.parse(expr);
        } catch (final IllegalArgumentException e) {
            throw new LineError("'%[" + Messages.echo(expr) + "]': " + e.getMessage());
        }
        if (fetch == null) {
            return false;
        }
        b.tls(fetch);
        return true;
    }

    private static void fetch(final ValueTemplate.Builder b, final String expr, final Side side, final String kw) {
        if (tls(b, expr)) {
            return;
        }
        int end = 0;
        while (end < expr.length() && expr.charAt(end) != '(' && expr.charAt(end) != ',') {
            end++;
        }
        final String name = expr.substring(0, end);
        final boolean header = name.equals("hdr") || name.equals("req.hdr") || name.equals("res.hdr");
        final boolean known = header || name.equals("src") || name.equals("dst");
        String args = null;
        if (known && header && end < expr.length() && expr.charAt(end) == '(') {
            final int close = expr.indexOf(')', end);
            if (close > 0) {
                args = expr.substring(end + 1, close);
                end = close + 1;
            }
        }
        if (known && end < expr.length() && expr.charAt(end) == ',') {
            throw new LineError(Messages.notImplemented("converters in '%[" + Messages.echo(expr) + "]'"));
        }
        if (!known || end != expr.length() || header && args == null) {
            throw new LineError("unknown or unsupported sample fetch '" + Messages.echo(expr) + "' in '" + kw
                + "'; baton knows " + KNOWN_FETCHES);
        }
        if (name.equals("src")) {
            b.src();
        } else if (name.equals("dst")) {
            b.dst();
        } else if (name.equals("req.hdr") && side == Side.RESPONSE || name.equals("res.hdr") && side == Side.REQUEST) {
            throw new LineError("'%[" + Messages.echo(expr) + "]' cannot be used in '" + kw + "': "
                + (side == Side.RESPONSE ? "the request" : "the response") + " headers are not available there");
        } else {
            header(b, expr, args);
        }
    }

    private static void header(final ValueTemplate.Builder b, final String expr, final String args) {
        final int comma = args.indexOf(',');
        final String name = comma < 0 ? args : args.substring(0, comma);
        int occurrence = -1;
        try {
            if (comma >= 0) {
                occurrence = Numbers.parseInt(args.substring(comma + 1), -Integer.MAX_VALUE, Integer.MAX_VALUE);
            }
        } catch (final BadValueException e) {
            occurrence = 0;
        }
        if (!HeaderName.isToken(name) || occurrence == 0) {
            throw new LineError(Messages.badValue("%[" + expr + "]", "a header name and an optional occurrence "
                + "other than 0, such as req.hdr(host) or req.hdr(x-forwarded-for,1)", args));
        }
        b.header(HeaderName.of(name), occurrence);
    }
}
