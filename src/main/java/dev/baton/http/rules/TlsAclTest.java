package dev.baton.http.rules;

import dev.baton.io.TlsFetch;
import dev.baton.io.TlsInfo;

import java.util.List;
import java.util.Locale;

/**
 * An ACL test on a certificate fetch ({@link TlsFetch}), matched by its type as HAProxy matches it: a boolean
 * passes when true (no pattern); an integer equals a pattern or falls in a range {@code MIN:MAX}; a string is
 * compared with {@code -m str|beg|end|sub|found} and {@code -i}; a binary value (serial, SHA-1) with patterns in
 * hex. No value (plain TCP, no client certificate) never matches. Immutable.
 */
public final class TlsAclTest {
    private final TlsFetch fetch;
    private final AclTerm.Match match;
    private final boolean ignoreCase;
    private final String[] patterns;
    private final long[][] ranges;
    private final String text;

    /** IllegalArgumentException: a pattern that does not fit the fetch's type. */
    public TlsAclTest(final TlsFetch fetch, final AclTerm.Match match, final boolean ignoreCase,
                      final List<String> patterns) {
        this.fetch = fetch;
        this.match = match == null ? AclTerm.Match.STR : match;
        final TlsFetch.Type type = fetch.type();
        this.ignoreCase = ignoreCase || type == TlsFetch.Type.BIN;
        this.patterns = new String[patterns.size()];
        this.ranges = new long[patterns.size()][];
        for (int i = 0; i < this.patterns.length; i++) {
            final String p = patterns.get(i);
            this.patterns[i] = this.ignoreCase ? p.toLowerCase(Locale.ROOT) : p;
            if (type == TlsFetch.Type.INT) {
                ranges[i] = range(p);
            } else if (type == TlsFetch.Type.BIN && !p.matches("([0-9A-Fa-f]{2})*")) {
                throw new IllegalArgumentException("'" + p + "' is not a hex string (" + fetch + " is binary)");
            }
        }
        if (type == TlsFetch.Type.BOOL && !patterns.isEmpty()) {
            throw new IllegalArgumentException(fetch + " is a boolean: it takes no pattern");
        }
        if (type != TlsFetch.Type.BOOL && patterns.isEmpty() && this.match != AclTerm.Match.FOUND) {
            throw new IllegalArgumentException(fetch + " needs at least one pattern");
        }
        this.text = fetch + (ignoreCase ? " -i" : "") + (patterns.isEmpty() ? "" : " " + String.join(" ", patterns));
    }

    private static long[] range(final String p) {
        try {
            final int colon = p.indexOf(':');
            if (colon < 0) {
                final long v = Long.parseLong(p);
                return new long[] {v, v};
            }
            return new long[] {colon == 0 ? Long.MIN_VALUE : Long.parseLong(p.substring(0, colon)),
                colon == p.length() - 1 ? Long.MAX_VALUE : Long.parseLong(p.substring(colon + 1))};
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("'" + p + "' is not an integer or a range such as 1:10");
        }
    }

    /** Whether the connection's value matches. */
    public boolean matches(final TlsInfo tls) {
        if (fetch.type() == TlsFetch.Type.BOOL) {
            return fetch.bool(tls);
        }
        String v = fetch.string(tls);
        if (v == null) {
            return false;
        }
        if (match == AclTerm.Match.FOUND) {
            return true;
        }
        if (fetch.type() == TlsFetch.Type.INT) {
            final long n = Long.parseLong(v);
            for (final long[] r : ranges) {
                if (n >= r[0] && n <= r[1]) {
                    return true;
                }
            }
            return false;
        }
        if (fetch.type() == TlsFetch.Type.BIN) {
            v = TlsFetch.hex(v.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        if (ignoreCase) {
            v = v.toLowerCase(Locale.ROOT);
        }
        for (final String p : patterns) {
            final boolean hit;
            switch (match) {
                case BEG:
                    hit = v.startsWith(p);
                    break;
                case END:
                    hit = v.endsWith(p);
                    break;
                case SUB:
                    hit = v.contains(p);
                    break;
                default:
                    hit = v.equals(p);
                    break;
            }
            if (hit) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
