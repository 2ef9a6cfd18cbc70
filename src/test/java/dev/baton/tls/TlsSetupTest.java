package dev.baton.tls;

import dev.baton.config.BatonConfig;
import dev.baton.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loading what {@code bind ... ssl} names, as start-up and {@code -c} load it: PEM files with PKCS#8, PKCS#1 and SEC1
 * keys, a key in a {@code .key} side file, directories (side files skipped, name order), {@code crt-base}; and the
 * errors, each naming the file or setting at fault.
 */
class TlsSetupTest {
    @TempDir
    Path tmp;

    private BatonConfig config;

    private TlsSetup setup(final String bindOptions, final String... globals) throws Exception {
        final StringBuilder cfg = new StringBuilder("global\n");
        for (final String g : globals) {
            cfg.append("    ").append(g).append('\n');
        }
        cfg.append("frontend fe\n    mode http\n    bind 127.0.0.1:1 ").append(bindOptions)
            .append("\n    http-request return status 200\n");
        config = ConfigLoader.parse("t.cfg", cfg.toString(), Map.of());
        return TlsSetup.build(config);
    }

    private String error(final String bindOptions, final String... globals) throws Exception {
        final TlsSetup s = setup(bindOptions, globals);
        s.release();
        assertEquals(1, s.errors().size(), s.errors().toString());
        return s.errors().get(0);
    }

    @Test
    void traditionalKeysAndSideFilesLoad() throws Exception {
        final TlsCerts certs = new TlsCerts(tmp);
        final Path rsa = certs.rsa("rsa.pem", "rsa.test");
        final Path ec = certs.ec("ec.pem", "ec.test");
        // PKCS#1 and SEC1 keys, as older tools and 'openssl ecparam -genkey' write them
        final Path pkcs1 = tmp.resolve("pkcs1.pem");
        Files.writeString(pkcs1, TlsCerts.run(List.of("openssl", "x509", "-in", rsa.toString()))
            + TlsCerts.run(List.of("openssl", "rsa", "-traditional", "-in", rsa.toString())));
        assertTrue(Files.readString(pkcs1).contains("BEGIN RSA PRIVATE KEY"));
        final Path sec1 = tmp.resolve("sec1.pem");
        Files.writeString(sec1, TlsCerts.run(List.of("openssl", "x509", "-in", ec.toString()))
            + TlsCerts.run(List.of("openssl", "ec", "-in", ec.toString())));
        assertTrue(Files.readString(sec1).contains("BEGIN EC PRIVATE KEY"));
        // a certificate alone, its key in FILE.key
        final Path split = tmp.resolve("split.pem");
        Files.writeString(split, TlsCerts.run(List.of("openssl", "x509", "-in", rsa.toString())));
        Files.writeString(tmp.resolve("split.pem.key"), TlsCerts.run(List.of("openssl", "pkey", "-in", rsa.toString())));
        final TlsSetup s = setup("ssl crt pkcs1.pem crt sec1.pem crt split.pem", "crt-base " + tmp);
        try {
            assertEquals(List.of(), s.errors());
        } finally {
            s.release();
        }
    }

    @Test
    void aDirectoryLoadsItsCertificatesInNameOrderAndSkipsSideFiles() throws Exception {
        final Path dir = tmp.resolve("d");
        final TlsCerts certs = new TlsCerts(dir);
        certs.rsa("b.pem", "b.test");
        certs.rsa("a.pem", "a.test");
        Files.writeString(dir.resolve("a.pem.ocsp"), "not a certificate");
        Files.writeString(dir.resolve("x.key"), "not a certificate");
        Files.writeString(dir.resolve(".hidden.pem"), "not a certificate");
        final TlsSetup s = setup("ssl crt " + dir);
        try {
            assertEquals(List.of(), s.errors());
            final BindTlsContext c = s.context(config.frontends().get(0).binds().get(0));
            assertEquals(List.of(dir.resolve("a.pem").toString(), dir.resolve("b.pem").toString()), c.files(),
                "name order: a.pem is the default certificate");
        } finally {
            s.release();
        }
    }

    @Test
    void errorsNameTheFileOrTheSetting() throws Exception {
        final TlsCerts certs = new TlsCerts(tmp);
        final Path a = certs.rsa("a.pem", "a.test");
        final Path b = certs.rsa("b.pem", "b.test");
        assertEquals("t.cfg:4: frontend 'fe': bind 127.0.0.1:1: unable to stat SSL certificate from file '"
            + tmp.resolve("none.pem") + "'", error("ssl crt " + tmp.resolve("none.pem")));
        final Path mismatch = tmp.resolve("mismatch.pem");
        Files.writeString(mismatch, TlsCerts.run(List.of("openssl", "x509", "-in", a.toString()))
            + TlsCerts.run(List.of("openssl", "pkey", "-in", b.toString())));
        assertTrue(error("ssl crt " + mismatch).endsWith("inconsistencies between private key and certificate loaded "
            + "from PEM file '" + mismatch + "'"));
        final Path nokey = tmp.resolve("nokey.pem");
        Files.writeString(nokey, TlsCerts.run(List.of("openssl", "x509", "-in", a.toString())));
        assertTrue(error("ssl crt " + nokey).endsWith("unable to load SSL private key from PEM file '" + nokey
            + "' (nor from 'nokey.pem.key')"));
        final Path encrypted = tmp.resolve("enc.pem");
        Files.writeString(encrypted, TlsCerts.run(List.of("openssl", "x509", "-in", a.toString()))
            + TlsCerts.run(List.of("openssl", "pkey", "-in", a.toString(), "-aes256", "-passout", "pass:x")));
        assertTrue(error("ssl crt " + encrypted).contains("encrypted private keys are not supported"));
        assertTrue(error("ssl crt " + a + " ciphers NOSUCHCIPHER").endsWith("unable to set SSL cipher list to "
            + "'NOSUCHCIPHER'"));
        assertTrue(error("ssl crt " + a + " curves P-999").endsWith("unable to set SSL curves list to 'P-999'"));
        assertTrue(error("ssl crt " + a + " ciphersuites TLS_AES_128_GCM_SHA256").contains("cannot be honoured"));
        assertTrue(error("ssl crt " + a + " no-tlsv12 no-tlsv13").endsWith("all SSL/TLS versions are disabled for "
            + "bind '127.0.0.1:1'"));
    }

    @Test
    void clientCertificateCrtListAndTicketKeyErrorsNameTheFileOrTheSetting() throws Exception {
        final Path a = new TlsCerts(tmp).rsa("a.pem", "a.test");
        assertEquals("t.cfg:4: frontend 'fe': bind 127.0.0.1:1: verify is enabled but no CA file specified for bind "
            + "'127.0.0.1:1'", error("ssl crt " + a + " verify required"));
        assertTrue(error("ssl crt " + a + " verify optional ca-file " + tmp.resolve("ca.pem"))
            .contains("unable to load CA file '" + tmp.resolve("ca.pem") + "'"));
        final String crl = error("ssl crt " + a + " verify optional ca-file " + a + " crl-file " + a);
        assertTrue(crl.contains("unable to configure CRL file '" + a + "'"), crl);
        final Path list = tmp.resolve("list.txt");
        Files.writeString(list, "# certificates\n" + a + " [npn http/1.1] a.test\n");
        assertTrue(error("ssl crt-list " + list).endsWith("crt-list '" + list + "' line 2: crt-list option 'npn' is "
            + "refused: NPN is obsolete and baton's TLS engine offers ALPN only; use 'alpn http/1.1'"));
        Files.writeString(list, a + " [verify required] a.test\n");
        assertTrue(error("ssl crt-list " + list).endsWith("verify is enabled but no CA file specified for bind "
            + "'127.0.0.1:1'"));
        final Path keys = tmp.resolve("keys.txt");
        final java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        Files.writeString(keys, b64.encodeToString(new byte[80]) + "\n");
        assertTrue(error("ssl crt " + a + " tls-ticket-keys " + keys).contains("80-byte (AES-256) keys cannot be "
            + "honoured"));
        Files.writeString(keys, b64.encodeToString(new byte[48]) + "\n");
        assertTrue(error("ssl crt " + a + " tls-ticket-keys " + keys).endsWith("must contain at least 3 keys"));
        Files.writeString(keys, (b64.encodeToString(new byte[48]) + "\n").repeat(3));
        final TlsSetup ok = setup("ssl crt " + a + " tls-ticket-keys " + keys + " crt-list " + list.resolveSibling(
            "ok.txt"));
        ok.release();
        assertTrue(ok.errors().get(0).contains("cannot open the crt-list"), ok.errors().toString());
    }
}
