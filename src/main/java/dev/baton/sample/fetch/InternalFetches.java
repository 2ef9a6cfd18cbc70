package dev.baton.sample.fetch;

import dev.baton.sample.SampleException;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleText;
import dev.baton.sample.SampleType;
import dev.baton.sample.Uses;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fetches that read no message: constants ({@code str}, {@code int}, {@code bool}, {@code ipv4}, {@code ipv6},
 * {@code always_true}, {@code always_false}), the environment ({@code env}, {@code hostname}) read at load, and
 * {@code date([OFFSET[,UNIT]])}, {@code rand([RANGE])}, {@code uuid([4])}.
 */
public final class InternalFetches {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private InternalFetches() {
    }

    public static void register(final SampleRegistry r) {
        r.fetch("always_true", SampleType.BOOL, Uses.INTERNAL, 0, 0, a -> (ctx, out) -> out.setBool(true) != null);
        r.fetch("always_false", SampleType.BOOL, Uses.INTERNAL, 0, 0, a -> (ctx, out) -> out.setBool(false) != null);
        r.fetch("str", SampleType.STR, Uses.INTERNAL, 1, 1, a -> constant(a.str(0)));
        r.fetch("int", SampleType.SINT, Uses.INTERNAL, 1, 1, a -> {
            final long v = a.integer(0);
            return (ctx, out) -> out.setInt(v) != null;
        });
        r.fetch("bool", SampleType.BOOL, Uses.INTERNAL, 1, 1, a -> {
            final boolean v = constantBool(a.str(0));
            return (ctx, out) -> out.setBool(v) != null;
        });
        r.fetch("ipv4", SampleType.IPV4, Uses.INTERNAL, 1, 1, a -> address(a.str(0), 4));
        r.fetch("ipv6", SampleType.IPV6, Uses.INTERNAL, 1, 1, a -> address(a.str(0), 16));
        r.fetch("env", SampleType.STR, Uses.INTERNAL, 1, 1, a -> {
            final String value = System.getenv(a.required(0, "string"));
            if (value == null) {
                return (ctx, out) -> false;
            }
            return constant(value);
        });
        r.fetch("hostname", SampleType.STR, Uses.INTERNAL, 0, 0, a -> constant(hostname()));
        r.fetch("date", SampleType.SINT, Uses.INTERNAL, 0, 2, a -> {
            final long offset = a.integer(0, 0);
            final String unit = a.str(1, "s");
            final long scale = switch (unit) {
                case "s" -> 1;
                case "ms" -> 1_000;
                case "us" -> 1_000_000;
                default -> throw new SampleException("expects 's', 'ms' or 'us', got '" + unit + "'");
            };
            return (ctx, out) -> {
                final long nowMs = System.currentTimeMillis();
                final long now = scale == 1 ? nowMs / 1000 : scale == 1000 ? nowMs : nowMs * 1000;
                return out.setInt(now + offset) != null;
            };
        });
        r.fetch("rand", SampleType.SINT, Uses.INTERNAL, 0, 1, a -> {
            final long range = a.integer(0, 0x100000000L);
            if (range <= 0) {
                throw new SampleException("range must be positive");
            }
            return (ctx, out) -> out.setInt(ThreadLocalRandom.current().nextLong(range)) != null;
        });
        r.fetch("uuid", SampleType.STR, Uses.INTERNAL, 0, 1, a -> {
            if (a.integer(0, 4) != 4) {
                throw new SampleException("Unsupported UUID version: '" + a.str(0) + "'");
            }
            return (ctx, out) -> {
                final ByteBuffer b = ctx.scratch().next();
                final ThreadLocalRandom rnd = ThreadLocalRandom.current();
                final long hi = rnd.nextLong() & 0xffffffffffff0fffL | 0x4000L;
                final long lo = rnd.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L;
                hex(b, hi >>> 32, 8);
                b.put((byte) '-');
                hex(b, hi >>> 16, 4);
                b.put((byte) '-');
                hex(b, hi, 4);
                b.put((byte) '-');
                hex(b, lo >>> 48, 4);
                b.put((byte) '-');
                hex(b, lo, 12);
                return out.setBytes(SampleType.STR, b) != null;
            };
        });
    }

    private static void hex(final ByteBuffer b, final long v, final int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            b.put(HEX[(int) (v >>> (i * 4)) & 0xf]);
        }
    }

    /** A fetch that always gives {@code text} (a read-only buffer made once, read with absolute gets). */
    static dev.baton.sample.Fetch constant(final String text) {
        final ByteBuffer value = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        final int length = value.limit();
        return (ctx, out) -> out.setString(value, 0, length) != null;
    }

    /** {@code bool(ARG)}: as HAProxy, {@code true}/{@code 1} or {@code false}/{@code 0}, in any case. */
    private static boolean constantBool(final String text) {
        if (text.equalsIgnoreCase("true") || text.equals("1")) {
            return true;
        }
        if (text.equalsIgnoreCase("false") || text.equals("0")) {
            return false;
        }
        throw new SampleException("Expects 'true', 'false', '0' or '1'");
    }

    private static dev.baton.sample.Fetch address(final String text, final int size) {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        final byte[] addr = new byte[size];
        final ByteBuffer b = ByteBuffer.wrap(bytes);
        final boolean ok = size == 4 ? SampleText.parseIpv4(b, 0, bytes.length, addr)
            : SampleText.parseIpv6(b, 0, bytes.length, addr);
        if (!ok) {
            throw new SampleException("failed to parse '" + text + "' as type '" + (size == 4 ? "ipv4" : "ipv6")
                + "' at position 1");
        }
        return (ctx, out) -> out.setAddress(addr) != null;
    }

    /** The host name as {@code gethostname()} gives it. */
    public static String hostname() {
        try {
            final String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (final java.io.IOException | SecurityException e) {
            // fall back to the environment below
        }
        final String env = System.getenv("HOSTNAME");
        return env != null ? env : "";
    }
}
