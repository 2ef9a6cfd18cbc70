package dev.baton.tls;

import dev.baton.io.TlsVerifyResult;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies client certificates as HAProxy's {@code verify optional|required} with {@code ca-file},
 * {@code ca-verify-file} and {@code crl-file} has OpenSSL verify them ({@code ssl_sock_bind_verifycbk}): the chain is
 * built from the client's certificate up to a trusted CA (the client's intermediates may help), then checked for
 * revocation (every certificate of the chain needs a CRL from its issuer, as OpenSSL's {@code CRL_CHECK_ALL}) and
 * for dates. Each error carries OpenSSL's X509 error ID and its depth; {@code crt-ignore-err} (depth 0) and
 * {@code ca-ignore-err} (deeper) let listed errors through, and the first other one refuses the handshake with
 * HAProxy's words ({@code SSL client certificate not trusted}, {@code SSL client CA chain cannot be verified}).
 *
 * <p>Called by the TLS engine during the handshake, on the reactor that owns the connection (contexts run no
 * delegated tasks); immutable, shared by every reactor. The outcome is left in the handshake's session
 * ({@link #RESULT}) for the fetches and the handshake's log line.
 */
final class ClientVerifier extends X509ExtendedTrustManager {
    /** The session value holding the {@link TlsVerifyResult}. */
    static final String RESULT = "dev.baton.tls.verify";
    /** An ignore list that lets every error through ({@code crt-ignore-err all}). */
    static final long ALL = -1L;

    static final int UNABLE_TO_GET_CRL = 3;
    static final int CRL_SIGNATURE_FAILURE = 8;
    static final int CERT_NOT_YET_VALID = 9;
    static final int CERT_HAS_EXPIRED = 10;
    static final int CRL_NOT_YET_VALID = 11;
    static final int CRL_HAS_EXPIRED = 12;
    static final int DEPTH_ZERO_SELF_SIGNED_CERT = 18;
    static final int SELF_SIGNED_CERT_IN_CHAIN = 19;
    static final int UNABLE_TO_GET_ISSUER_CERT_LOCALLY = 20;
    static final int CERT_REVOKED = 23;

    static final String CRT_FAIL = "SSL client certificate not trusted";
    static final String CA_FAIL = "SSL client CA chain cannot be verified";

    private final List<X509Certificate> trusted;
    private final X509Certificate[] names;
    private final List<X509CRL> crls;
    private final long crtIgnore;
    private final long caIgnore;

    ClientVerifier(final List<X509Certificate> trusted, final List<X509Certificate> names, final List<X509CRL> crls,
                   final long crtIgnore, final long caIgnore) {
        this.trusted = List.copyOf(trusted);
        this.names = names.toArray(new X509Certificate[0]);
        this.crls = crls == null ? null : List.copyOf(crls);
        this.crtIgnore = crtIgnore;
        this.caIgnore = caIgnore;
    }

    /** The DER bodies of the {@code label} blocks of PEM file {@code file} (other blocks, such as keys, skipped). */
    private static List<byte[]> blocks(final Path file, final String label) throws IOException {
        final List<byte[]> out = new ArrayList<>();
        final String text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        final String begin = "-----BEGIN " + label + "-----";
        final String end = "-----END " + label + "-----";
        int at = text.indexOf(begin);
        while (at >= 0) {
            final int stop = text.indexOf(end, at);
            if (stop < 0) {
                throw new IOException("'" + begin + "' without its end");
            }
            out.add(java.util.Base64.getMimeDecoder().decode(text.substring(at + begin.length(), stop)));
            at = text.indexOf(begin, stop);
        }
        return out;
    }

    /** The certificates of PEM file {@code file} ({@code ca-file}); IOException names the file. */
    static List<X509Certificate> certificates(final Path file, final String what) throws IOException {
        final List<X509Certificate> out = new ArrayList<>();
        try {
            final CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (final byte[] der : blocks(file, "CERTIFICATE")) {
                out.add((X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(der)));
            }
        } catch (final IOException | GeneralSecurityException | RuntimeException e) {
            throw new IOException("unable to load " + what + " '" + file + "': " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IOException("unable to load " + what + " '" + file + "': no certificate in it");
        }
        return out;
    }

    /** The CRLs of PEM file {@code file} ({@code crl-file}). */
    static List<X509CRL> crls(final Path file) throws IOException {
        final List<X509CRL> out = new ArrayList<>();
        try {
            final CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (final byte[] der : blocks(file, "X509 CRL")) {
                out.add((X509CRL) factory.generateCRL(new java.io.ByteArrayInputStream(der)));
            }
        } catch (final IOException | GeneralSecurityException | RuntimeException e) {
            throw new IOException("unable to configure CRL file '" + file + "': " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IOException("unable to configure CRL file '" + file + "': no CRL in it");
        }
        return out;
    }

    @Override
    public void checkClientTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
        throws CertificateException {
        final TlsVerifyResult r = verify(chain, new Date());
        final SSLSession session = engine.getHandshakeSession() != null ? engine.getHandshakeSession()
            : engine.getSession();
        session.putValue(RESULT, r);
        if (r.failure() != null) {
            throw new CertificateException(r.failure() + " (X509 error " + (r.caError() != 0 && r.failure() == CA_FAIL
                ? r.caError() : r.crtError()) + ")");
        }
    }

    /** The verification of {@code chain} (the client's certificate first) at {@code now}. */
    TlsVerifyResult verify(final X509Certificate[] chain, final Date now) {
        final Outcome o = new Outcome();
        final List<X509Certificate> path = new ArrayList<>();
        path.add(chain[0]);
        buildPath(chain, path, o);
        if (crls != null) {
            for (int depth = 0; depth < path.size() && o.failure == null; depth++) {
                checkRevocation(path, depth, now, o);
            }
        }
        for (int depth = path.size() - 1; depth >= 0 && o.failure == null; depth--) {
            final X509Certificate c = path.get(depth);
            if (now.before(c.getNotBefore())) {
                o.error(depth, CERT_NOT_YET_VALID);
            } else if (now.after(c.getNotAfter())) {
                o.error(depth, CERT_HAS_EXPIRED);
            }
        }
        return o.result();
    }

    /**
     * Extends {@code path} to a trusted CA: false when it cannot (the error is recorded; if an ignore list lets it
     * through, the checks go on with the partial path, as OpenSSL's do).
     */
    private boolean buildPath(final X509Certificate[] chain, final List<X509Certificate> path, final Outcome o) {
        while (path.size() <= 10) {
            final X509Certificate cur = path.get(path.size() - 1);
            final int depth = path.size() - 1;
            if (isTrusted(cur)) {
                return true;
            }
            final X509Certificate trustedIssuer = issuerIn(cur, trusted);
            if (trustedIssuer != null) {
                path.add(trustedIssuer);
                return true;
            }
            if (selfSigned(cur)) {
                o.error(depth, depth == 0 ? DEPTH_ZERO_SELF_SIGNED_CERT : SELF_SIGNED_CERT_IN_CHAIN);
                return false;
            }
            final X509Certificate next = issuerIn(cur, List.of(chain).subList(1, chain.length));
            if (next == null || path.contains(next)) {
                o.error(depth, UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
                return false;
            }
            path.add(next);
        }
        o.error(path.size() - 1, UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
        return false;
    }

    private boolean isTrusted(final X509Certificate c) {
        return trusted.contains(c);
    }

    private static X509Certificate issuerIn(final X509Certificate c, final List<X509Certificate> candidates) {
        for (final X509Certificate issuer : candidates) {
            if (issuer.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && signedBy(c, issuer.getPublicKey())) {
                return issuer;
            }
        }
        return null;
    }

    private static boolean selfSigned(final X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && signedBy(c, c.getPublicKey());
    }

    private static boolean signedBy(final X509Certificate c, final PublicKey key) {
        try {
            c.verify(key);
            return true;
        } catch (final GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The CRL of the certificate at {@code depth}: from its issuer, signed by it, current, not listing it. */
    private void checkRevocation(final List<X509Certificate> path, final int depth, final Date now, final Outcome o) {
        final X509Certificate c = path.get(depth);
        final X509Certificate issuer = depth + 1 < path.size() ? path.get(depth + 1) : selfSigned(c) ? c : null;
        X509CRL found = null;
        for (final X509CRL crl : crls) {
            if (crl.getIssuerX500Principal().equals(c.getIssuerX500Principal())) {
                found = crl;
                break;
            }
        }
        if (found == null) {
            o.error(depth, UNABLE_TO_GET_CRL);
            return;
        }
        try {
            if (issuer == null) {
                throw new GeneralSecurityException("no issuer to check the CRL with");
            }
            found.verify(issuer.getPublicKey());
        } catch (final GeneralSecurityException | RuntimeException e) {
            o.error(depth, CRL_SIGNATURE_FAILURE);
            return;
        }
        if (now.before(found.getThisUpdate())) {
            o.error(depth, CRL_NOT_YET_VALID);
        } else if (found.getNextUpdate() != null && now.after(found.getNextUpdate())) {
            o.error(depth, CRL_HAS_EXPIRED);
        }
        final X509CRLEntry revoked = found.getRevokedCertificate(c);
        if (revoked != null && o.failure == null) {
            o.error(depth, CERT_REVOKED);
        }
    }

    /** The errors met so far, recorded as HAProxy's verify callback records them. */
    private final class Outcome {
        int last;
        int crtError;
        int caError;
        int caDepth;
        String failure;

        void error(final int depth, final int code) {
            if (failure != null) {
                return;
            }
            last = code;
            if (depth > 0) {
                if (caError == 0) {
                    caError = code;
                    caDepth = depth;
                }
                if (!ignored(caIgnore, code)) {
                    failure = CA_FAIL;
                }
            } else {
                if (crtError == 0) {
                    crtError = code;
                }
                if (!ignored(crtIgnore, code)) {
                    failure = CRT_FAIL;
                }
            }
        }

        TlsVerifyResult result() {
            return new TlsVerifyResult(last, crtError, caError, caDepth, failure);
        }
    }

    private static boolean ignored(final long mask, final int code) {
        return code < 64 && (mask & (1L << code)) != 0;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return names.clone();
    }

    @Override
    public void checkClientTrusted(final X509Certificate[] chain, final String authType) throws CertificateException {
        final TlsVerifyResult r = verify(chain, new Date());
        if (r.failure() != null) {
            throw new CertificateException(r.failure());
        }
    }

    @Override
    public void checkClientTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
        throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(final X509Certificate[] chain, final String authType) throws CertificateException {
        throw new CertificateException("a bind verifies clients only");
    }

    @Override
    public void checkServerTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
        throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
        throws CertificateException {
        checkServerTrusted(chain, authType);
    }
}
