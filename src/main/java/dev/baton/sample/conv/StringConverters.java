package dev.baton.sample.conv;

import dev.baton.sample.Args;
import dev.baton.sample.Converter;
import dev.baton.sample.Regexes;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;

/**
 * String converters: {@code lower}, {@code upper}, {@code length}, {@code field(N,DELIMS[,COUNT])},
 * {@code word(N,DELIMS[,COUNT])}, {@code regsub(REGEX,SUBST[,FLAGS])}, {@code bytes(OFFSET[,LENGTH])},
 * {@code concat([START],[VAR],[END])} (constant parts; a variable part is refused until variables exist),
 * {@code ltrim(CHARS)}, {@code rtrim(CHARS)}, {@code iif(TRUE,FALSE)} (a boolean to one of two constant strings).
 * Output goes to a scratch buffer, is a narrower view of the input, or a constant.
 */
public final class StringConverters {
    private StringConverters() {
    }

    public static void register(final SampleRegistry r) {
        r.converter("lower", SampleType.STR, SampleType.STR, 0, 0, a -> (ctx, s) -> cased(ctx, s, true));
        r.converter("upper", SampleType.STR, SampleType.STR, 0, 0, a -> (ctx, s) -> cased(ctx, s, false));
        r.converter("length", SampleType.STR, SampleType.SINT, 0, 0, a -> (ctx, s) -> s.setInt(s.length()) != null);
        r.converter("field", SampleType.STR, SampleType.STR, 2, 3, a -> split(a, false));
        r.converter("word", SampleType.STR, SampleType.STR, 2, 3, a -> split(a, true));
        r.converter("regsub", SampleType.STR, SampleType.STR, 2, 3, StringConverters::regsub);
        r.converter("bytes", SampleType.BIN, SampleType.BIN, 1, 2, a -> {
            final long offset = a.integer(0);
            final long length = a.integer(1, -1);
            if (offset < 0 || a.has(1) && length < 0) {
                throw new SampleException("offset and length must not be negative");
            }
            return (ctx, s) -> {
                if (offset >= s.length()) {
                    return false;
                }
                final int n = (int) (length < 0 ? s.length() - offset : Math.min(length, s.length() - offset));
                return s.setBinary(s.buffer(), s.offset() + (int) offset, n) != null;
            };
        });
        r.converter("concat", SampleType.STR, SampleType.STR, 0, 3, StringConverters::concat);
        r.converter("strcmp", SampleType.STR, SampleType.SINT, 1, 1, StringConverters::strcmp);
        r.converter("ltrim", SampleType.STR, SampleType.STR, 1, 1, a -> trim(a.str(0), true));
        r.converter("rtrim", SampleType.STR, SampleType.STR, 1, 1, a -> trim(a.str(0), false));
        r.converter("iif", SampleType.BOOL, SampleType.STR, 2, 2, StringConverters::iif);
    }

    /** {@code iif(TRUE,FALSE)}: TRUE when the input is true, else FALSE; both read once, shared read-only. */
    private static Converter iif(final Args a) {
        final ByteBuffer yes = ByteBuffer.wrap(a.str(0, "").getBytes(StandardCharsets.UTF_8));
        final ByteBuffer no = ByteBuffer.wrap(a.str(1, "").getBytes(StandardCharsets.UTF_8));
        return (ctx, s) -> {
            final ByteBuffer out = s.bool() ? yes : no;
            return s.setString(out, 0, out.limit()) != null;
        };
    }

    /**
     * {@code concat([START],[VAR],[END])}: the input, START, the variable's value as a string (nothing when it is not
     * set or does not cast, as in HAProxy), then END; cut at the scratch buffer's size.
     */
    private static dev.baton.sample.Converter concat(final dev.baton.sample.Args a) {
        final byte[] start = (a.has(0) ? a.str(0) : "").getBytes(StandardCharsets.UTF_8);
        final byte[] end = (a.has(2) ? a.str(2) : "").getBytes(StandardCharsets.UTF_8);
        final String varText = a.has(1) ? a.str(1) : "";
        final dev.baton.sample.vars.VarName var = varText.isEmpty() ? null
            : dev.baton.sample.vars.VarNames.resolve(varText);
        return (ctx, s) -> {
            final dev.baton.sample.Sample side = ctx.scratch().side;
            final dev.baton.sample.Sample value = var != null
                && dev.baton.sample.vars.Vars.read(ctx, var, side, SampleType.STR) ? side : null;
            final ByteBuffer o = ctx.scratch().next();
            final int n = Math.min(s.length(), o.capacity());
            o.put(0, s.buffer(), s.offset(), n);
            o.position(n);
            o.put(start, 0, Math.min(start.length, o.remaining()));
            if (value != null) {
                final int m = Math.min(value.length(), o.remaining());
                o.put(o.position(), value.buffer(), value.offset(), m);
                o.position(o.position() + m);
            }
            o.put(end, 0, Math.min(end.length, o.remaining()));
            return s.setBytes(SampleType.STR, o) != null;
        };
    }

    /**
     * {@code strcmp(VAR)}: the input compared with the variable's value as strings, as HAProxy does it (C's strncmp
     * over the shorter length, the difference of the first differing bytes, then the shorter string is the smaller:
     * -1 or 1); no sample when the variable is not set.
     */
    private static dev.baton.sample.Converter strcmp(final dev.baton.sample.Args a) {
        final dev.baton.sample.vars.VarName var = dev.baton.sample.vars.VarNames.resolve(a.required(0, "variable name"));
        return (ctx, s) -> {
            final dev.baton.sample.Sample other = ctx.scratch().side;
            if (!dev.baton.sample.vars.Vars.read(ctx, var, other, SampleType.STR)) {
                return false;
            }
            final int max = Math.min(s.length(), other.length());
            int result = 0;
            for (int i = 0; i < max; i++) {
                final int x = s.byteAt(i) & 0xff;
                final int y = other.byteAt(i) & 0xff;
                if (x != y) {
                    result = x - y;
                    break;
                }
                if (x == 0) {
                    break; // strncmp stops at a NUL byte both strings have
                }
            }
            if (result == 0 && s.length() != other.length()) {
                result = s.length() < other.length() ? -1 : 1;
            }
            return s.setInt(result) != null;
        };
    }

    private static boolean cased(final SampleContext ctx, final Sample s, final boolean lower) {
        final ByteBuffer o = ctx.scratch().next();
        final int n = Math.min(s.length(), o.capacity());
        for (int i = 0; i < n; i++) {
            final byte c = s.byteAt(i);
            o.put(lower ? c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c : c >= 'a' && c <= 'z' ? (byte) (c - 32) : c);
        }
        return s.setBytes(SampleType.STR, o) != null;
    }

    private static Converter trim(final String chars, final boolean left) {
        final byte[] set = chars.getBytes(StandardCharsets.UTF_8);
        return (ctx, s) -> {
            int from = s.offset();
            int to = s.offset() + s.length();
            if (left) {
                while (from < to && in(set, s.buffer().get(from))) {
                    from++;
                }
            } else {
                while (to > from && in(set, s.buffer().get(to - 1))) {
                    to--;
                }
            }
            return s.setString(s.buffer(), from, to - from) != null;
        };
    }

    private static boolean in(final byte[] set, final byte c) {
        for (final byte b : set) {
            if (b == c) {
                return true;
            }
        }
        return false;
    }

    /** field() (empty fields count) or word() (runs of delimiters are one separator). */
    private static Converter split(final Args a, final boolean words) {
        final long index = a.integer(0);
        if (index == 0) {
            throw new SampleException("Unexpected value 0 for index");
        }
        final byte[] delims = a.required(1, "string").getBytes(StandardCharsets.UTF_8);
        final long count = a.integer(2, 1);
        if (count < 0) {
            throw new SampleException("count must not be negative");
        }
        return (ctx, s) -> words ? word(s, delims, index, count) : field(s, delims, index, count);
    }

    /** Field {@code index} (1 the first, -1 the last) and the {@code count - 1} after it (0: all); none: no sample. */
    static boolean field(final Sample s, final byte[] delims, final long index, final long count) {
        final int base = s.offset();
        final int n = s.length();
        final ByteBuffer b = s.buffer();
        long left = count;
        if (index > 0) {
            long field = 1;
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (!in(delims, b.get(base + i))) {
                    continue;
                }
                if (field == index) {
                    if (left == 1) {
                        return s.setString(b, base + start, i - start) != null;
                    }
                    if (left > 1) {
                        left--;
                    }
                } else {
                    field++;
                    start = i + 1;
                }
            }
            return field == index && s.setString(b, base + start, n - start) != null;
        }
        long field = -1;
        int end = n;
        for (int i = n; i > 0; i--) {
            if (!in(delims, b.get(base + i - 1))) {
                continue;
            }
            if (field == index) {
                if (left == 1) {
                    return s.setString(b, base + i, end - i) != null;
                }
                if (left > 1) {
                    left--;
                }
            } else {
                field--;
                end = i - 1;
            }
        }
        return field == index && s.setString(b, base, end) != null;
    }

    /** Word {@code index} and the {@code count - 1} after it; a missing word gives an empty string. */
    static boolean word(final Sample s, final byte[] delims, final long index, final long count) {
        final int base = s.offset();
        final int n = s.length();
        final ByteBuffer b = s.buffer();
        long left = count;
        long word = 0;
        boolean inWord = false;
        if (index > 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                final boolean sep = in(delims, b.get(base + i));
                if (!inWord) {
                    if (!sep) {
                        if (word != index) {
                            word++;
                            start = i;
                        }
                        inWord = true;
                    }
                } else if (sep) {
                    if (word == index) {
                        if (left == 1) {
                            return s.setString(b, base + start, i - start) != null;
                        }
                        if (left > 1) {
                            left--;
                        }
                    }
                    inWord = false;
                }
            }
            return s.setString(b, base + start, word == index ? n - start : 0) != null;
        }
        int end = n;
        for (int i = n; i > 0; i--) {
            final boolean sep = in(delims, b.get(base + i - 1));
            if (!inWord) {
                if (!sep) {
                    if (word != index) {
                        word--;
                        end = i;
                    }
                    inWord = true;
                }
            } else if (sep) {
                if (word == index) {
                    if (left == 1) {
                        return s.setString(b, base + i, end - i) != null;
                    }
                    if (left > 1) {
                        left--;
                    }
                }
                inWord = false;
            }
        }
        return s.setString(b, base, word == index ? end : 0) != null;
    }

    private static Converter regsub(final Args a) {
        final String flags = a.str(2);
        boolean global = false;
        boolean ignoreCase = false;
        for (final char f : flags.toCharArray()) {
            if (f == 'g') {
                global = true;
            } else if (f == 'i') {
                ignoreCase = true;
            } else {
                throw new SampleException("invalid regex flag '" + f + "', only 'i' and 'g' are supported");
            }
        }
        final Regexes regex = Regexes.compile(a.required(0, "regex"), ignoreCase);
        final byte[] subst = a.str(1).getBytes(StandardCharsets.UTF_8);
        final boolean all = global;
        return (ctx, s) -> regsub(ctx, s, regex, subst, all);
    }

    /** sed's {@code s/REGEX/SUBST/[g]}: {@code \0}..{@code \9} in SUBST insert the match and its groups. */
    private static boolean regsub(final SampleContext ctx, final Sample s, final Regexes regex, final byte[] subst,
                                  final boolean global) {
        final ByteBuffer o = ctx.scratch().next();
        final Matcher m = regex.matcher(ctx.scratch(), ctx.scratch().chars(s));
        final ByteBuffer in = s.buffer();
        final int base = s.offset();
        int copied = 0;
        int from = 0;
        while (from <= s.length() && m.find(from)) {
            put(o, in, base + copied, m.start() - copied);
            for (int i = 0; i < subst.length; i++) {
                final byte c = subst[i];
                if (c == '\\' && i + 1 < subst.length && subst[i + 1] >= '0' && subst[i + 1] <= '9') {
                    final int g = subst[++i] - '0';
                    if (g <= m.groupCount() && m.start(g) >= 0) {
                        put(o, in, base + m.start(g), m.end(g) - m.start(g));
                    }
                } else if (o.hasRemaining()) {
                    o.put(c);
                }
            }
            copied = m.end();
            if (m.end() == m.start()) {
                if (m.end() < s.length() && o.hasRemaining()) {
                    o.put(in.get(base + m.end()));
                }
                copied = m.end() + 1;
            }
            from = copied;
            if (!global) {
                break;
            }
        }
        if (copied < s.length()) {
            put(o, in, base + copied, s.length() - copied);
        }
        return s.setBytes(SampleType.STR, o) != null;
    }

    private static void put(final ByteBuffer o, final ByteBuffer in, final int at, final int length) {
        final int n = Math.min(length, o.remaining());
        if (n > 0) {
            o.put(o.position(), in, at, n);
            o.position(o.position() + n);
        }
    }
}
