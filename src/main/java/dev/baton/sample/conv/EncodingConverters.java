package dev.baton.sample.conv;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encoding converters: {@code hex}, {@code base64}, {@code b64dec}, {@code url_dec([IN_FORM])},
 * {@code url_enc([query])} ({@code json} is {@link JsonConverter}). Output to a scratch buffer; an output that
 * does not fit fails the conversion, as in HAProxy.
 */
public final class EncodingConverters {
    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_LOWER = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] B64 =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);
    private static final int[] B64_VALUE = new int[256];

    static {
        java.util.Arrays.fill(B64_VALUE, -1);
        for (int i = 0; i < B64.length; i++) {
            B64_VALUE[B64[i]] = i;
        }
    }

    private EncodingConverters() {
    }

    public static void register(final SampleRegistry r) {
        r.converter("hex", SampleType.BIN, SampleType.STR, 0, 0, a -> EncodingConverters::hex);
        r.converter("base64", SampleType.BIN, SampleType.STR, 0, 0, a -> EncodingConverters::base64);
        r.converter("b64dec", SampleType.STR, SampleType.BIN, 0, 0, a -> EncodingConverters::b64dec);
        r.converter("url_dec", SampleType.STR, SampleType.STR, 0, 1, a -> {
            final boolean form = a.integer(0, 0) != 0;
            return (ctx, s) -> urlDecode(ctx, s, form);
        });
        r.converter("url_enc", SampleType.STR, SampleType.STR, 0, 1, a -> {
            if (a.has(0) && !a.str(0).equals("query")) {
                throw new SampleException("Unexpected encode type. Allowed value is 'query'");
            }
            return EncodingConverters::urlEncode;
        });
        JsonConverter.register(r);
    }

    /** Two hex digits per byte, upper case (HAProxy's {@code hex}). */
    static boolean hex(final SampleContext ctx, final Sample s) {
        final ByteBuffer o = ctx.scratch().next();
        if (s.length() * 2 > o.capacity()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            final int c = s.byteAt(i) & 0xff;
            o.put(HEX_UPPER[c >>> 4]).put(HEX_UPPER[c & 0xf]);
        }
        return s.setBytes(SampleType.STR, o) != null;
    }

    /** Lower-case hex of {@code bytes[0..n)} (digests). */
    static boolean hexLower(final ByteBuffer o, final byte[] bytes, final int n) {
        for (int i = 0; i < n; i++) {
            o.put(HEX_LOWER[(bytes[i] & 0xff) >>> 4]).put(HEX_LOWER[bytes[i] & 0xf]);
        }
        return true;
    }

    private static boolean base64(final SampleContext ctx, final Sample s) {
        final ByteBuffer o = ctx.scratch().next();
        final int n = s.length();
        if ((n + 2) / 3 * 4 > o.capacity()) {
            return false;
        }
        for (int i = 0; i < n; i += 3) {
            final int b0 = s.byteAt(i) & 0xff;
            final int b1 = i + 1 < n ? s.byteAt(i + 1) & 0xff : 0;
            final int b2 = i + 2 < n ? s.byteAt(i + 2) & 0xff : 0;
            o.put(B64[b0 >>> 2]).put(B64[(b0 & 3) << 4 | b1 >>> 4]);
            o.put(i + 1 < n ? B64[(b1 & 0xf) << 2 | b2 >>> 6] : (byte) '=');
            o.put(i + 2 < n ? B64[b2 & 0x3f] : (byte) '=');
        }
        return s.setBytes(SampleType.STR, o) != null;
    }

    private static boolean b64dec(final SampleContext ctx, final Sample s) {
        final ByteBuffer o = ctx.scratch().next();
        int acc = 0;
        int bits = 0;
        for (int i = 0; i < s.length(); i++) {
            final int c = s.byteAt(i) & 0xff;
            if (c == '=') {
                break;
            }
            final int v = B64_VALUE[c];
            if (v < 0) {
                return false;
            }
            acc = acc << 6 | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                if (!o.hasRemaining()) {
                    return false;
                }
                o.put((byte) (acc >>> bits));
            }
        }
        return s.setBytes(SampleType.BIN, o) != null;
    }

    private static boolean urlDecode(final SampleContext ctx, final Sample s, final boolean form) {
        final ByteBuffer o = ctx.scratch().next();
        boolean query = form;
        final int n = Math.min(s.length(), o.capacity());
        for (int i = 0; i < n; i++) {
            final byte c = s.byteAt(i);
            if (c == '?') {
                query = true;
                o.put(c);
            } else if (c == '+' && query) {
                o.put((byte) ' ');
            } else if (c == '%') {
                if (i + 2 >= s.length()) {
                    return false;
                }
                final int hi = Character.digit(s.byteAt(i + 1), 16);
                final int lo = Character.digit(s.byteAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return false;
                }
                o.put((byte) (hi << 4 | lo));
                i += 2;
            } else {
                o.put(c);
            }
        }
        return s.setBytes(SampleType.STR, o) != null;
    }

    private static boolean urlEncode(final SampleContext ctx, final Sample s) {
        final ByteBuffer o = ctx.scratch().next();
        for (int i = 0; i < s.length(); i++) {
            final int c = s.byteAt(i) & 0xff;
            final boolean keep = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
                || c == '.' || c == '_' || c == '~';
            if (o.remaining() < (keep ? 1 : 3)) {
                return false;
            }
            if (keep) {
                o.put((byte) c);
            } else {
                o.put((byte) '%').put(HEX_UPPER[c >>> 4]).put(HEX_UPPER[c & 0xf]);
            }
        }
        return s.setBytes(SampleType.STR, o) != null;
    }
}
