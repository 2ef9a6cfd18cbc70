package dev.baton.sample.conv;

import dev.baton.sample.Args;
import dev.baton.sample.Converter;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleText;
import dev.baton.sample.SampleType;
import dev.baton.sample.match.KeyIndex;
import dev.baton.sample.match.MatchMethod;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * HAProxy's map converters, {@code map_<match>[_<output>](FILE[,DEFAULT])}: the input is looked up among the keys of
 * map FILE (read at load: one {@code KEY VALUE} a line, {@code #} comments and empty lines skipped, the value the rest
 * of the line) with match {@code str} (also plain {@code map}), {@code beg}, {@code end}, {@code sub}, {@code dir},
 * {@code dom}, {@code reg}, {@code ip} or {@code int}, and gives the value as a string, or as an integer
 * ({@code _int}) or an address ({@code _ip}); DEFAULT when no key matches (no sample without one). Lookups follow
 * {@link KeyIndex}: O(1) for {@code str}, the key's length for {@code beg}/{@code end}, ≤ 33 binary searches for
 * {@code ip}. Map files are read on the configuration thread.
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
        final List<String> keys = new ArrayList<>();
        final List<String> values = new ArrayList<>();
        read(file, keys, values);
        final KeyIndex index = KeyIndex.of(method, false, keys);
        if (a.has(1)) {
            values.add(a.str(1));
        }
        final int fallback = a.has(1) ? values.size() - 1 : -1;
        final Value[] typed = new Value[values.size()];
        final ByteBuffer text = ByteBuffer.wrap(String.join("", values).getBytes(StandardCharsets.UTF_8));
        int at = 0;
        for (int i = 0; i < typed.length; i++) {
            final byte[] b = values.get(i).getBytes(StandardCharsets.UTF_8);
            typed[i] = value(values.get(i), out, at, b.length, i == fallback ? "default value" : file);
            at += b.length;
        }
        return (ctx, s) -> {
            if (!s.cast(method.input(), ctx.scratch())) {
                return false;
            }
            int found = index.find(s, ctx.scratch());
            if (found < 0) {
                found = fallback;
            }
            if (found < 0) {
                return false;
            }
            final Value v = typed[found];
            if (out == SampleType.STR) {
                return s.setString(text, v.offset, v.length) != null;
            }
            if (out == SampleType.SINT) {
                return s.setInt(v.number) != null;
            }
            return s.setAddress(v.address) != null;
        };
    }

    /** A value as the converter gives it: its bytes' place in the shared text, its integer, its address. */
    private record Value(int offset, int length, long number, byte[] address) {
    }

    private static Value value(final String text, final SampleType out, final int offset, final int length,
                               final String where) {
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

    private static void read(final String file, final List<String> keys, final List<String> values) {
        final List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (final IOException | RuntimeException e) {
            throw new SampleException("failed to load map file '" + file + "'", e);
        }
        for (final String raw : lines) {
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '\t') {
                end++;
            }
            keys.add(line.substring(0, end));
            values.add(line.substring(end).strip());
        }
    }
}
