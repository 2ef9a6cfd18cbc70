package dev.baton.tls;

import dev.baton.io.TlsCertInfo;
import dev.baton.io.TlsInfo;
import dev.baton.io.TlsVerifyResult;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What a bind's handshake leaves for the fetches and the log: the client certificate and how it was verified
 * ({@link ClientVerifier}), the certificate served, whether the session was resumed; and, when the handshake failed
 * on a client certificate, HAProxy's words for it. Owner reactor's thread, once per handshake.
 */
final class HandshakeInfo {
    private HandshakeInfo() {
    }

    /** The connection's {@link TlsInfo} once the handshake is done. */
    static TlsInfo info(final SSLEngine engine, final String sni, final String protocol, final String cipher,
                        final String alpn, final CertIndex.Cert served) {
        final SSLSession session = engine.getSession();
        TlsCertInfo client = null;
        // Most clients send no certificate, and asking the session for it then throws: asked only when BoringSSL
        // holds one, so that a handshake does not build (and fill the stack trace of) an exception.
        if (hasPeerCertificate(engine)) {
            try {
                final Certificate[] peer = session.getPeerCertificates();
                if (peer.length > 0 && peer[0] instanceof X509Certificate) {
                    client = new TlsCertInfo((X509Certificate) peer[0]);
                }
            } catch (final SSLPeerUnverifiedException e) {
                // no client certificate after all
            }
        }
        final Object verify = session.getValue(ClientVerifier.RESULT);
        return new TlsInfo(sni, protocol, cipher, alpn, client, served == null ? null : served.info(),
            verify instanceof TlsVerifyResult ? (TlsVerifyResult) verify : null, reused(engine));
    }

    /** True unless the engine is BoringSSL's and its peer sent no certificate. */
    private static boolean hasPeerCertificate(final SSLEngine engine) {
        if (engine instanceof ReferenceCountedOpenSslEngine) {
            final long ssl = ((ReferenceCountedOpenSslEngine) engine).sslPointer();
            return ssl != 0 && SSL.getPeerCertificate(ssl) != null;
        }
        return true;
    }

    private static boolean reused(final SSLEngine engine) {
        if (engine instanceof ReferenceCountedOpenSslEngine) {
            final long ssl = ((ReferenceCountedOpenSslEngine) engine).sslPointer();
            return ssl != 0 && SSL.isSessionReused(ssl);
        }
        return false;
    }

    /** HAProxy's words for a failed handshake: the client certificate's refusal if that was it, else {@code other}. */
    static String failure(final SSLEngine engine, final String other) {
        if (engine == null) {
            return other;
        }
        try {
            final SSLSession session = engine.getHandshakeSession() != null ? engine.getHandshakeSession()
                : engine.getSession();
            final Object verify = session == null ? null : session.getValue(ClientVerifier.RESULT);
            if (verify instanceof TlsVerifyResult && ((TlsVerifyResult) verify).failure() != null) {
                return ((TlsVerifyResult) verify).failure();
            }
        } catch (final RuntimeException e) {
            // the engine is shut: no more to say
        }
        return other;
    }
}
