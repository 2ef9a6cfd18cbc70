package dev.baton.sample;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles the text of a sample expression, HAProxy's {@code fetch[(args)][,converter[(args)]]...}, against a
 * {@link SampleRegistry}. Arguments are separated by commas; a double- or single-quoted argument keeps commas and
 * parentheses, and outside single quotes a backslash escapes a backslash, a space or a quote and
 * writes {@code \\r}, {@code \\n}, {@code \\t}; before anything else it stays, as in HAProxy. Errors are {@link SampleException}s with HAProxy's
 * wording ("unknown fetch method 'x'", "converter 'y' cannot be applied", "fetch method 'z' extracts information
 * from '...', none of which is available here"). Load time only; stateless.
 */
public final class SampleParser {
    private SampleParser() {
    }

    /** A parsed expression and where the text after it starts. */
    public record Parsed(SampleExpr expr, int end) {
    }

    /** Compiles all of {@code text}, usable where {@code available} ({@link Uses}) is offered. */
    public static SampleExpr parse(final String text, final int available) {
        final Parsed p = parse(text, 0, available, SampleRegistry.standard());
        if (p.end() != text.length()) {
            throw new SampleException("missing comma after " + (p.expr().bare() ? "fetch keyword" : "converter")
                + " in '" + text + "'");
        }
        return p.expr();
    }

    /**
     * Compiles the expression starting at {@code from}, stopping at the first character that cannot continue it
     * (such as the {@code ]} of a {@code %[...]}).
     */
    public static Parsed parse(final String text, final int from, final int available, final SampleRegistry registry) {
        int at = from;
        int end = name(text, at);
        final String fetchName = text.substring(at, end);
        if (fetchName.isEmpty()) {
            throw new SampleException("missing fetch method");
        }
        final SampleRegistry.FetchDef def = registry.fetch(fetchName);
        if (def == null) {
            throw new SampleException("unknown fetch method '" + fetchName + "'");
        }
        final List<String> fetchArgs = new ArrayList<>();
        at = arguments(text, end, fetchArgs, "fetch method '" + fetchName + "'");
        checkCount(fetchArgs, def.minArgs(), def.maxArgs(), "fetch method '" + fetchName + "'");
        if ((def.uses() & available) == 0) {
            final String httpLength = httpLengthError(fetchName, def.uses(), available);
            if (httpLength != null) {
                throw new SampleException(httpLength);
            }
            throw new SampleException("fetch method '" + fetchName + "' extracts information from '"
                + Uses.describe(def.uses()) + "', none of which is available here");
        }
        final Fetch fetch;
        try {
            fetch = def.factory().apply(new Args(fetchName, fetchArgs));
        } catch (final SampleException e) {
            throw new SampleException("invalid args in fetch method '" + fetchName + "' : " + e.getMessage());
        }
        SampleType type = def.out();
        final List<SampleType> inputs = new ArrayList<>();
        final List<Converter> converters = new ArrayList<>();
        while (at < text.length() && text.charAt(at) == ',') {
            at++;
            end = name(text, at);
            final String convName = text.substring(at, end);
            final SampleRegistry.ConverterDef c = registry.converter(convName);
            if (c == null) {
                throw new SampleException("unknown converter '" + convName + "'");
            }
            if (!castable(type, c.in())) {
                throw new SampleException("converter '" + convName + "' cannot be applied");
            }
            final List<String> args = new ArrayList<>();
            at = arguments(text, end, args, "converter '" + convName + "'");
            if (c.maxArgs() == 0 && !args.isEmpty()) {
                throw new SampleException("converter '" + convName + "' does not support any args");
            }
            checkCount(args, c.minArgs(), c.maxArgs(), "converter '" + convName + "'");
            try {
                converters.add(c.factory().apply(new Args(convName, args)));
            } catch (final SampleException e) {
                throw new SampleException("invalid args in converter '" + convName + "' : " + e.getMessage());
            }
            inputs.add(c.in());
            type = c.out() == SampleType.ANY ? type : c.out();
        }
        final SampleExpr expr = new SampleExpr(text.substring(from, at), def, fetch,
            inputs.toArray(new SampleType[0]), converters.toArray(new Converter[0]), type);
        return new Parsed(expr, at);
    }

    private static int name(final String text, final int from) {
        int end = from;
        while (end < text.length() && isNameChar(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isNameChar(final char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
            || c == '-';
    }

    /** Reads {@code (a,b,...)} at {@code at} when present into {@code out}; returns the index after it. */
    private static int arguments(final String text, final int at, final List<String> out, final String owner) {
        if (at >= text.length() || text.charAt(at) != '(') {
            return at;
        }
        final StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = at + 1; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '\\' && quote != '\'' && i + 1 < text.length()) {
                final char next = text.charAt(i + 1);
                if (next == '\\' || next == ' ' || next == '"' || next == '\'') {
                    current.append(next);
                    i++;
                } else if (next == 'r' || next == 'n' || next == 't') {
                    current.append(next == 'r' ? '\r' : next == 'n' ? '\n' : '\t');
                    i++;
                } else {
                    current.append(c);
                }
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == ',') {
                out.add(current.toString());
                current.setLength(0);
            } else if (c == ')') {
                if (current.length() > 0 || !out.isEmpty()) {
                    out.add(current.toString());
                }
                return i + 1;
            } else {
                current.append(c);
            }
        }
        throw new SampleException(owner + " : expected ')'");
    }

    private static void checkCount(final List<String> args, final int min, final int max, final String owner) {
        if (args.size() < min) {
            throw new SampleException(owner + " : missing arguments (got " + args.size() + "/" + min + ")");
        }
        if (args.size() > max) {
            throw new SampleException(max == 0 ? owner + " : no argument supported, but got '" + String.join(",", args)
                + "'" : owner + " : end of arguments expected at position " + (max + 1) + ", but got '"
                + args.get(max) + "'");
        }
    }

    /** Whether HAProxy's cast table has a cast from {@code from} to {@code to}. */
    public static boolean castable(final SampleType from, final SampleType to) {
        if (from == to || from == SampleType.ANY || to == SampleType.ANY || to == SampleType.STR
            || to == SampleType.BIN) { // ANY: a variable's type is known only when it is read
            return true;
        }
        switch (to) {
            case BOOL:
            case SINT:
                return from == SampleType.BOOL || from == SampleType.SINT || from == SampleType.STR
                    || from == SampleType.IPV4;
            case ADDR:
            case IPV4:
            case IPV6:
                return from == SampleType.IPV4 || from == SampleType.IPV6 || from == SampleType.STR
                    || from == SampleType.SINT || from == SampleType.ADDR;
            default:
                return false;
        }
    }

    /**
     * {@code req.len} / {@code res.len} where an HTTP message is parsed: HAProxy 2.6 answers there the size of its
     * internal HTX message (headers without their separators, plus block overhead), which baton does not build, so
     * the place refuses them with what measures the message instead: the message saying so, null for any other
     * fetch or place, and where the raw bytes are offered ({@code tcp-request content} of a mode http proxy).
     */
    public static String httpLengthError(final String fetchName, final int uses, final int available) {
        final boolean res = uses == Uses.RES_PAYLOAD;
        if (!fetchName.equals(res ? "res.len" : "req.len") || (uses & available) != 0
            || (available & (res ? Uses.RES : Uses.REQ)) == 0) {
            return null;
        }
        final String p = res ? "res." : "req.";
        return "fetch method '" + fetchName + "' in HTTP rules gives HAProxy's internal (HTX) size"
            + " of the message, which baton does not reproduce: use '" + p + "body_len' (the body bytes received) or '"
            + p + "body_size' (the announced body size) instead";
    }
}
