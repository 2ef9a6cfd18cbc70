package dev.baton.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A certificate authority made at test time with the {@code openssl} command (no private key is committed), and the
 * certificates it signs: ECDSA P-256, a common name and DNS alternative names, each written as HAProxy's PEM
 * (certificate, then key). For the tests of TLS to servers, where baton checks a server's certificate against a CA
 * ({@code ca-file}) and presents its own ({@code crt}). A missing {@code openssl} skips the test.
 */
final class ServerTlsCerts {
    private final Path dir;
    private final String name;
    private final Path caKey;
    /** The CA's certificate alone: what {@code ca-file} names. */
    final Path caFile;

    private ServerTlsCerts(final Path dir, final String name) throws Exception {
        this.dir = dir;
        this.name = name;
        Files.createDirectories(dir);
        caKey = dir.resolve(name + "-ca.key");
        caFile = dir.resolve(name + "-ca.pem");
        TlsCerts.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "2", "-subj", "/CN=" + name + " test CA", "-keyout", caKey.toString(), "-out",
            caFile.toString(), "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign"));
    }

    /** A new CA named {@code name}, its files in {@code dir}. */
    static ServerTlsCerts authority(final Path dir, final String name) throws Exception {
        return new ServerTlsCerts(dir, name);
    }

    /** A server certificate signed by this CA for {@code cn} and the DNS names {@code sans}: the PEM's path. */
    Path server(final String file, final String cn, final String... sans) throws Exception {
        return sign(file, cn, "serverAuth", sans);
    }

    /** A client certificate (what {@code server ... crt} presents) signed by this CA. */
    Path client(final String file, final String cn) throws Exception {
        return sign(file, cn, "clientAuth");
    }

    private Path sign(final String file, final String cn, final String usage, final String... sans) throws Exception {
        final Path key = dir.resolve(file + ".key");
        final Path csr = dir.resolve(file + ".csr");
        final Path crt = dir.resolve(file + ".crt");
        final Path ext = dir.resolve(file + ".ext");
        Files.writeString(ext, "basicConstraints=CA:FALSE\nextendedKeyUsage=" + usage + "\n"
            + (sans.length > 0 ? "subjectAltName=DNS:" + String.join(",DNS:", sans) + "\n" : ""));
        TlsCerts.run(List.of("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-subj", "/CN=" + cn, "-keyout", key.toString(), "-out", csr.toString()));
        TlsCerts.run(List.of("openssl", "x509", "-req", "-in", csr.toString(), "-CA", caFile.toString(), "-CAkey",
            caKey.toString(), "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", crt.toString()));
        final Path pem = dir.resolve(file);
        Files.writeString(pem, Files.readString(crt) + Files.readString(key));
        return pem;
    }

    @Override
    public String toString() {
        return name + " CA";
    }
}
