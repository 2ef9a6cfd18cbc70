package dev.baton.health;

import dev.baton.config.CheckHeaderMatch;

/**
 * Tests an {@code http-check expect hdr|fhdr} against a response's header lines, as HAProxy 2.6 walks them
 * (http_find_header): every header whose name matches is tried in order; without a value pattern the first such
 * header is a match; with one, {@code fhdr} tests the whole value and {@code hdr} each element of the value split
 * at the commas that are not inside double quotes; linear white space around a value or element is not part of
 * it. Stateless; reactor thread.
 */
final class HeaderMatch {
    private HeaderMatch() {
    }

    /**
     * @param headers the header lines of the response, after the status line, each ended by CRLF (the final empty
     *                line excluded)
     */
    static boolean matches(final CheckHeaderMatch m, final String headers) {
        int from = 0;
        while (from < headers.length()) {
            int eol = headers.indexOf("\r\n", from);
            if (eol < 0) {
                eol = headers.length();
            }
            final int colon = headers.indexOf(':', from);
            if (colon > from && colon < eol && m.nameMatches(headers.substring(from, colon).trim())
                && valueMatches(m, headers, colon + 1, eol)) {
                return true;
            }
            from = eol + 2;
        }
        return false;
    }

    private static boolean valueMatches(final CheckHeaderMatch m, final String line, final int from, final int to) {
        if (m.valueMethod() == null) {
            return true;
        }
        if (m.full()) {
            return m.valueMatches(trim(line, from, to));
        }
        int start = from;
        boolean quoted = false;
        for (int i = from; i <= to; i++) {
            final char c = i < to ? line.charAt(i) : ',';
            if (quoted && c == '\\' && i + 1 < to) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && (!quoted || i == to)) {
                if (m.valueMatches(trim(line, start, i))) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** {@code s[from, to)} without the spaces and tabs at its ends. */
    private static String trim(final String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }
}
