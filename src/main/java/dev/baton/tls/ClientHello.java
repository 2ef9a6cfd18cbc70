package dev.baton.tls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads what certificate selection needs from the first TLS record of a connection, before any engine exists: the
 * server name (SNI) and whether the client can take an ECDSA or an RSA certificate, read as HAProxy 2.6 reads them
 * in its ClientHello callback (signature algorithms by their signature byte; ECDSA also needs an ECDSA cipher suite;
 * without the extension, RSA). Only the first record is read: a ClientHello split over several records is served
 * by the default certificate. Reactor thread; one per connection, filled once.
 */
final class ClientHello {
    /** Not enough bytes yet. */
    static final int NEED_MORE = 0;
    static final int DONE = 1;
    /** Not a TLS handshake: the connection is refused. */
    static final int NOT_TLS = -1;

    private static final int EXT_SERVER_NAME = 0;
    private static final int EXT_SIGNATURE_ALGORITHMS = 13;

    /** The server name, lower-case, or null. */
    String sni;
    boolean ecdsa;
    boolean rsa;

    /**
     * Parses the bytes {@code buf} holds from 0 to its position (fill mode; not moved): DONE, NEED_MORE or NOT_TLS.
     */
    int parse(final ByteBuffer buf) {
        final int avail = buf.position();
        if (avail < 5) {
            return NEED_MORE;
        }
        if ((buf.get(0) & 0xFF) != 22 || (buf.get(1) & 0xFF) != 3) {
            return NOT_TLS;
        }
        final int recordLen = u16(buf, 3);
        final int end = 5 + recordLen;
        if (avail < end) {
            return recordLen > buf.capacity() - 5 ? NOT_TLS : NEED_MORE;
        }
        try {
            parseHello(buf, 5, end);
        } catch (final IndexOutOfBoundsException e) {
            sni = null; // a malformed hello: let the engine answer it with an alert
        }
        return DONE;
    }

    private void parseHello(final ByteBuffer buf, final int start, final int end) {
        if ((buf.get(start) & 0xFF) != 1) {
            throw new IndexOutOfBoundsException("not a ClientHello");
        }
        int p = start + 4 + 2 + 32; // type, length, client_version, random
        p += 1 + (buf.get(p) & 0xFF); // session id
        final int suitesLen = u16(buf, p);
        boolean ecdsaSuite = false;
        for (int i = p + 2; i + 1 < Math.min(end, p + 2 + suitesLen); i += 2) {
            ecdsaSuite |= isEcdsaSuite(u16(buf, i));
        }
        p += 2 + suitesLen;
        if (p >= end) {
            throw new IndexOutOfBoundsException("short ClientHello");
        }
        p += 1 + (buf.get(p) & 0xFF); // compression methods
        if (p + 2 > end) {
            rsa = true; // no extensions
            return;
        }
        final int extEnd = Math.min(end, p + 2 + u16(buf, p));
        p += 2;
        boolean sawSigAlgs = false;
        while (p + 4 <= extEnd) {
            final int type = u16(buf, p);
            final int len = u16(buf, p + 2);
            final int data = p + 4;
            if (data + len > extEnd) {
                break;
            }
            if (type == EXT_SERVER_NAME && len > 5 && (buf.get(data + 2) & 0xFF) == 0) {
                final int nameLen = u16(buf, data + 3);
                final byte[] name = new byte[Math.min(Math.min(nameLen, len - 5), 255)];
                for (int i = 0; i < name.length; i++) {
                    name[i] = buf.get(data + 5 + i);
                }
                sni = new String(name, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            } else if (type == EXT_SIGNATURE_ALGORITHMS && len >= 2) {
                sawSigAlgs = true;
                final int listLen = u16(buf, data);
                for (int i = data + 2; i + 1 < data + 2 + listLen; i += 2) {
                    final int signature = buf.get(i + 1) & 0xFF;
                    rsa |= signature == 1;
                    ecdsa |= signature == 3;
                }
            }
            p = data + len;
        }
        if (!sawSigAlgs) {
            rsa = true;
        }
        ecdsa &= ecdsaSuite;
    }

    /** TLS 1.2 and older suites authenticated by ECDSA (ECDHE-ECDSA-*, ECDH-ECDSA-*). */
    private static boolean isEcdsaSuite(final int suite) {
        return suite >= 0xC001 && suite <= 0xC00A || suite == 0xC023 || suite == 0xC024 || suite == 0xC025
            || suite == 0xC026 || suite == 0xC02B || suite == 0xC02C || suite == 0xC02D || suite == 0xC02E
            || suite == 0xCCA9 || suite >= 0xC0AC && suite <= 0xC0AF || suite == 0xC048 || suite == 0xC049
            || suite == 0xC05C || suite == 0xC05D || suite == 0xC072 || suite == 0xC073 || suite == 0xC086
            || suite == 0xC087;
    }

    private static int u16(final ByteBuffer buf, final int at) {
        return (buf.get(at) & 0xFF) << 8 | (buf.get(at + 1) & 0xFF);
    }
}
