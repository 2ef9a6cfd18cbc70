package dev.baton.sample.conv;

import dev.baton.sample.Args;
import dev.baton.sample.Converter;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleText;
import dev.baton.sample.SampleType;
import dev.baton.sample.Scratch;
import dev.baton.sample.match.KeyIndex;
import dev.baton.sample.match.LivePatterns;
import dev.baton.sample.match.MatchMethod;
import dev.baton.sample.match.PatternRef;
import dev.baton.sample.match.PatternRefs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HAProxy's map converters, {@code map_<match>[_<output>](FILE[,DEFAULT])}: the input is looked up among the keys of
 * map FILE (read at load: one {@code KEY VALUE} a line, {@code #} comments and empty lines skipped, the value the rest
 * of the line) with match {@code str} (also plain {@code map}), {@code beg}, {@code end}, {@code sub}, {@code dir},
 * {@code dom}, {@code reg}, {@code ip} or {@code int}, and gives the value as a string, or as an integer
 * ({@code _int}) or an address ({@code _ip}); DEFAULT when no key matches (no sample without one). Lookups follow
 * {@link KeyIndex}: O(1) for {@code str}, the key's length for {@code beg}/{@code end}, ≤ 33 binary searches for
 * {@code ip}. Map files are read on the configuration thread, once per file ({@link PatternRefs}); the runtime API's
 * map commands change them afterwards, and each converter then reads a new snapshot (one volatile read per lookup).
 */
public final class MapConverters {
    private static final MatchMethod[] METHODS = {MatchMethod.STR, MatchMethod.BEG, MatchMethod.END,
        MatchMethod.SUB, MatchMethod.DIR, MatchMethod.DOM, MatchMethod.REG, MatchMethod.IP, MatchMethod.INT};

    private MapConverters() {
    }

    public static void register(final SampleRegistry r) {
        for (final MatchMethod m : METHODS) {
            final SampleType in = m == MatchMethod.IP ? SampleType.ADDR : m == MatchMethod.INT ? SampleType.SINT
                : SampleType.STR;
            r.converter("map_" + m.text(), in, SampleType.STR, 1, 2, a -> map(a, m, SampleType.STR));
            r.converter("map_" + m.text() + "_str", in, SampleType.STR, 1, 2, a -> map(a, m, SampleType.STR));
            r.converter("map_" + m.text() + "_int", in, SampleType.SINT, 1, 2, a -> map(a, m, SampleType.SINT));
            r.converter("map_" + m.text() + "_ip", in, SampleType.ADDR, 1, 2, a -> map(a, m, SampleType.ADDR));
        }
        r.converter("map", SampleType.STR, SampleType.STR, 1, 2, a -> map(a, MatchMethod.STR, SampleType.STR));
    }

    private static Converter map(final Args a, final MatchMethod method, final SampleType out) {
        final String file = a.required(0, "map file");
        final String fallback = a.has(1) ? a.str(1) : null;
        if (fallback != null) {
            value(fallback, out, "default value");
        }
        final PatternRefs refs = PatternRefs.loading();
        final MapUser user = new MapUser(method, out, fallback, file, refs.where());
        refs.file(file, true).attach(user);
        return (ctx, s) -> {
            if (!s.cast(method.input(), ctx.scratch())) {
                return false;
            }
            final Snapshot snap = user.snapshot;
            int found = snap.index.find(s, ctx.scratch());
            if (found < 0) {
                found = snap.fallback;
            }
            if (found < 0) {
                return false;
            }
            final Value v = snap.typed[found];
            if (out == SampleType.STR) {
                return s.setString(snap.text, v.offset, v.length) != null;
            }
            if (out == SampleType.SINT) {
                return s.setInt(v.number) != null;
            }
            return s.setAddress(v.address) != null;
        };
    }

    /**
     * A map's keys compiled for one converter, and its values typed for its output, the default value last: replaced
     * whole when the runtime API changes the map.
     */
    private record Snapshot(KeyIndex index, Value[] typed, ByteBuffer text, int fallback, List<String> keys,
                            List<String> values) {
    }

    /** One map converter as a user of its file's {@link PatternRef}: publishes a new snapshot after each change. */
    private static final class MapUser implements PatternRef.User {
        private final MatchMethod method;
        private final SampleType out;
        private final String fallback;
        private final String file;
        private final String where;
        volatile Snapshot snapshot;

        MapUser(final MatchMethod method, final SampleType out, final String fallback, final String file,
                final String where) {
            this.method = method;
            this.out = out;
            this.fallback = fallback;
            this.file = file;
            this.where = where;
        }

        @Override
        public void rebuild(final List<PatternRef.Entry> visible) {
            snapshot = compile(visible);
        }

        @Override
        public void check(final List<PatternRef.Entry> entries) {
            compile(entries);
        }

        private Snapshot compile(final List<PatternRef.Entry> entries) {
            final List<String> keys = new ArrayList<>();
            final List<String> values = new ArrayList<>();
            for (final PatternRef.Entry e : entries) {
                keys.add(e.key());
                values.add(e.value());
            }
            final KeyIndex index = KeyIndex.of(method, false, keys);
            final List<String> all = new ArrayList<>(values);
            if (fallback != null) {
                all.add(fallback);
            }
            final Value[] typed = new Value[all.size()];
            final ByteBuffer text = ByteBuffer.wrap(String.join("", all).getBytes(StandardCharsets.UTF_8));
            int at = 0;
            for (int i = 0; i < typed.length; i++) {
                final byte[] b = all.get(i).getBytes(StandardCharsets.UTF_8);
                typed[i] = value(all.get(i), out, fallback != null && i == typed.length - 1 ? "default value" : file)
                    .at(at, b.length);
                at += b.length;
            }
            return new Snapshot(index, typed, text, fallback != null ? typed.length - 1 : -1, keys, values);
        }

        @Override
        public String kind() {
            return "map";
        }

        @Override
        public String where() {
            return where;
        }

        /** HAProxy's {@code get map} line: method, case, whether a key matched, which, and its value. */
        @Override
        public String lookup(final String value) {
            final Snapshot snap = snapshot;
            final StringBuilder b = new StringBuilder("type=").append(method.text()).append(", case=sensitive");
            final Scratch scratch = new Scratch();
            final Sample s = LivePatterns.textSample(value, method, scratch);
            final int found = s != null ? snap.index.find(s, scratch) : -1;
            if (found < 0) {
                return b.append(", found=no").toString();
            }
            return b.append(", found=yes, idx=").append(method.indexName()).append(", key=\"")
                .append(snap.keys.get(found))
                .append("\", value=\"").append(snap.values.get(found)).append("\", type=\"")
                .append(out == SampleType.SINT ? "sint" : out == SampleType.ADDR ? "ip" : "str").append('"')
                .toString();
        }
    }

    /** A value as the converter gives it: its bytes' place in the shared text, its integer, its address. */
    private record Value(int offset, int length, long number, byte[] address) {
        Value at(final int newOffset, final int newLength) {
            return new Value(newOffset, newLength, number, address);
        }
    }

    /** {@code text} typed for {@code out}; a value that is not one throws, naming {@code where} it came from. */
    private static Value value(final String text, final SampleType out, final String where) {
        final int offset = 0;
        final int length = 0;
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (out == SampleType.SINT) {
            final long n = SampleText.parseLong(ByteBuffer.wrap(bytes), 0, bytes.length);
            if (n == SampleText.NOT_A_NUMBER) {
                throw new SampleException("'" + text + "' in " + where + " is not an integer");
            }
            return new Value(offset, length, n, null);
        }
        if (out == SampleType.ADDR) {
            final byte[] v4 = new byte[4];
            if (SampleText.parseIpv4(ByteBuffer.wrap(bytes), 0, bytes.length, v4)) {
                return new Value(offset, length, 0, v4);
            }
            final byte[] v6 = new byte[16];
            if (SampleText.parseIpv6(ByteBuffer.wrap(bytes), 0, bytes.length, v6)) {
                return new Value(offset, length, 0, v6);
            }
            throw new SampleException("'" + text + "' in " + where + " is not an IPv4 or IPv6 address");
        }
        return new Value(offset, length, 0, null);
    }
}
