package dev.baton.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a TLS connection negotiated, for HAProxy's {@code ssl_fc_*} fetches: the server name the client asked for
 * (null without SNI), the protocol ({@code TLSv1.3}), the cipher in OpenSSL's naming ({@code
 * ECDHE-RSA-AES128-GCM-SHA256}, {@code TLS_AES_128_GCM_SHA256}) and the ALPN protocol (null when none was agreed).
 * Each value also comes as a read-only buffer (whole, from 0 to its limit) so that rules match it without allocating.
 * Made once per connection when its handshake ends; immutable.
 */
public final class TlsInfo {
    private final String sni;
    private final String protocol;
    private final String cipher;
    private final String alpn;
    private final ByteBuffer sniBytes;
    private final ByteBuffer protocolBytes;
    private final ByteBuffer cipherBytes;
    private final ByteBuffer alpnBytes;
    private final TlsCertInfo clientCert;
    private final TlsCertInfo frontendCert;
    private final TlsVerifyResult verify;
    private final boolean sessionReused;

    public TlsInfo(final String sni, final String protocol, final String cipher, final String alpn) {
        this(sni, protocol, cipher, alpn, null, null, null, false);
    }

    /**
     * With the client certificate (null: none sent), the frontend's certificate, how the client certificate was
     * verified (null: not asked for) and whether the session was resumed.
     */
    public TlsInfo(final String sni, final String protocol, final String cipher, final String alpn,
                   final TlsCertInfo clientCert, final TlsCertInfo frontendCert, final TlsVerifyResult verify,
                   final boolean sessionReused) {
        this.clientCert = clientCert;
        this.frontendCert = frontendCert;
        this.verify = verify;
        this.sessionReused = sessionReused;
        this.sni = sni;
        this.protocol = protocol;
        this.cipher = cipher;
        this.alpn = alpn;
        this.sniBytes = bytes(sni);
        this.protocolBytes = bytes(protocol);
        this.cipherBytes = bytes(cipher);
        this.alpnBytes = bytes(alpn);
    }

    private static ByteBuffer bytes(final String s) {
        return s == null ? null : ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    public String sni() {
        return sni;
    }

    public String protocol() {
        return protocol;
    }

    public String cipher() {
        return cipher;
    }

    public String alpn() {
        return alpn;
    }

    /** {@code ssl_fc_sni} as bytes, or null. */
    public ByteBuffer sniBytes() {
        return sniBytes;
    }

    public ByteBuffer protocolBytes() {
        return protocolBytes;
    }

    public ByteBuffer cipherBytes() {
        return cipherBytes;
    }

    public ByteBuffer alpnBytes() {
        return alpnBytes;
    }

    /** The certificate the client presented ({@code ssl_c_*}), or null. */
    public TlsCertInfo clientCert() {
        return clientCert;
    }

    /** The certificate this side presented ({@code ssl_f_*}), or null. */
    public TlsCertInfo frontendCert() {
        return frontendCert;
    }

    /** {@code ssl_c_verify}: the verify result error ID, 0 when none (or no certificate). */
    public int verifyResult() {
        return verify == null ? 0 : verify.result();
    }

    /** {@code ssl_c_err}: the first error on the client certificate itself, 0 when none. */
    public int crtError() {
        return verify == null ? 0 : verify.crtError();
    }

    /** {@code ssl_c_ca_err}: the first error on a CA of the client's chain, 0 when none. */
    public int caError() {
        return verify == null ? 0 : verify.caError();
    }

    /** {@code ssl_c_ca_err_depth}: the depth of {@link #caError}, 0 when none. */
    public int caErrorDepth() {
        return verify == null ? 0 : verify.caErrorDepth();
    }

    /** {@code ssl_fc_is_resumed}: the handshake resumed a session (ticket or cache). */
    public boolean sessionReused() {
        return sessionReused;
    }

    @Override
    public String toString() {
        return protocol + " " + cipher + (sni == null ? "" : " sni=" + sni) + (alpn == null ? "" : " alpn=" + alpn);
    }
}
