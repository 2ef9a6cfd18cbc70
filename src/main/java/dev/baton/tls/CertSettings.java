package dev.baton.tls;

import dev.baton.config.BindConfig;
import dev.baton.config.BindTls;
import dev.baton.config.CrtListFile;
import dev.baton.config.TlsDefaults;
import dev.baton.config.TlsVersions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of one certificate's context: the bind line's over the global {@code ssl-default-bind-*} ones (as
 * HAProxy's {@code bind_parse_ssl} merges them: the line wins, version flags and options add up), and over both the
 * options of its {@code crt-list} line, if any (HAProxy's {@code ssl_sock_prepare_ctx} with an {@code ssl_conf}).
 * Files are resolved: {@code ca-file}, {@code ca-verify-file} and {@code crl-file} against {@code ca-base}.
 * Immutable.
 */
record CertSettings(List<String> protocols, List<String> alpn, String ciphers, String ciphersuites, String curves,
                    String ecdhe, boolean noTickets, boolean preferClientCiphers, int cacheSize, long lifetimeSec,
                    int verify, Path caFile, Path caVerifyFile, Path crlFile, boolean noCaNames, long crtIgnoreErr,
                    long caIgnoreErr, String where) {

    /** The settings of {@code bind}'s own certificates. */
    static CertSettings of(final BindConfig bind, final TlsDefaults global) throws IOException {
        return of(bind, global, CrtListFile.Options.NONE);
    }

    /** The settings of a certificate of {@code bind} whose crt-list line says {@code line}. */
    static CertSettings of(final BindConfig bind, final TlsDefaults global, final CrtListFile.Options line)
        throws IOException {
        final BindTls tls = bind.tls();
        final int bindMin = tls.minVersion() != TlsVersions.NONE ? tls.minVersion() : global.bindMinVersion();
        final int bindMax = tls.maxVersion() != TlsVersions.NONE ? tls.maxVersion() : global.bindMaxVersion();
        final int min = line.minVersion() != TlsVersions.NONE ? line.minVersion() : bindMin;
        final int max = line.maxVersion() != TlsVersions.NONE ? line.maxVersion() : bindMax;
        final int range = TlsVersions.range(min, max, tls.disabledVersions() | global.bindDisabledVersions());
        if (range < 0) {
            throw new IOException("all SSL/TLS versions are disabled for bind '" + bind.display() + "'");
        }
        final List<String> protocols = new ArrayList<>();
        for (int v = range >> 8; v <= (range & 0xFF); v++) {
            protocols.add(TlsVersions.engineName(v));
        }
        // the bind line's own names are joined already; a crt-list line's are read from default-path's directory
        final String caBase = global.caBase() != null ? global.caBase() : tls.fileBase();
        final CertSettings s = new CertSettings(protocols, line.alpn() != null ? line.alpn() : tls.alpn(),
            first(line.ciphers(), tls.ciphers(), global.bindCiphers()),
            first(line.ciphersuites(), tls.ciphersuites(), global.bindCiphersuites()),
            first(line.curves(), tls.curves(), global.bindCurves()), first(line.ecdhe(), tls.ecdhe(), null),
            tls.noTlsTickets() || global.bindNoTlsTickets(),
            tls.preferClientCiphers() || global.bindPreferClientCiphers(), global.cacheSize(), global.lifetimeSec(),
            line.verify() != 0 ? line.verify() : tls.verify(),
            file(first(line.caFile(), tls.caFile(), null), caBase),
            file(first(line.caVerifyFile(), tls.caVerifyFile(), null), caBase),
            file(first(line.crlFile(), tls.crlFile(), null), caBase), line.noCaNames() || tls.noCaNames(),
            tls.crtIgnoreErr(), tls.caIgnoreErr(), bind.display());
        BindTlsContext.checkCiphersuites(s.ciphersuites());
        if (s.verifiesClients() && s.caFile() == null && s.caVerifyFile() == null) {
            throw new IOException("verify is enabled but no CA file specified for bind '" + bind.display() + "'");
        }
        return s;
    }

    /** {@code verify optional} or {@code required}: a client certificate is asked for. */
    boolean verifiesClients() {
        return verify == BindTls.VERIFY_OPTIONAL || verify == BindTls.VERIFY_REQUIRED;
    }

    private static String first(final String a, final String b, final String c) {
        return a != null ? a : b != null ? b : c;
    }

    /** {@code name} as HAProxy resolves a CA or CRL file: relative to {@code ca-base} when set. */
    static Path file(final String name, final String caBase) {
        if (name == null) {
            return null;
        }
        return caBase != null && !name.startsWith("/") ? Path.of(caBase, name) : Path.of(name);
    }
}
