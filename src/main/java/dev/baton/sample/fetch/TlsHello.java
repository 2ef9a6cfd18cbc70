package dev.baton.sample.fetch;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;

import java.nio.ByteBuffer;

/**
 * Reads a TLS ClientHello in place, in the bytes a tcp stream holds before any TLS engine sees them, with the checks
 * HAProxy 2.6 makes in its payload fetches ({@code req.ssl_hello_type}, {@code req.ssl_ver}, {@code req.ssl_sni},
 * {@code req.ssl_alpn}, {@code req.ssl_ec_ext}, {@code req.ssl_st_ext}). Too few bytes to decide report
 * {@link SampleContext#mayChange()}; anything that is not a well-formed hello finds no value. Offsets only: unlike
 * {@code dev.baton.tls.ClientHello} (which picks a certificate once per handshake and keeps the name), nothing is
 * allocated, so rules may evaluate these on every read. Stateless.
 */
final class TlsHello {
    static final int SNI = 0;
    static final int EC_POINT_FORMATS = 11;
    static final int ALPN = 16;
    static final int SESSION_TICKET = 35;

    /** {@link #extensions} results besides a position. */
    private static final long SHORT = -2;
    private static final long NOT_HELLO = -1;

    private TlsHello() {
    }

    /** {@code ssl_hello_type}: the handshake type of a whole handshake message in the first record. */
    static boolean helloType(final SampleContext ctx, final Sample out, final boolean response) {
        final ByteBuffer b = ctx.payload(response);
        if (b == null) {
            return false;
        }
        final int held = b.position();
        if (held == 0) {
            return tooShort(ctx);
        }
        final int type = u8(b, 0);
        if (!(type >= 0x14 && type <= 0x17 || type == 0xFF)) {
            return false;
        }
        if (held < 9) {
            return tooShort(ctx);
        }
        if ((u8(b, 1) << 16) + u8(b, 2) < 0x30000 || u16(b, 3) < 4) {
            return false;
        }
        final int hsLen = u8(b, 6) << 16 | u16(b, 7);
        if (held < 9 + hsLen) {
            return tooShort(ctx);
        }
        return out.setInt(u8(b, 5)) != null;
    }

    /**
     * {@code req.ssl_ver}: the version the client offers, major in bits 16+ and minor below (TLS 1.2 is 0x30003),
     * from an SSLv3-format record (the hello's version, not the record's) or an SSLv2 hello, once whole.
     */
    static boolean version(final SampleContext ctx, final Sample out) {
        final ByteBuffer b = ctx.payload(false);
        if (b == null) {
            return false;
        }
        final int held = b.position();
        if (held == 0) {
            return tooShort(ctx);
        }
        final int first = u8(b, 0);
        final int version;
        final int need;
        if (first >= 0x14 && first <= 0x17 || first == 0xFF) {
            if (held < 11) {
                return tooShort(ctx);
            }
            final int msgLen = u16(b, 3);
            if ((u8(b, 1) << 16) + u8(b, 2) < 0x30000 || msgLen < 6 || msgLen > (1 << 14) + 2048) {
                return false;
            }
            version = (u8(b, 9) << 16) + u8(b, 10);
            need = 5 + msgLen;
        } else {
            final int header = (first & 0x80) != 0 ? 2 : 3;
            if (held < header + 1) {
                return tooShort(ctx);
            }
            final int recordLen = header == 2 ? (first & 0x7F) << 8 | u8(b, 1) : (first & 0x3F) << 8 | u8(b, 1);
            final int pad = header == 2 ? 0 : u8(b, 2);
            if (u8(b, header) != 1) {
                return false;
            }
            final int at = header + 1;
            if (held < at + 8) {
                return tooShort(ctx);
            }
            version = (u8(b, at) << 16) + u8(b, at + 1);
            final int ciphers = u16(b, at + 2);
            final int session = u16(b, at + 4);
            final int challenge = u16(b, at + 6);
            if (ciphers % 3 != 0 || session != 0 && session != 16 || challenge < 16 || challenge > 32
                || recordLen != 9 + ciphers + session + challenge) {
                return false;
            }
            need = at + 8 + ciphers + session + challenge + pad;
        }
        if (held < Math.min(need, b.capacity())) {
            return tooShort(ctx);
        }
        return out.setInt(version) != null;
    }

    /**
     * The ClientHello extension {@code type}: SNI gives the host name, ALPN each protocol name in turn (the first when
     * one value is asked), EC point formats true when present, session ticket 1 when present and 2 when it carries a
     * ticket (0 when absent from a whole hello).
     */
    static boolean extension(final SampleContext ctx, final Sample out, final int type) {
        final ByteBuffer b = ctx.payload(false);
        if (b == null) {
            return false;
        }
        final long range = extensions(b);
        if (range == SHORT) {
            return tooShort(ctx);
        }
        if (range == NOT_HELLO) {
            return false;
        }
        int p = (int) (range >>> 32);
        final int end = (int) range;
        while (end - p >= 4) {
            final int extType = u16(b, p);
            final int extLen = u16(b, p + 2);
            if (extLen > end - p - 4) {
                return false;
            }
            if (extType == type) {
                return value(b, out, type, p + 4, extLen);
            }
            p += 4 + extLen;
        }
        if (type == SESSION_TICKET) {
            return out.setInt(0) != null;
        }
        return type == EC_POINT_FORMATS && out.setBool(false) != null;
    }

    private static boolean value(final ByteBuffer b, final Sample out, final int type, final int data, final int len) {
        switch (type) {
            case SNI: {
                if (len < 2) {
                    return false;
                }
                final int listLen = u16(b, data);
                if (listLen < 4 || listLen > len - 2 || u8(b, data + 2) != 0) {
                    return false;
                }
                final int nameLen = u16(b, data + 3);
                return nameLen <= listLen - 3 && out.setString(b, data + 5, nameLen) != null;
            }
            case ALPN: {
                if (len < 3) {
                    return false;
                }
                // iterB: the offset of the next name within the extension, 0 on the first call
                final int at = out.iterB == 0 ? 2 : out.iterB;
                final int nameLen = u8(b, data + at);
                if (at + 1 + nameLen > len) {
                    return false;
                }
                final int next = at + 1 + nameLen;
                out.more(out.iterate() && next < len);
                out.iterB = next;
                return out.setString(b, data + at + 1, nameLen) != null;
            }
            case SESSION_TICKET:
                return out.setInt(len > 0 ? 2 : 1) != null;
            default:
                return out.setBool(true) != null;
        }
    }

    /**
     * Where the extensions of a whole ClientHello at the start of {@code b} lie: (start &lt;&lt; 32 | end), or
     * {@link #SHORT} while bytes are missing, {@link #NOT_HELLO} for anything else.
     */
    private static long extensions(final ByteBuffer b) {
        final int held = b.position();
        if (held == 0) {
            return SHORT;
        }
        if (u8(b, 0) != 0x16) {
            return NOT_HELLO;
        }
        if (held < 3) {
            return SHORT;
        }
        if (u8(b, 1) < 3) {
            return NOT_HELLO;
        }
        if (held < 5) {
            return SHORT;
        }
        final int minimum = 2 + 32 + 1 + 2 + 2 + 1 + 1 + 2 + 2;
        if (u16(b, 3) < 4 + minimum) {
            return NOT_HELLO;
        }
        if (held < 6) {
            return SHORT;
        }
        if (u8(b, 5) != 1) {
            return NOT_HELLO;
        }
        if (held < 9) {
            return SHORT;
        }
        final int hsLen = u8(b, 6) << 16 | u16(b, 7);
        if (hsLen < minimum) {
            return NOT_HELLO;
        }
        if (held < 9 + hsLen) {
            return hsLen + 9 > b.capacity() ? NOT_HELLO : SHORT;
        }
        int p = 9;
        if (u8(b, p) < 3 || u8(b, p + 1) < 1) {
            return NOT_HELLO; // TLS 1.0 at least
        }
        int left = hsLen;
        final int session = u8(b, p + 34);
        if (session > 32 || session > left - 35) {
            return NOT_HELLO;
        }
        left -= 35 + session;
        p += 35 + session;
        final int suites = u16(b, p);
        if (left < 4 || suites < 2 || suites > left) {
            return NOT_HELLO;
        }
        left -= 2 + suites;
        p += 2 + suites;
        final int methods = left < 2 ? 0 : u8(b, p);
        if (left < 2 || methods < 1 || methods > left) {
            return NOT_HELLO;
        }
        left -= 1 + methods;
        p += 1 + methods;
        if (left < 2) {
            return NOT_HELLO;
        }
        final int extLen = u16(b, p);
        if (extLen > left - 2) {
            return NOT_HELLO;
        }
        return (long) (p + 2) << 32 | (p + 2 + extLen);
    }

    private static boolean tooShort(final SampleContext ctx) {
        ctx.mayChange();
        return false;
    }

    private static int u8(final ByteBuffer b, final int at) {
        return b.get(at) & 0xFF;
    }

    private static int u16(final ByteBuffer b, final int at) {
        return (b.get(at) & 0xFF) << 8 | (b.get(at + 1) & 0xFF);
    }
}
