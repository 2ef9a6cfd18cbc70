package dev.baton.tls;

import dev.baton.support.RunningDaemon;
import dev.baton.testservers.HttpBackend;
import dev.baton.testservers.TrustAnyCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bind ... ssl crt DIR}: the certificate a client gets for its server name, as HAProxy 2.6 picks it (exact
 * names from SAN and CN, then one-label wildcards, ECDSA before RSA when the client takes ECDSA, the first file of
 * the directory as default), {@code strict-sni}, and a request served through the TLS endpoint.
 */
class TlsSniSelectionTest {
    @TempDir
    Path tmp;
    private HttpBackend web;
    private RunningDaemon daemon;
    private int port;
    private int strictPort;

    @BeforeEach
    void start() throws Exception {
        final TlsCerts certs = new TlsCerts(tmp.resolve("certs"));
        certs.rsa("1-default.pem", "default.test");
        certs.rsa("2-www.pem", "www-rsa", "www.example.test", "api.example.test");
        certs.rsa("3-wild.pem", "*.wild.test");
        certs.ec("4-www-ec.pem", "www-ec", "www.example.test");
        web = HttpBackend.start(new HttpBackend.Options().name("web1"));
        port = RunningDaemon.freePort();
        strictPort = RunningDaemon.freePort();
        daemon = RunningDaemon.start(String.join("\n",
            "global",
            "    nbthread 1",
            "    crt-base " + tmp,
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + port + " ssl crt certs",
            "    bind 127.0.0.1:" + strictPort + " ssl crt certs/2-www.pem crt certs/1-default.pem strict-sni",
            "    default_backend web",
            "backend web",
            "    server w1 127.0.0.1:" + web.port(),
            ""));
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
        web.close();
    }

    private String cn(final int p, final String sni) throws Exception {
        try (TlsClient c = TlsClient.connect(p, sni, null)) {
            return c.subjectCn();
        }
    }

    @Test
    void theCertificateFollowsTheServerName() throws Exception {
        assertEquals("default.test", cn(port, null), "no SNI: the first file of the directory");
        assertEquals("www-ec", cn(port, "www.example.test"), "ECDSA first for a client that takes it");
        assertEquals("www-ec", cn(port, "WWW.Example.TEST"), "names compare without case");
        assertEquals("www-rsa", cn(port, "api.example.test"), "a SAN name");
        assertEquals("*.wild.test", cn(port, "foo.wild.test"), "a wildcard common name");
        assertEquals("default.test", cn(port, "a.b.wild.test"), "a wildcard covers one label only");
        assertEquals("default.test", cn(port, "unknown.test"));
    }

    @Test
    void rsaIsChosenForAClientWithoutEcdsaSuites() throws Exception {
        final SSLSocket s = (SSLSocket) TrustAnyCertificate.clientContext("TLS").getSocketFactory()
            .createSocket("127.0.0.1", port);
        try (s) {
            final SSLParameters p = s.getSSLParameters();
            p.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName("www.example.test")));
            p.setProtocols(new String[] {"TLSv1.2"});
            p.setCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
            s.setSSLParameters(p);
            s.startHandshake();
            final String dn = ((java.security.cert.X509Certificate) s.getSession().getPeerCertificates()[0])
                .getSubjectX500Principal().getName();
            assertEquals("CN=www-rsa", dn);
        }
    }

    @Test
    void strictSniRefusesUnknownNamesAndClientsWithoutSni() throws Exception {
        assertEquals("www-rsa", cn(strictPort, "www.example.test"));
        assertEquals("default.test", cn(strictPort, "default.test"));
        assertThrows(SSLException.class, () -> cn(strictPort, "unknown.test"));
        assertThrows(SSLException.class, () -> cn(strictPort, null));
    }

    @Test
    void aRequestGoesThroughToTheServer() throws Exception {
        try (TlsClient c = TlsClient.connect(port, "www.example.test", null)) {
            final String response = c.get("/hello");
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.contains("web1"), response);
        }
    }
}
