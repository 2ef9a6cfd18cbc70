package dev.baton.http.rules;

import dev.baton.io.TlsFetch;
import dev.baton.io.TlsInfo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A certificate fetch in a header value ({@code %[ssl_c_s_dn]}, {@code %{+Q}[ssl_c_s_dn(CN)]}), written as HAProxy
 * 2.6 writes a sample into a header: control characters (but tab) and DEL as {@code %XX}, other bytes as they are, a
 * missing value as nothing. The {@code +Q} flag quotes nothing there (HAProxy's header encoding ignores it; seen side
 * by side). Immutable.
 */
final class TlsValue {
    private final TlsFetch fetch;

    TlsValue(final TlsFetch fetch) {
        this.fetch = fetch;
    }

    /** Writes the value at {@code out}'s position: false when it does not fit. */
    boolean render(final TlsInfo tls, final ByteBuffer out) {
        final String v = fetch.string(tls);
        if (v != null) {
            final byte[] bytes = v.getBytes(fetch.type() == TlsFetch.Type.BIN ? StandardCharsets.ISO_8859_1
                : StandardCharsets.UTF_8);
            for (final byte b : bytes) {
                final int c = b & 0xFF;
                final boolean encode = c < 0x20 && c != '\t' || c == 0x7f;
                if (encode) {
                    if (out.remaining() < 3) {
                        return false;
                    }
                    out.put((byte) '%').put((byte) Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .put((byte) Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
                } else if (!put(out, (char) c)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** One byte: the character's low 8 bits. */
    private static boolean put(final ByteBuffer out, final char c) {
        if (!out.hasRemaining()) {
            return false;
        }
        out.put((byte) c);
        return true;
    }
}
