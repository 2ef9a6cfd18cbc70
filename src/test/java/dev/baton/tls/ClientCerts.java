package dev.baton.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A test CA made with the {@code openssl} command at test time: client certificates it signs (subject
 * {@code /C=FR/O=Baton Test/CN=NAME}, with the serial given), certificates it revokes, and its CRL; plus a client
 * certificate of another, unknown, CA. Files land in the directory the test owns; no key is committed.
 */
final class ClientCerts {
    final Path dir;
    final Path ca;
    private final Path caKey;
    private final Path config;

    ClientCerts(final Path dir) throws Exception {
        this(dir, "Baton Test CA");
    }

    /** The same with a CA named {@code caName} (two CAs of one test need two names). */
    ClientCerts(final Path dir, final String caName) throws Exception {
        this.dir = Files.createDirectories(dir);
        this.ca = dir.resolve("ca.pem");
        this.caKey = dir.resolve("ca.key");
        this.config = dir.resolve("ca.cnf");
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("crlnumber"), "01\n");
        Files.writeString(config, String.join("\n", "[ ca ]", "default_ca = CA_default", "[ CA_default ]",
            "database = " + dir.resolve("index.txt"), "crlnumber = " + dir.resolve("crlnumber"),
            "default_md = sha256", "default_crl_days = 30", ""));
        TlsCerts.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(),
            "-out", ca.toString(), "-days", "2", "-subj", "/CN=" + caName, "-addext",
            "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"));
    }

    /** Signs a client certificate for {@code cn} with {@code serial} (hex): its PEM (certificate then key). */
    Path client(final String cn, final String serialHex) throws Exception {
        final Path key = dir.resolve(cn + ".key");
        final Path csr = dir.resolve(cn + ".csr");
        final Path crt = dir.resolve(cn + ".crt");
        TlsCerts.run(List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
            csr.toString(), "-subj", "/C=FR/O=Baton Test/CN=" + cn));
        TlsCerts.run(List.of("openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey",
            caKey.toString(), "-set_serial", "0x" + serialHex, "-days", "2", "-out", crt.toString()));
        final Path pem = dir.resolve(cn + ".pem");
        Files.writeString(pem, Files.readString(crt) + Files.readString(key));
        return pem;
    }

    /** A self-signed client certificate for {@code cn}: no CA of the test knows it. */
    Path stranger(final String cn) throws Exception {
        return new TlsCerts(dir).rsa(cn + ".pem", cn);
    }

    /** Revokes the certificate of {@code pem}. */
    void revoke(final Path pem) throws Exception {
        TlsCerts.run(List.of("openssl", "ca", "-config", config.toString(), "-keyfile", caKey.toString(), "-cert",
            ca.toString(), "-revoke", pem.toString()));
    }

    /** The CRL of every revocation so far. */
    Path crl() throws Exception {
        final Path crl = dir.resolve("crl.pem");
        TlsCerts.run(List.of("openssl", "ca", "-config", config.toString(), "-keyfile", caKey.toString(), "-cert",
            ca.toString(), "-gencrl", "-out", crl.toString()));
        return crl;
    }
}
