package dev.baton.tls;

import dev.baton.config.ServerConfig;
import dev.baton.config.ServerTls;
import dev.baton.config.TlsDefaults;
import dev.baton.config.TlsVersions;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.internal.tcnative.SSL;
import io.netty.internal.tcnative.SSLContext;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.nio.file.Path;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * What a {@code server ... ssl} line needs at run time: one BoringSSL client context with the line's settings over
 * the global {@code ssl-default-server-*} ones (versions, ciphers, tickets), the server's certificate check
 * ({@code verify}, default {@code required} unless {@code ssl-server-verify none}: {@link ServerCertCheck}), the
 * client certificate ({@code crt}), ALPN, session reuse ({@code no-ssl-reuse} turns it off) and the {@code sni}
 * evaluator. Built at start-up (and by {@code -c}), off the reactors; immutable and shared by every reactor (BoringSSL
 * contexts are thread-safe).
 *
 * <p>Session reuse: the context keeps the last sessions by (name, port), where the name is the SNI sent, or else the
 * server's address (which is never sent as SNI); a new connection with the same name resumes, as HAProxy resumes the
 * last session of the server (and, since 2.5, only with the same SNI).
 */
public final class ServerTlsContext {
    private static final ByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(true);
    /** Sessions kept per server for resumption: one per name in use is what matters. */
    private static final int SESSIONS_KEPT = 256;

    private final SslContext context;
    /** Releases the native context once this object is unreachable (an old configuration's), or at {@link #release}. */
    private final Cleaner.Cleanable cleanable;
    private final ServerSni sni;
    private final int bufferSize;
    /** {@code tune.ssl.hard-maxrecord}: the most plaintext bytes per record sent (0: a full record). */
    private final int maxRecord;

    private ServerTlsContext(final SslContext context, final ServerSni sni, final int bufferSize,
                             final int maxRecord) {
        this.maxRecord = maxRecord;
        this.context = context;
        this.cleanable = NativeContexts.CLEANER.register(this, () -> ReferenceCountUtil.release(context));
        this.sni = sni;
        this.bufferSize = bufferSize;
    }

    /**
     * The context of {@code server}, or null when neither its traffic ({@code ssl}) nor its health checks
     * ({@code checks}) speak TLS. IOException: a message that names the file or the setting at fault, as HAProxy's
     * start-up would.
     */
    public static ServerTlsContext build(final ServerConfig server, final TlsDefaults global, final boolean checks)
        throws IOException {
        final ServerTls t = server.tls();
        if (!t.ssl() && !checks) {
            return null;
        }
        TlsLibrary.ensureAvailable();
        final boolean verify = t.verify() == ServerTls.VERIFY_REQUIRED
            || t.verify() == ServerTls.VERIFY_DEFAULT && !global.serverVerifyNone();
        if (verify && t.caFile() == null) {
            throw new IOException(t.verify() == ServerTls.VERIFY_DEFAULT
                ? "verify is enabled by default but no CA file specified. If you're on a LAN where the server's "
                    + "certificate is trusted anyway, write 'verify none' on the 'server' line, or 'ssl-server-verify "
                    + "none' in the global section; else give the CAs with 'ca-file'"
                : "verify is enabled but no CA file specified: add 'ca-file FILE'");
        }
        final List<String> protocols = protocols(t, global.serverOptions());
        final SslContextBuilder b = SslContextBuilder.forClient()
            .sslProvider(SslProvider.OPENSSL_REFCNT)
            .option(OpenSslContextOption.USE_TASKS, false) // computations inline on the reactor, as for binds
            .protocols(protocols)
            .endpointIdentificationAlgorithm(null) // the name check is ServerCertCheck's, HAProxy's way
            .sessionCacheSize(SESSIONS_KEPT);
        if (verify) {
            b.trustManager(ServerCertCheck.load(BindTlsContext.resolve(t.caFile(), global.caBase()),
                t.crlFile() == null ? null : BindTlsContext.resolve(t.crlFile(), global.caBase()), t.verifyHost()));
        } else {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        if (t.crt() != null) {
            final PemBundle pem = PemBundle.load(BindTlsContext.resolve(t.crt(), global.crtBase()));
            b.keyManager(pem.key(), pem.chain());
        }
        if (t.alpn() != null) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, t.alpn()));
        }
        BindTlsContext.checkCiphersuites(t.ciphersuites() != null ? t.ciphersuites() : global.serverCiphersuites());
        final SslContext context;
        try {
            context = b.build();
        } catch (final SSLException | IllegalArgumentException e) {
            SSL.clearError();
            throw new IOException(e.getMessage() + (t.crt() != null ? " (crt '" + t.crt() + "')" : ""), e);
        }
        try {
            final long ctx = CertContexts.nativeContext(context);
            final String ciphers = t.ciphers() != null ? t.ciphers() : global.serverCiphers();
            if (ciphers != null && !setCiphers(ctx, ciphers)) {
                throw new IOException("unable to set SSL cipher list to '" + ciphers + "'");
            }
            if (t.noTlsTickets() || global.serverOptions().contains("no-tls-tickets")) {
                SSLContext.setOptions(ctx, SSL.SSL_OP_NO_TICKET);
            }
            if (t.noReuse()) {
                ((OpenSslSessionContext) context.sessionContext()).setSessionCacheEnabled(false);
            }
            return new ServerTlsContext(context, t.sni() == null ? null : ServerSni.of(t.sni()),
                BindTlsContext.bufferSize(context), global.hardMaxRecord());
        } catch (final IOException | RuntimeException e) {
            ReferenceCountUtil.release(context);
            throw e;
        } finally {
            // as CertContexts: a refused setting must not stay in this thread's BoringSSL error queue
            SSL.clearError();
        }
    }

    private static boolean setCiphers(final long ctx, final String ciphers) {
        try {
            return SSLContext.setCipherSuite(ctx, ciphers, false);
        } catch (final Exception e) {
            return false;
        }
    }

    /** The engine's protocol names for the line's versions over {@code ssl-default-server-options}. */
    private static List<String> protocols(final ServerTls t, final List<String> options) throws IOException {
        int min = TlsVersions.NONE;
        int max = TlsVersions.NONE;
        int disabled = 0;
        for (int i = 0; i < options.size(); i++) {
            final String o = options.get(i);
            if (o.equals("ssl-min-ver")) {
                min = TlsVersions.byName(options.get(++i));
            } else if (o.equals("ssl-max-ver")) {
                max = TlsVersions.byName(options.get(++i));
            } else if (o.startsWith("no-") && TlsVersions.bySuffix(o.substring(3)) != TlsVersions.NONE) {
                disabled |= TlsVersions.bit(TlsVersions.bySuffix(o.substring(3)));
            } else if (o.startsWith("force-")) {
                min = TlsVersions.bySuffix(o.substring(6));
                max = min;
            }
        }
        min = t.minVersion() != TlsVersions.NONE ? t.minVersion() : min;
        max = t.maxVersion() != TlsVersions.NONE ? t.maxVersion() : max;
        final int range = TlsVersions.range(min, max, t.disabledVersions() | disabled);
        if (range < 0) {
            throw new IOException("all SSL/TLS versions are disabled");
        }
        final List<String> out = new ArrayList<>();
        for (int v = range >> 8; v <= (range & 0xFF); v++) {
            out.add(TlsVersions.engineName(v));
        }
        return out;
    }

    /**
     * A client engine for a connection sending {@code sni} (null: none) to a server at {@code address}:{@code port};
     * the caller releases it (the endpoint does). The engine's peer host is the SNI, or else the address, which
     * netty never sends as SNI: either way it keys the session to resume.
     */
    public SSLEngine newEngine(final String sniName, final String address, final int port) {
        final SSLEngine e = context.newEngine(ALLOCATOR, sniName != null ? sniName : address, port);
        e.setUseClientMode(true);
        return e;
    }

    /** The server name for a request (see {@link ServerSni#evaluate}), or null without {@code sni}. */
    public String serverName(final java.nio.ByteBuffer head, final int from, final dev.baton.io.Endpoint client) {
        return sni == null ? null : sni.evaluate(head, from, client);
    }

    /** Whether the server line has an {@code sni} expression. */
    public boolean sendsSni() {
        return sni != null;
    }

    /** The size of the buffers a connection needs: one TLS record, encrypted or not. */
    public int bufferSize() {
        return bufferSize;
    }

    /** {@code tune.ssl.hard-maxrecord}: the most plaintext bytes per record sent (0: a full record). */
    public int maxRecord() {
        return maxRecord;
    }

    /** Whether {@code host} is an IP address literal (never sent as SNI). */
    static boolean isAddress(final String host) {
        return host.indexOf(':') >= 0 || !host.isEmpty() && host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }

    /** Frees the native context; once, when the daemon stops. */
    public void release() {
        cleanable.clean(); // once: the cleaner does nothing more later
    }

    /** The native context (for tests of its release). */
    SslContext sslContext() {
        return context;
    }
}
