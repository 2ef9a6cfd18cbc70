package dev.baton.testservers;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A client trust manager that accepts any server certificate: the load clients measure time against self-signed
 * certificates, and tests read the chain they were given themselves. Never for anything but tests and benchmarks.
 */
public final class TrustAnyCertificate implements X509TrustManager {
    /** A client context of {@code protocol} ("TLS", "TLSv1.3"...) that trusts any server certificate. */
    public static SSLContext clientContext(final String protocol) throws GeneralSecurityException {
        final SSLContext context = SSLContext.getInstance(protocol);
        context.init(null, new TrustManager[] {new TrustAnyCertificate()}, new SecureRandom());
        return context;
    }

    @Override
    public void checkClientTrusted(final X509Certificate[] chain, final String authType) {
        // a client's trust manager: never asked
    }

    @Override
    public void checkServerTrusted(final X509Certificate[] chain, final String authType) {
        // accepted, whatever it is
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
