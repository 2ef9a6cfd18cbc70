package dev.baton.sample.fetch;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;

import java.nio.ByteBuffer;

/**
 * The RDP cookie of a Remote Desktop connection request, read in place from the bytes a tcp stream holds as HAProxy
 * 2.6 reads it: after the 11 bytes of the TPKT and X.224 headers, a line {@code Cookie: NAME=VALUE\r\n} (the name
 * compared without case; any name when none is asked). Stateless, allocation-free.
 */
final class RdpCookie {
    static final int FOUND = 1;
    static final int ABSENT = 0;
    /** Too few bytes yet (reported to {@link SampleContext#mayChange()}). */
    static final int SHORT = -1;

    private static final byte[] COOKIE = {'c', 'o', 'o', 'k', 'i', 'e', ':'};

    private RdpCookie() {
    }

    /** Looks for the cookie {@code name} (empty: any); FOUND puts its value in {@code out}. */
    static int fetch(final SampleContext ctx, final Sample out, final byte[] name) {
        final ByteBuffer b = ctx.payload(false);
        if (b == null) {
            return ABSENT;
        }
        final int held = b.position();
        int p = 11;
        if (held - p <= COOKIE.length) {
            return tooShort(ctx);
        }
        for (int i = 0; i < COOKIE.length; i++) {
            if (lower(b.get(p + i)) != COOKIE[i]) {
                return ABSENT;
            }
        }
        p += COOKIE.length;
        while (p < held && b.get(p) == ' ') {
            p++;
        }
        if (name.length > 0) {
            if (held - p <= name.length) {
                return tooShort(ctx);
            }
            if (b.get(p + name.length) != '=') {
                return ABSENT;
            }
            for (int i = 0; i < name.length; i++) {
                if (lower(b.get(p + i)) != lower(name[i])) {
                    return ABSENT;
                }
            }
            p += name.length + 1;
        } else {
            while (p < held && b.get(p) != '=') {
                if (b.get(p) == '\r' || b.get(p) == '\n') {
                    return ABSENT;
                }
                p++;
            }
            if (p >= held) {
                return tooShort(ctx);
            }
            p++;
        }
        final int start = p;
        while (p < held && b.get(p) != '\r') {
            p++;
        }
        if (held - p < 2) {
            return tooShort(ctx);
        }
        if (b.get(p + 1) != '\n') {
            return ABSENT;
        }
        out.setString(b, start, p - start);
        return FOUND;
    }

    private static int tooShort(final SampleContext ctx) {
        ctx.mayChange();
        return SHORT;
    }

    private static byte lower(final byte c) {
        return c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
    }
}
