package dev.baton.sample.conv;

import dev.baton.sample.Args;
import dev.baton.sample.Converter;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleText;
import dev.baton.sample.SampleType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.LongBinaryOperator;

/**
 * Integer converters: {@code add}, {@code sub}, {@code mul}, {@code div}, {@code mod}, {@code and}, {@code or},
 * {@code xor} (an integer argument or a variable's name), {@code neg}, {@code not}, {@code cpl},
 * {@code bool}, {@code odd}, {@code even}; and {@code ipmask(MASK4[,MASK6])}. Division or modulo by zero gives
 * HAProxy's results (the largest integer, or 0).
 */
public final class ArithmeticConverters {
    private ArithmeticConverters() {
    }

    public static void register(final SampleRegistry r) {
        binary(r, "add", (x, y) -> x + y);
        binary(r, "sub", (x, y) -> x - y);
        binary(r, "mul", (x, y) -> x * y);
        binary(r, "div", (x, y) -> y == 0 ? Long.MAX_VALUE : x / y);
        binary(r, "mod", (x, y) -> y == 0 ? 0 : x % y);
        binary(r, "and", (x, y) -> x & y);
        binary(r, "or", (x, y) -> x | y);
        binary(r, "xor", (x, y) -> x ^ y);
        r.converter("neg", SampleType.SINT, SampleType.SINT, 0, 0, a -> (ctx, s) -> s.setInt(-s.number()) != null);
        r.converter("cpl", SampleType.SINT, SampleType.SINT, 0, 0, a -> (ctx, s) -> s.setInt(~s.number()) != null);
        r.converter("not", SampleType.BOOL, SampleType.BOOL, 0, 0, a -> (ctx, s) -> s.setBool(!s.bool()) != null);
        r.converter("bool", SampleType.SINT, SampleType.BOOL, 0, 0, a -> (ctx, s) -> s.setBool(s.number() != 0)
            != null);
        r.converter("odd", SampleType.SINT, SampleType.BOOL, 0, 0, a -> (ctx, s) -> s.setBool((s.number() & 1) != 0)
            != null);
        r.converter("even", SampleType.SINT, SampleType.BOOL, 0, 0, a -> (ctx, s) -> s.setBool((s.number() & 1) == 0)
            != null);
        r.converter("ipmask", SampleType.ADDR, SampleType.ADDR, 1, 2, ArithmeticConverters::ipmask);
    }

    /**
     * {@code name(INT)} or {@code name(VAR)}: with a variable, its value read per evaluation and cast to an integer;
     * none, or one that does not cast, and the conversion fails, as in HAProxy.
     */
    private static void binary(final SampleRegistry r, final String name, final LongBinaryOperator op) {
        r.converter(name, SampleType.SINT, SampleType.SINT, 1, 1, a -> {
            final String arg = a.required(0, "integer or variable name");
            long parsed = 0;
            dev.baton.sample.vars.VarName var = null;
            try {
                parsed = Long.parseLong(arg.trim());
            } catch (final NumberFormatException e) {
                var = dev.baton.sample.vars.VarNames.resolve(arg);
            }
            final long value = parsed;
            if (var == null) {
                return (ctx, s) -> s.setInt(op.applyAsLong(s.number(), value)) != null;
            }
            final dev.baton.sample.vars.VarName v = var;
            return (ctx, s) -> {
                final dev.baton.sample.Sample side = ctx.scratch().side;
                return dev.baton.sample.vars.Vars.read(ctx, v, side, SampleType.SINT)
                    && s.setInt(op.applyAsLong(s.number(), side.number())) != null;
            };
        });
    }

    private static Converter ipmask(final Args a) {
        final byte[] v4 = mask(a.required(0, "ipv4 mask"), 4);
        final byte[] v6 = a.has(1) ? mask(a.str(1), 16) : null;
        return (ctx, s) -> {
            if (s.type() == SampleType.IPV4) {
                return s.setIpv4(s.ipv4Int() & ((v4[0] & 0xff) << 24 | (v4[1] & 0xff) << 16 | (v4[2] & 0xff) << 8
                    | v4[3] & 0xff)) != null;
            }
            if (v6 == null) {
                return false;
            }
            final byte[] addr = s.address();
            for (int i = 0; i < 16; i++) {
                addr[i] &= v6[i];
            }
            return true;
        };
    }

    /** A mask in CIDR form (a bit count) or address form, as {@code size} bytes. */
    private static byte[] mask(final String text, final int size) {
        final byte[] out = new byte[size];
        try {
            final int bits = Integer.parseInt(text.trim());
            if (bits < 0 || bits > size * 8) {
                throw new SampleException("invalid mask '" + text + "'");
            }
            for (int i = 0; i < bits; i++) {
                out[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
            return out;
        } catch (final NumberFormatException e) {
            final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            final ByteBuffer b = ByteBuffer.wrap(bytes);
            final boolean ok = size == 4 ? SampleText.parseIpv4(b, 0, bytes.length, out)
                : SampleText.parseIpv6(b, 0, bytes.length, out);
            if (!ok) {
                throw new SampleException("invalid mask '" + text + "'", e);
            }
            return out;
        }
    }
}
