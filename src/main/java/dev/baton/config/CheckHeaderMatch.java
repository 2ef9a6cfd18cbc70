package dev.baton.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The header test of an {@code http-check expect [!] hdr|fhdr name [-m METH] NAME [value [-m METH] VALUE]}, HAProxy
 * 2.6's TCPCHK_EXPECT_HTTP_HEADER: a name pattern, compared without regard to case (a regular expression on the
 * name is compiled case-insensitive), and an optional value pattern, compared exactly (case counts). Without a
 * value only the header's presence is tested. {@code hdr} tests each comma-separated element of a header's value,
 * {@code fhdr} the whole value. Immutable.
 *
 * @param nameMethod  how the name is compared
 * @param name        the name pattern as written
 * @param nameRegex   for {@link Method#REG}, else null
 * @param valueMethod how a value is compared, null when only the presence is tested
 * @param value       the value pattern as written, null without one
 * @param valueRegex  for {@link Method#REG}, else null
 * @param full        {@code fhdr}: the whole value, commas included (also the case without a value pattern)
 */
public record CheckHeaderMatch(Method nameMethod, String name, Pattern nameRegex, Method valueMethod, String value,
                               Pattern valueRegex, boolean full) {
    /** HAProxy's {@code -m} matching methods. */
    public enum Method {
        /** {@code str}: equal. */
        STR,
        /** {@code beg}: a prefix. */
        BEG,
        /** {@code end}: a suffix. */
        END,
        /** {@code sub}: a substring. */
        SUB,
        /** {@code reg}: the regular expression finds a match. */
        REG
    }

    /** Whether header name {@code n} matches the name pattern (case-insensitive). */
    public boolean nameMatches(final String n) {
        if (nameMethod == Method.REG) {
            return nameRegex.matcher(n).find();
        }
        final String a = n.toLowerCase(Locale.ROOT);
        final String b = name.toLowerCase(Locale.ROOT);
        return switch (nameMethod) {
            case STR -> a.equals(b);
            case BEG -> a.startsWith(b);
            case END -> a.endsWith(b);
            default -> a.contains(b);
        };
    }

    /** Whether value {@code v} (one element, or the whole value for {@code fhdr}) matches the value pattern. */
    public boolean valueMatches(final String v) {
        return switch (valueMethod) {
            case STR -> v.equals(value);
            case BEG -> v.startsWith(value);
            case END -> v.endsWith(value);
            case SUB -> v.contains(value);
            case REG -> valueRegex.matcher(v).find();
        };
    }
}
