package dev.baton.http;

import dev.baton.http.rules.NormalizeUriRule.Normalizer;

import java.nio.ByteBuffer;

/**
 * HAProxy 2.6's URI normalizers ({@code http-request normalize-uri}), on bytes: each reads {@code in[from, to)} (the
 * path alone, or the path with its query and fragment, see {@link Normalizer#pathOnly()}; for
 * {@code query-sort-by-name}, from the '?' on) and writes the result into {@link #out}. As HAProxy: merge-slashes
 * collapses runs of '/'; strip-dot drops "." segments; strip-dotdot removes each "/.." with the segment before it,
 * keeping the ".." that climb above the root unless {@code full}; decode-unreserved decodes {@code %XX} of letters,
 * digits and {@code -._~}; to-uppercase upper-cases the hex digits of {@code %xx}; the strict forms refuse a '%'
 * without two hex digits; fragment-strip cuts at the first '#', fragment-encode writes '#' as {@code %23};
 * query-sort-by-name orders the '&amp;'-separated parameters by name (bytes, a prefix first), equal names keeping
 * their order. One per request workspace's rewrites; reactor thread only; allocation-free.
 */
final class UriNormalizer {
    /** {@link #normalize} found a malformed percent-encoding in a strict mode. */
    static final int INVALID = -1;
    /** {@link #normalize} produced more than {@link #out} holds. */
    static final int TOO_LONG = -2;
    private static final int MAX_PARAMS = 1024;

    final byte[] out = new byte[dev.baton.sample.Scratch.SIZE];
    private final int[] paramStart = new int[MAX_PARAMS];
    private final int[] paramEnd = new int[MAX_PARAMS];

    /** Normalizes {@code in[from, to)} into {@link #out}: its length, {@link #INVALID} or {@link #TOO_LONG}. */
    int normalize(final Normalizer n, final ByteBuffer in, final int from, final int to) {
        if (to - from > out.length) {
            return TOO_LONG;
        }
        switch (n) {
            case PATH_MERGE_SLASHES:
                return mergeSlashes(in, from, to);
            case PATH_STRIP_DOT:
                return stripDot(in, from, to);
            case PATH_STRIP_DOTDOT:
            case PATH_STRIP_DOTDOT_FULL:
                return stripDotDot(in, from, to, n == Normalizer.PATH_STRIP_DOTDOT_FULL);
            case PERCENT_DECODE_UNRESERVED:
            case PERCENT_DECODE_UNRESERVED_STRICT:
                return percent(in, from, to, true, n == Normalizer.PERCENT_DECODE_UNRESERVED_STRICT);
            case PERCENT_TO_UPPERCASE:
            case PERCENT_TO_UPPERCASE_STRICT:
                return percent(in, from, to, false, n == Normalizer.PERCENT_TO_UPPERCASE_STRICT);
            case FRAGMENT_STRIP:
                return copy(in, from, indexOf(in, from, to, '#'));
            case FRAGMENT_ENCODE:
                return fragmentEncode(in, from, to);
            default:
                return sortQuery(in, from, to);
        }
    }

    private static int indexOf(final ByteBuffer in, final int from, final int to, final char c) {
        for (int i = from; i < to; i++) {
            if (in.get(i) == c) {
                return i;
            }
        }
        return to;
    }

    private int copy(final ByteBuffer in, final int from, final int to) {
        in.get(from, out, 0, to - from);
        return to - from;
    }

    private int mergeSlashes(final ByteBuffer in, final int from, final int to) {
        int o = 0;
        for (int i = from; i < to; i++) {
            final byte b = in.get(i);
            if (b != '/' || o == 0 || out[o - 1] != '/') {
                out[o++] = b;
            }
        }
        return o;
    }

    private int stripDot(final ByteBuffer in, final int from, final int to) {
        int o = 0;
        int segment = from;
        while (segment < to) {
            final int slash = indexOf(in, segment, to, '/');
            final boolean dot = slash - segment == 1 && in.get(segment) == '.';
            if (!dot) {
                in.get(segment, out, o, slash - segment);
                o += slash - segment;
                if (slash < to) {
                    out[o++] = '/';
                }
            }
            segment = slash + 1;
        }
        return o;
    }

    /** Whether {@code in[at, at + s.length)} is {@code s}, within {@code [from, to)}. */
    private static boolean at(final ByteBuffer in, final int at, final int from, final int to, final String s) {
        if (at < from || at + s.length() > to) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (in.get(at + i) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Walks the path backwards, as HAProxy does, filling {@link #out} from its end, then moves the result. */
    private int stripDotDot(final ByteBuffer in, final int from, final int to, final boolean full) {
        int head = out.length;
        int offset = to - from - 1;
        int up = 0;
        if (offset >= 2 && at(in, from + offset - 2, from, to, "/..")) {
            up++;
            offset -= 2;
        }
        while (offset >= 0) {
            if (offset >= 3 && at(in, from + offset - 3, from, to, "/../")) {
                up++;
                offset -= 3;
                continue;
            }
            if (up > 0) {
                offset--;
                if (offset >= 0) {
                    up--;
                    while (offset >= 0 && in.get(from + offset) != '/') {
                        offset--;
                    }
                }
            } else {
                out[--head] = in.get(from + offset);
                offset--;
                while (offset >= 0 && in.get(from + offset) != '/') {
                    out[--head] = in.get(from + offset);
                    offset--;
                }
            }
        }
        if (up > 0) {
            if (head == 0) {
                return TOO_LONG;
            }
            out[--head] = '/';
            while (!full && up > 0) {
                if (head < 3) {
                    return TOO_LONG;
                }
                out[--head] = '.';
                out[--head] = '.';
                out[--head] = '/';
                up--;
            }
        }
        final int n = out.length - head;
        System.arraycopy(out, head, out, 0, n);
        return n;
    }

    private static int hex(final byte b) {
        return b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : b >= 'A' && b <= 'F' ? b - 'A' + 10
            : -1;
    }

    private static boolean unreserved(final int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
            || c == '~';
    }

    private int percent(final ByteBuffer in, final int from, final int to, final boolean decode, final boolean strict) {
        int o = 0;
        for (int i = from; i < to; i++) {
            final byte b = in.get(i);
            if (b != '%') {
                out[o++] = b;
                continue;
            }
            if (i + 2 < to && hex(in.get(i + 1)) >= 0 && hex(in.get(i + 2)) >= 0) {
                final byte h1 = in.get(i + 1);
                final byte h2 = in.get(i + 2);
                final int c = hex(h1) << 4 | hex(h2);
                if (decode && unreserved(c)) {
                    out[o++] = (byte) c;
                } else {
                    out[o++] = '%';
                    out[o++] = decode ? h1 : upper(h1);
                    out[o++] = decode ? h2 : upper(h2);
                }
                i += 2;
                continue;
            }
            if (strict) {
                return INVALID;
            }
            out[o++] = b;
        }
        return o;
    }

    private static byte upper(final byte b) {
        return b >= 'a' && b <= 'z' ? (byte) (b - 32) : b;
    }

    private int fragmentEncode(final ByteBuffer in, final int from, final int to) {
        int o = 0;
        for (int i = from; i < to; i++) {
            final byte b = in.get(i);
            if (b == '#') {
                if (o + 3 > out.length) {
                    return TOO_LONG;
                }
                out[o++] = '%';
                out[o++] = '2';
                out[o++] = '3';
            } else {
                if (o == out.length) {
                    return TOO_LONG;
                }
                out[o++] = b;
            }
        }
        return o;
    }

    /** {@code in[from, to)} starts with '?': the parameters after it, sorted by name. */
    private int sortQuery(final ByteBuffer in, final int from, final int to) {
        int count = 0;
        int start = from + 1;
        while (start < to) {
            final int end = indexOf(in, start, to, '&');
            if (count == MAX_PARAMS) {
                return TOO_LONG;
            }
            // insertion sort, stable: a parameter goes after every one whose name is not greater
            int j = count;
            while (j > 0 && compareNames(in, paramStart[j - 1], paramEnd[j - 1], start, end) > 0) {
                paramStart[j] = paramStart[j - 1];
                paramEnd[j] = paramEnd[j - 1];
                j--;
            }
            paramStart[j] = start;
            paramEnd[j] = end;
            count++;
            start = end + 1;
        }
        int o = 0;
        out[o++] = '?';
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out[o++] = '&';
            }
            in.get(paramStart[i], out, o, paramEnd[i] - paramStart[i]);
            o += paramEnd[i] - paramStart[i];
        }
        return o;
    }

    /** Compares the names (up to '=') of two parameters as HAProxy's {@code istdiff}: bytes unsigned, a prefix first. */
    private static int compareNames(final ByteBuffer in, final int a, final int aEnd, final int b, final int bEnd) {
        final int an = indexOf(in, a, aEnd, '=');
        final int bn = indexOf(in, b, bEnd, '=');
        int i = a;
        int j = b;
        while (i < an && j < bn) {
            final int d = (in.get(i) & 0xff) - (in.get(j) & 0xff);
            if (d != 0) {
                return d;
            }
            i++;
            j++;
        }
        return (an - i) - (bn - j);
    }
}
