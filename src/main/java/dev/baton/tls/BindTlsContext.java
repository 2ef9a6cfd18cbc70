package dev.baton.tls;

import dev.baton.config.BindConfig;
import dev.baton.config.BindTls;
import dev.baton.config.TlsDefaults;
import dev.baton.config.TlsVersions;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.internal.tcnative.SSL;
import io.netty.internal.tcnative.SSLContext;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * Everything a {@code bind ... ssl} line needs at run time: one BoringSSL context per certificate, configured with
 * the line's settings over the global {@code ssl-default-bind-*} ones (as HAProxy's {@code bind_parse_ssl} merges
 * them: the line wins, version flags and options add up), and the {@link CertIndex} that picks among them. Built at
 * start-up (and by {@code -c}), off the reactors; immutable and shared by every reactor afterwards (BoringSSL
 * contexts are thread-safe).
 */
public final class BindTlsContext {
    /** BoringSSL's TLS 1.3 cipher suites: always all enabled, not configurable. */
    static final Set<String> TLS13_SUITES = Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256");
    private static final ByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(true);

    private final CertIndex index;
    private final boolean strictSni;
    private final int bufferSize;
    private final String description;

    private BindTlsContext(final CertIndex index, final boolean strictSni, final int bufferSize,
                           final String description) {
        this.index = index;
        this.strictSni = strictSni;
        this.bufferSize = bufferSize;
        this.description = description;
    }

    /**
     * Loads the certificates of {@code bind} and configures their contexts. IOException: a message that names the
     * file or the setting at fault, as HAProxy's start-up would.
     */
    public static BindTlsContext build(final BindConfig bind, final TlsDefaults global) throws IOException {
        TlsLibrary.ensureAvailable();
        final BindTls tls = bind.tls();
        final int min = tls.minVersion() != TlsVersions.NONE ? tls.minVersion() : global.bindMinVersion();
        final int max = tls.maxVersion() != TlsVersions.NONE ? tls.maxVersion() : global.bindMaxVersion();
        final int range = TlsVersions.range(min, max, tls.disabledVersions() | global.bindDisabledVersions());
        if (range < 0) {
            throw new IOException("all SSL/TLS versions are disabled for bind '" + bind.display() + "'");
        }
        final List<String> protocols = new ArrayList<>();
        for (int v = range >> 8; v <= (range & 0xFF); v++) {
            protocols.add(TlsVersions.engineName(v));
        }
        final Settings s = new Settings(protocols, tls.alpn(),
            tls.ciphers() != null ? tls.ciphers() : global.bindCiphers(),
            tls.ciphersuites() != null ? tls.ciphersuites() : global.bindCiphersuites(),
            tls.curves() != null ? tls.curves() : global.bindCurves(), tls.ecdhe(),
            tls.noTlsTickets() || global.bindNoTlsTickets(),
            tls.preferClientCiphers() || global.bindPreferClientCiphers(), global.cacheSize(), global.lifetimeSec());
        checkCiphersuites(s.ciphersuites());
        final CertIndex index = new CertIndex();
        try {
            for (final String crt : tls.certs()) {
                for (final Path file : files(resolve(crt, global.crtBase()))) {
                    final PemBundle pem = PemBundle.load(file);
                    index.add(new CertIndex.Cert(file.toString(), context(pem, s), CertIndex.keyType(pem),
                        CertIndex.names(pem.chain().get(0))));
                }
            }
            if (index.all().isEmpty()) {
                throw new IOException("no certificate found in '" + String.join("', '", tls.certs()) + "'");
            }
            return new BindTlsContext(index, tls.strictSni(), bufferSize(index.defaultCert().context()),
                bind.display());
        } catch (final IOException | RuntimeException e) {
            for (final CertIndex.Cert c : index.all()) {
                ReferenceCountUtil.release(c.context());
            }
            throw e;
        }
    }

    /** The settings that apply to each certificate's context. */
    private record Settings(List<String> protocols, List<String> alpn, String ciphers, String ciphersuites,
                            String curves, String ecdhe, boolean noTickets, boolean preferClientCiphers,
                            int cacheSize, long lifetimeSec) {
    }

    private static SslContext context(final PemBundle pem, final Settings s) throws IOException {
        final SslContextBuilder b = SslContextBuilder.forServer(pem.key(), pem.chain())
            .sslProvider(SslProvider.OPENSSL_REFCNT)
            // the handshake's computations run inline on the reactor (README "TLS": measured), not as delegated tasks
            .option(OpenSslContextOption.USE_TASKS, false)
            .protocols(s.protocols())
            .sessionCacheSize(s.cacheSize())
            .sessionTimeout(s.lifetimeSec());
        if (s.alpn() != null) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, s.alpn()));
        }
        final SslContext context;
        try {
            context = b.build();
        } catch (final SSLException | IllegalArgumentException e) {
            throw new IOException("'" + pem.file() + "': " + e.getMessage()
                + " (does the private key belong to the certificate?)", e);
        }
        try {
            configure(nativeContext(context), s);
        } catch (final IOException | RuntimeException e) {
            ReferenceCountUtil.release(context);
            throw e;
        }
        return context;
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
    private static void configure(final long ctx, final Settings s) throws IOException {
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

    /**
     * BoringSSL always offers its three TLS 1.3 suites: a {@code ciphersuites} list naming all of them is what it does
     * (in its own order); a shorter one cannot be honoured, so it is refused naming why.
     */
    static void checkCiphersuites(final String ciphersuites) throws IOException {
        if (ciphersuites == null) {
            return;
        }
        final Set<String> named = new TreeSet<>(Arrays.asList(ciphersuites.split(":")));
        if (!named.equals(new TreeSet<>(TLS13_SUITES))) {
            throw new IOException("ciphersuites '" + ciphersuites + "' cannot be honoured: baton's TLS engine "
                + "(BoringSSL) always offers exactly TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384 and "
                + "TLS_CHACHA20_POLY1305_SHA256 for TLS 1.3; name all three, or leave TLS 1.3 out with ssl-max-ver "
                + "TLSv1.2");
        }
    }

    /** {@code crt} as HAProxy resolves it: relative to {@code crt-base} when set. */
    static Path resolve(final String crt, final String crtBase) {
        return crtBase != null && !crt.startsWith("/") ? Path.of(crtBase, crt) : Path.of(crt);
    }

    /** A file, or the certificate files of a directory as HAProxy lists them (name order, side files skipped). */
    static List<Path> files(final Path crt) throws IOException {
        if (!Files.isDirectory(crt)) {
            if (!Files.isRegularFile(crt)) {
                throw new IOException("unable to stat SSL certificate from file '" + crt + "'");
            }
            return List.of(crt);
        }
        final List<Path> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(crt)) {
            entries.sorted().forEach(p -> {
                final String name = p.getFileName().toString();
                final int dot = name.lastIndexOf('.');
                final String ext = dot < 0 ? "" : name.substring(dot);
                final boolean skipped = dot >= 0 && (name.startsWith(".") || ext.equals(".issuer")
                    || ext.equals(".ocsp") || ext.equals(".sctl") || ext.equals(".key"));
                if (!skipped && Files.isRegularFile(p)) {
                    out.add(p);
                }
            });
        }
        return out;
    }

    static int bufferSize(final SslContext context) {
        final SSLEngine probe = context.newEngine(ALLOCATOR);
        try {
            return Math.max(probe.getSession().getPacketBufferSize(), probe.getSession().getApplicationBufferSize());
        } finally {
            ReferenceCountUtil.release(probe);
        }
    }

    /** The certificate for a ClientHello, or null when {@code strict-sni} refuses it. */
    CertIndex.Cert select(final ClientHello hello) {
        return index.select(hello.sni, hello.ecdsa, hello.rsa, strictSni);
    }

    /** A server engine for {@code cert}; the caller releases it ({@link ReferenceCountUtil#release}). */
    SSLEngine newEngine(final CertIndex.Cert cert) {
        return cert.context().newEngine(ALLOCATOR);
    }

    /** The size of the buffers a connection of this bind needs: one TLS record, encrypted or not. */
    public int bufferSize() {
        return bufferSize;
    }

    /** Frees the native contexts; once, when the daemon stops. */
    public void release() {
        for (final CertIndex.Cert c : index.all()) {
            ReferenceCountUtil.release(c.context());
        }
    }

    /** The files loaded, in order (the first is the default certificate). */
    public List<String> files() {
        final List<String> out = new ArrayList<>();
        for (final CertIndex.Cert c : index.all()) {
            out.add(c.file());
        }
        return out;
    }

    @Override
    public String toString() {
        return "tls[" + description + " " + files() + "]";
    }
}
