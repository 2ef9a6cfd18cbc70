package dev.baton.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * {@code verify required} towards a server, as HAProxy 2.6 checks it: the chain against the CAs of {@code ca-file}
 * (and the CRLs of {@code crl-file}), then, for the server's own certificate, its DNS names (subjectAltName, else the
 * common name; a leading {@code *.} matches one label) against the name sent as SNI, or else {@code verifyhost};
 * with neither, any name is accepted. Built at start-up; immutable; called by the engine on the reactor that owns the
 * connection.
 */
final class ServerCertCheck extends X509ExtendedTrustManager {
    private final X509TrustManager chain;
    private final String verifyHost;

    private ServerCertCheck(final X509TrustManager chain, final String verifyHost) {
        this.chain = chain;
        this.verifyHost = verifyHost;
    }

    /** The check for CAs in {@code caFile}, CRLs in {@code crlFile} (or null). IOException names the file at fault. */
    static ServerCertCheck load(final Path caFile, final Path crlFile, final String verifyHost) throws IOException {
        try {
            final CertificateFactory cf = CertificateFactory.getInstance("X.509");
            final KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            final Collection<? extends java.security.cert.Certificate> cas;
            try (InputStream in = Files.newInputStream(caFile)) {
                cas = cf.generateCertificates(in);
            } catch (final IOException | CertificateException e) {
                throw new IOException("unable to load CA file '" + caFile + "': " + e.getMessage(), e);
            }
            if (cas.isEmpty()) {
                throw new IOException("unable to load CA file '" + caFile + "': no certificate in it");
            }
            int i = 0;
            for (final java.security.cert.Certificate c : cas) {
                store.setCertificateEntry("ca" + i++, c);
            }
            final TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            if (crlFile == null) {
                tmf.init(store);
            } else {
                final Collection<? extends CRL> crls;
                try (InputStream in = Files.newInputStream(crlFile)) {
                    crls = cf.generateCRLs(in);
                } catch (final IOException | java.security.cert.CRLException e) {
                    throw new IOException("unable to configure CRL file '" + crlFile + "': " + e.getMessage(), e);
                }
                final PKIXBuilderParameters params = new PKIXBuilderParameters(store, new X509CertSelector());
                params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
                final PKIXRevocationChecker revocation =
                    (PKIXRevocationChecker) CertPathBuilder.getInstance("PKIX").getRevocationChecker();
                // only the CRLs given, checked for every certificate of the chain (HAProxy's CRL_CHECK_ALL)
                revocation.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
                    PKIXRevocationChecker.Option.NO_FALLBACK));
                params.addCertPathChecker(revocation);
                params.setRevocationEnabled(true);
                tmf.init(new CertPathTrustManagerParameters(params));
            }
            for (final TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return new ServerCertCheck(x, verifyHost);
                }
            }
            throw new IOException("no X.509 trust manager for CA file '" + caFile + "'");
        } catch (final GeneralSecurityException e) {
            throw new IOException("unable to set CA file '" + caFile + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(final X509Certificate[] certs, final String authType, final SSLEngine engine)
        throws CertificateException {
        chain.checkServerTrusted(certs, authType);
        final String peer = engine == null ? null : engine.getPeerHost();
        final String name = peer != null && !ServerTlsContext.isAddress(peer) ? peer : verifyHost;
        if (name != null && !matches(certs[0], name)) {
            throw new CertificateException("server certificate does not match the name '" + name + "'"
                + (name == verifyHost ? " (verifyhost)" : " (SNI)"));
        }
    }

    /** Whether one of the certificate's DNS names or common names matches {@code name} (HAProxy tries both). */
    static boolean matches(final X509Certificate cert, final String name) {
        for (final String n : CertIndex.names(cert)) {
            if (hostMatches(n, name)) {
                return true;
            }
        }
        return false;
    }

    /** HAProxy's ssl_sock_srv_hostcheck: exact (case-insensitive), or {@code *.rest} for one leading label. */
    static boolean hostMatches(final String pattern, final String host) {
        final String p = pattern.toLowerCase(Locale.ROOT);
        final String h = host.toLowerCase(Locale.ROOT);
        if (p.equals(h)) {
            return true;
        }
        if (!p.startsWith("*.") || p.indexOf('*', 1) >= 0) {
            return false;
        }
        final int dot = h.indexOf('.');
        return dot > 0 && h.substring(dot).equals(p.substring(1));
    }

    @Override
    public void checkServerTrusted(final X509Certificate[] certs, final String authType, final Socket socket)
        throws CertificateException {
        checkServerTrusted(certs, authType, (SSLEngine) null);
    }

    @Override
    public void checkServerTrusted(final X509Certificate[] certs, final String authType) throws CertificateException {
        checkServerTrusted(certs, authType, (SSLEngine) null);
    }

    @Override
    public void checkClientTrusted(final X509Certificate[] certs, final String authType, final SSLEngine engine)
        throws CertificateException {
        throw new CertificateException("a server-side trust check only");
    }

    @Override
    public void checkClientTrusted(final X509Certificate[] certs, final String authType, final Socket socket)
        throws CertificateException {
        throw new CertificateException("a server-side trust check only");
    }

    @Override
    public void checkClientTrusted(final X509Certificate[] certs, final String authType) throws CertificateException {
        throw new CertificateException("a server-side trust check only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chain.getAcceptedIssuers();
    }
}
