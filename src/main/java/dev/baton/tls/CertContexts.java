package dev.baton.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.internal.tcnative.SSL;
import io.netty.internal.tcnative.SSLContext;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Makes the BoringSSL context of one certificate with its {@link CertSettings}: protocols, ALPN, cipher string,
 * curves, options, client certificate verification ({@link ClientVerifier}), session cache and the bind's ticket
 * keys. One factory per bind being built, so that a CA or CRL file named by several certificates is read once.
 * Used at start-up (main thread) and by the runtime API's commits (the CLI's thread, under the bind's lock, which
 * also replaces CA and CRL files here); never on a reactor.
 */
final class CertContexts {
    private final Map<Path, List<X509Certificate>> caFiles = new HashMap<>();
    private final Map<Path, List<X509CRL>> crlFiles = new HashMap<>();
    /** The bind's ticket keys, shared by its contexts so that a ticket resumes whichever certificate issued it. */
    private final OpenSslSessionTicketKey[] ticketKeys;

    CertContexts(final OpenSslSessionTicketKey[] ticketKeys) {
        this.ticketKeys = ticketKeys.clone();
    }

    SslContext context(final PemBundle pem, final CertSettings s) throws IOException {
        final SslContextBuilder b = SslContextBuilder.forServer(pem.key(), pem.chain())
            .sslProvider(SslProvider.OPENSSL_REFCNT)
            // the handshake's computations run inline on the reactor (README "TLS": measured), not as delegated tasks
            .option(OpenSslContextOption.USE_TASKS, false)
            .protocols(s.protocols())
            .sessionCacheSize(Math.max(1, s.cacheSize()))
            .sessionTimeout(s.lifetimeSec());
        if (s.alpn() != null) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, s.alpn()));
        }
        if (s.verifiesClients()) {
            b.clientAuth(s.verify() == dev.baton.config.BindTls.VERIFY_REQUIRED ? ClientAuth.REQUIRE
                : ClientAuth.OPTIONAL).trustManager(verifier(s));
        }
        final SslContext context;
        try {
            context = b.build();
        } catch (final SSLException | IllegalArgumentException e) {
            SSL.clearError();
            throw new IOException("'" + pem.file() + "': " + e.getMessage()
                + " (does the private key belong to the certificate?)", e);
        }
        try {
            configure(nativeContext(context), s);
            final OpenSslSessionContext sessions = (OpenSslSessionContext) context.sessionContext();
            sessions.setSessionCacheEnabled(s.cacheSize() > 0);
            if (s.cacheSize() == 0) {
                // netty's own session store answers BoringSSL's external lookups whatever the cache mode: drop it
                SSLContext.setSSLSessionCache(nativeContext(context), null);
            }
            if (!s.noTickets()) {
                sessions.setTicketKeys(ticketKeys);
            }
        } catch (final IOException | RuntimeException e) {
            ReferenceCountUtil.release(context);
            throw e;
        } finally {
            // a refused setting leaves its error in this thread's BoringSSL queue, where the next context or engine
            // made on the thread would find it and fail with it (UNSUPPORTED_ELLIPTIC_CURVE from a refused 'curves')
            SSL.clearError();
        }
        return context;
    }

    /** The CA files read so far, by path (the runtime API's {@code show ssl ca-file}). */
    Map<Path, List<X509Certificate>> caFiles() {
        return caFiles;
    }

    /** The CRL files read so far, by path. */
    Map<Path, List<X509CRL>> crlFiles() {
        return crlFiles;
    }

    private ClientVerifier verifier(final CertSettings s) throws IOException {
        final List<X509Certificate> trusted = new ArrayList<>();
        final List<X509Certificate> names = new ArrayList<>();
        if (s.caFile() != null) {
            trusted.addAll(ca(s.caFile(), "CA file"));
            if (!s.noCaNames()) {
                names.addAll(ca(s.caFile(), "CA file"));
            }
        }
        if (s.caVerifyFile() != null) {
            trusted.addAll(ca(s.caVerifyFile(), "CA-no-names file"));
        }
        List<X509CRL> crls = null;
        if (s.crlFile() != null) {
            crls = crlFiles.get(s.crlFile());
            if (crls == null) {
                crls = ClientVerifier.crls(s.crlFile());
                crlFiles.put(s.crlFile(), crls);
            }
        }
        return new ClientVerifier(trusted, names, crls, s.crtIgnoreErr(), s.caIgnoreErr());
    }

    private List<X509Certificate> ca(final Path file, final String what) throws IOException {
        List<X509Certificate> certs = caFiles.get(file);
        if (certs == null) {
            certs = ClientVerifier.certificates(file, what);
            caFiles.put(file, certs);
        }
        return certs;
    }

    /**
     * The tcnative handle of a context: what {@code io.netty.internal.tcnative.SSLContext} takes (netty's public
     * {@code sslCtxPointer()} gives the raw {@code SSL_CTX*}, which those functions must not get). Netty keeps it in
     * a protected field and sets only cipher names it knows, not an OpenSSL cipher string such as
     * {@code ECDHE+AESGCM:!aNULL}, which HAProxy's {@code ciphers} takes: so baton reads the field once per context,
     * at start-up, and sets those natively.
     */
    static long nativeContext(final SslContext context) throws IOException {
        try {
            final Field f = ReferenceCountedOpenSslContext.class.getDeclaredField("ctx");
            f.setAccessible(true);
            return f.getLong(context);
        } catch (final ReflectiveOperationException | RuntimeException e) {
            throw new IOException("this netty-handler has no tcnative context field: " + e, e);
        }
    }

    /** What netty's builder does not say in OpenSSL's terms: the cipher string, curves and options, set natively. */
    private static void configure(final long ctx, final CertSettings s) throws IOException {
        final String ciphers = s.ciphers() != null ? s.ciphers() : "ALL";
        boolean ok;
        try {
            ok = SSLContext.setCipherSuite(ctx, ciphers, false);
        } catch (final Exception e) {
            ok = false;
        }
        if (!ok) {
            throw new IOException("unable to set SSL cipher list to '" + ciphers + "'");
        }
        final String curves = s.curves() != null ? s.curves() : s.ecdhe();
        if (curves != null && !SSLContext.setCurvesList(ctx, curves.split(":"))) {
            throw new IOException("unable to set SSL curves list to '" + curves + "'");
        }
        if (s.noTickets()) {
            SSLContext.setOptions(ctx, SSL.SSL_OP_NO_TICKET);
        }
        if (s.preferClientCiphers()) {
            SSLContext.clearOptions(ctx, SSL.SSL_OP_CIPHER_SERVER_PREFERENCE);
        } else {
            SSLContext.setOptions(ctx, SSL.SSL_OP_CIPHER_SERVER_PREFERENCE);
        }
    }
}
