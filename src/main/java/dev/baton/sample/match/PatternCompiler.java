package dev.baton.sample.match;

import dev.baton.sample.Regexes;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleException;
import dev.baton.sample.Scratch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles an ACL's patterns for its match method, refusing a bad pattern with HAProxy's words. Exact strings go to a
 * hash set, prefixes and suffixes to a trie, addresses to a per-prefix-length table; substrings, dir/dom words and
 * regexes are scanned in order as HAProxy scans them; integers are ranges ({@code N}, {@code N:M}, {@code :M},
 * {@code N:}, or after an operator {@code eq|ge|gt|le|lt}). Load time only; stateless.
 */
public final class PatternCompiler {
    private PatternCompiler() {
    }

    /** The patterns of {@code method} ({@code ignoreCase}: {@code -i}). */
    public static Patterns compile(final MatchMethod method, final boolean ignoreCase, final List<String> patterns) {
        switch (method) {
            case FOUND:
                return always(patterns.size());
            case BOOL:
                return new Patterns() {
                    @Override
                    public boolean matches(final Sample s, final Scratch scratch) {
                        return s.bool();
                    }

                    @Override
                    public int size() {
                        return 0;
                    }
                };
            case STR:
                return new StringSet(bytes(patterns), ignoreCase);
            case BIN:
                return new StringSet(hex(patterns), false);
            case BEG:
                return new PrefixTree(bytes(patterns), false, ignoreCase);
            case END:
                return new PrefixTree(bytes(patterns), true, ignoreCase);
            case SUB:
            case DIR:
            case DOM:
                return new WordScan(bytes(patterns), method, ignoreCase);
            case REG:
                return regexes(patterns, ignoreCase);
            case INT:
            case LEN:
                return new IntRanges(patterns, method == MatchMethod.LEN);
            case IP:
                return new IpTable(patterns);
            default:
                throw new IllegalArgumentException(method.toString());
        }
    }

    private static Patterns always(final int size) {
        return new Patterns() {
            @Override
            public boolean matches(final Sample s, final Scratch scratch) {
                return true;
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private static List<byte[]> bytes(final List<String> patterns) {
        final List<byte[]> out = new ArrayList<>();
        for (final String p : patterns) {
            out.add(p.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<byte[]> hex(final List<String> patterns) {
        final List<byte[]> out = new ArrayList<>();
        for (final String p : patterns) {
            if (p.length() % 2 != 0) {
                throw new SampleException("'" + p + "' is not a valid hex string");
            }
            final byte[] b = new byte[p.length() / 2];
            for (int i = 0; i < b.length; i++) {
                final int hi = Character.digit(p.charAt(2 * i), 16);
                final int lo = Character.digit(p.charAt(2 * i + 1), 16);
                if (hi < 0 || lo < 0) {
                    throw new SampleException("'" + p + "' is not a valid hex string");
                }
                b[i] = (byte) (hi << 4 | lo);
            }
            out.add(b);
        }
        return out;
    }

    private static Patterns regexes(final List<String> patterns, final boolean ignoreCase) {
        final Regexes[] all = new Regexes[patterns.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = Regexes.compile(patterns.get(i), ignoreCase);
        }
        return new Patterns() {
            @Override
            public boolean matches(final Sample s, final Scratch scratch) {
                for (final Regexes r : all) {
                    if (r.find(scratch, s)) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public int size() {
                return all.length;
            }
        };
    }

    /** Substring, dir and dom patterns, tried in order. */
    static final class WordScan implements Patterns {
        private final byte[][] patterns;
        private final MatchMethod method;
        private final boolean ignoreCase;

        WordScan(final List<byte[]> patterns, final MatchMethod method, final boolean ignoreCase) {
            this.patterns = new byte[patterns.size()][];
            for (int i = 0; i < this.patterns.length; i++) {
                final byte[] p = patterns.get(i);
                this.patterns[i] = ignoreCase ? StringSet.lower(p) : p;
            }
            this.method = method;
            this.ignoreCase = ignoreCase;
        }

        @Override
        public boolean matches(final Sample s, final Scratch scratch) {
            for (final byte[] p : patterns) {
                if (method == MatchMethod.SUB ? contains(s, p) : word(s, p, method == MatchMethod.DOM)) {
                    return true;
                }
            }
            return false;
        }

        private boolean contains(final Sample s, final byte[] p) {
            final int last = s.length() - p.length;
            for (int at = 0; at <= last; at++) {
                if (regionEquals(s.buffer(), s.offset() + at, p, 0, p.length)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether {@code p}, less its leading and trailing delimiters, appears in the sample between delimiters (or
         * the ends): {@code /} and {@code ?} for dir; also {@code .} and {@code :} for dom.
         */
        private boolean word(final Sample s, final byte[] p, final boolean dom) {
            int ps = 0;
            int pe = p.length;
            while (ps < pe && isDelimiter(p[ps], dom)) {
                ps++;
            }
            while (pe > ps && isDelimiter(p[pe - 1], dom)) {
                pe--;
            }
            final int pl = pe - ps;
            if (pl > s.length()) {
                return false;
            }
            final ByteBuffer b = s.buffer();
            final int base = s.offset();
            final int last = s.length() - pl;
            boolean mayMatch = true;
            for (int at = 0; at <= last; at++) {
                if (isDelimiter(b.get(base + at), dom)) {
                    mayMatch = true;
                    continue;
                }
                if (!mayMatch) {
                    continue;
                }
                if (regionEquals(b, base + at, p, ps, pl)
                    && (at == last || isDelimiter(b.get(base + at + pl), dom))) {
                    return true;
                }
                mayMatch = false;
            }
            return false;
        }

        private static boolean isDelimiter(final byte c, final boolean dom) {
            return c == '/' || c == '?' || dom && (c == '.' || c == ':');
        }

        private boolean regionEquals(final ByteBuffer b, final int at, final byte[] p, final int from, final int n) {
            for (int i = 0; i < n; i++) {
                byte c = b.get(at + i);
                if (ignoreCase && c >= 'A' && c <= 'Z') {
                    c += 32;
                }
                if (c != p[from + i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int size() {
            return patterns.length;
        }
    }
}
