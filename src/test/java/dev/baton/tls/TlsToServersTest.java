package dev.baton.tls;

import dev.baton.StartupException;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code server ... ssl} against a real TLS server (the JDK's, started by the test with certificates the test made):
 * {@code verify required} with the right CA, a wrong CA (503, {@code SC--}, the server never gets the request),
 * {@code verify none}, {@code verifyhost}, SNI from the Host header and from {@code str()}, the name check against
 * the SNI, a client certificate ({@code crt}) the server requires, {@code alpn}, and the start-up errors HAProxy 2.6
 * gives for a server without a CA file.
 */
class TlsToServersTest {
    @TempDir
    Path tmp;
    private ServerTlsCerts good;
    private ServerTlsCerts other;
    private Path serverPem;
    private TlsHttpsServer server;
    private RunningDaemon baton;

    @BeforeEach
    void certificates() throws Exception {
        good = ServerTlsCerts.authority(tmp.resolve("pki"), "good");
        other = ServerTlsCerts.authority(tmp.resolve("pki"), "other");
        serverPem = good.server("server.pem", "www.example.test", "www.example.test", "api.example.test");
        TrafficLogCapture.clear();
    }

    @AfterEach
    void stop() throws Exception {
        if (baton != null) {
            baton.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Starts baton with one backend whose server line ends with {@code options}; its frontend's port. */
    private int baton(final String global, final String options) throws Exception {
        final int port = RunningDaemon.freePort();
        baton = RunningDaemon.start(String.join("\n",
            "global",
            "    nbthread 1",
            global,
            "defaults",
            "    mode http",
            "    log global",
            "    option httplog",
            "    retries 1",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:" + server.port() + " ssl " + options,
            ""));
        return port;
    }

    private static RawHttp.Response get(final int port, final String host) throws Exception {
        try (RawHttp c = RawHttp.open(port)) {
            return c.send("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").read();
        }
    }

    @Test
    void verifyRequiredWithTheRightCaPassesAndTheHostHeaderIsTheSni() throws Exception {
        server = TlsHttpsServer.start(serverPem, null);
        final int port = baton("", "verify required ca-file " + good.caFile + " sni req.hdr(host)");
        final RawHttp.Response r = get(port, "api.example.test");
        assertEquals(200, r.status, r.text());
        assertTrue(r.text().contains("sni=api.example.test"), r.text());
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedWith503AndTheServerNeverGetsTheRequest() throws Exception {
        server = TlsHttpsServer.start(serverPem, null);
        final int port = baton("", "verify required ca-file " + other.caFile);
        final RawHttp.Response r;
        final int clientPort;
        try (RawHttp c = RawHttp.open(port)) {
            clientPort = c.localPort();
            r = c.send("GET /secret HTTP/1.1\r\nHost: www.example.test\r\n\r\n").read();
        }
        assertEquals(503, r.status, r.text());
        final String line = TrafficLogCapture.awaitTcplog(clientPort);
        assertTrue(line.contains(" 503 ") && line.contains(" SC-- ") && line.contains("be/s1"), line);
        assertEquals(0, server.handshakes.size(), "no handshake completed: " + server.handshakes);
        assertEquals(2, server.connections(), "retries 1: two attempts, both refused");
    }

    @Test
    void verifyNoneAcceptsAnyCertificate() throws Exception {
        server = TlsHttpsServer.start(serverPem, null);
        final int port = baton("", "verify none");
        assertEquals(200, get(port, "www.example.test").status);
        assertEquals("-", server.handshakes.peek().sni(), "no sni: none sent");
    }

    @Test
    void concurrentServerHandshakesAllComplete() throws Exception {
        // Each request opens its own server connection (http-reuse never): 32 handshakes with the server at once on
        // one reactor, whose steps wait in the reactor's heavy queue one per turn, their sockets unpolled meanwhile.
        server = TlsHttpsServer.start(serverPem, null);
        final int port = baton("", "verify none\n    http-reuse never");
        final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(32);
        try {
            final java.util.List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                statuses.add(pool.submit(() -> get(port, "www.example.test").status));
            }
            for (final java.util.concurrent.Future<Integer> f : statuses) {
                assertEquals(200, f.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(32, server.connections(), "one server connection, hence one handshake, per request");
    }

    @Test
    void sslServerVerifyNoneIsTheGlobalDefault() throws Exception {
        server = TlsHttpsServer.start(serverPem, null);
        final int port = baton("    ssl-server-verify none", "");
        assertEquals(200, get(port, "www.example.test").status);
    }

    @Test
    void theNameIsCheckedAgainstTheSniOrElseVerifyhost() throws Exception {
        server = TlsHttpsServer.start(serverPem, null);
        final String ca = "verify required ca-file " + good.caFile;
        int port = baton("", ca + " sni str(www.example.test)");
        RawHttp.Response r = get(port, "unrelated.test");
        assertEquals(200, r.status, r.text());
        assertTrue(r.text().contains("sni=www.example.test"), r.text());
        baton.close();

        port = baton("", ca + " sni str(elsewhere.test)");
        assertEquals(503, get(port, "www.example.test").status, "the SNI sent is not in the certificate");
        baton.close();

        port = baton("", ca + " verifyhost api.example.test");
        assertEquals(200, get(port, "x").status, "verifyhost matches a SAN name");
        baton.close();

        port = baton("", ca + " verifyhost nope.example.test");
        assertEquals(503, get(port, "x").status, "verifyhost matches no name");
        baton.close();

        port = baton("", ca);
        assertEquals(200, get(port, "x").status, "neither SNI nor verifyhost: any name, as HAProxy");
    }

    @Test
    void aClientCertificateIsPresentedWhenTheServerRequiresOne() throws Exception {
        final Path client = good.client("client.pem", "baton-client");
        server = TlsHttpsServer.start(serverPem, good.caFile);
        int port = baton("", "verify required ca-file " + good.caFile + " crt " + client);
        final RawHttp.Response r = get(port, "www.example.test");
        assertEquals(200, r.status, r.text());
        assertTrue(r.text().contains("client=CN=baton-client"), r.text());
        baton.close();

        // TLS 1.2: the server refuses within the handshake (in TLS 1.3 its alert comes after baton's Finished, on the
        // first read, as it does to HAProxy: a failed response then, not a failed connect)
        port = baton("", "verify required ca-file " + good.caFile + " ssl-max-ver TLSv1.2");
        assertEquals(503, get(port, "www.example.test").status, "no client certificate: the server refuses");
    }

    @Test
    void alpnIsOffered() throws Exception {
        server = TlsHttpsServer.start(serverPem, null, "http/1.1");
        final int port = baton("", "verify none alpn http/1.1");
        final RawHttp.Response r = get(port, "www.example.test");
        assertEquals(200, r.status, r.text());
        assertTrue(r.text().contains("alpn=http/1.1"), r.text());
    }

    @Test
    void withoutCaFileVerifyRequiredIsAStartupErrorAsInHaproxy() throws Exception {
        server = TlsHttpsServer.start(serverPem, null);
        final StartupException e = assertThrows(StartupException.class, () -> baton("", ""));
        assertTrue(e.getMessage().contains("server 's1': verify is enabled by default but no CA file specified"),
            e.getMessage());
        final StartupException explicit = assertThrows(StartupException.class, () -> baton("", "verify required"));
        assertTrue(explicit.getMessage().contains("verify is enabled but no CA file specified"),
            explicit.getMessage());
    }
}
