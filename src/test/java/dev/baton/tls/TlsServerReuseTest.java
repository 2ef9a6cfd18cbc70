package dev.baton.tls;

import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reuse over TLS: pooled TLS server connections are reused only for requests that would send the same SNI (HAProxy
 * 2.4's hash-based reuse), also when a sibling reactor takes one over ({@code nbthread 2}); and TLS sessions are
 * resumed on new connections to a server (seen by {@code openssl s_server}, which says "Reused") unless
 * {@code no-ssl-reuse}.
 */
class TlsServerReuseTest {
    @TempDir
    Path tmp;
    private ServerTlsCerts ca;
    private Path serverPem;
    private TlsHttpsServer server;
    private RunningDaemon baton;
    private Process sServer;

    @BeforeEach
    void certificates() throws Exception {
        ca = ServerTlsCerts.authority(tmp.resolve("pki"), "reuse");
        serverPem = ca.server("server.pem", "a.example.test", "a.example.test", "b.example.test");
    }

    @AfterEach
    void stop() throws Exception {
        if (baton != null) {
            baton.close();
        }
        if (server != null) {
            server.close();
        }
        if (sServer != null) {
            sServer.destroy(); // by its PID
            if (!sServer.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                sServer.destroyForcibly();
            }
        }
    }

    private int baton(final int threads, final int serverPort, final String reuse, final String options)
        throws Exception {
        final int port = RunningDaemon.freePort();
        baton = RunningDaemon.start(String.join("\n",
            "global",
            "    nbthread " + threads,
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    default_backend be",
            "backend be",
            "    http-reuse " + reuse,
            "    server s1 127.0.0.1:" + serverPort + " ssl verify required ca-file " + ca.caFile + " " + options,
            ""));
        return port;
    }

    @Test
    void aConnectionMadeForOneSniNeverServesAnother() throws Exception {
        server = TlsHttpsServer.start(serverPem, null);
        // pool-low-conn 2: both idle connections are kept (one client's estimated need is one)
        final int port = baton(1, server.port(), "safe", "sni req.hdr(host) pool-low-conn 2");
        try (RawHttp c = RawHttp.open(port)) {
            final String[] hosts = {"a.example.test", "b.example.test", "a.example.test", "b.example.test",
                "b.example.test", "a.example.test"};
            for (final String host : hosts) {
                final String body = c.send("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").read().text();
                assertTrue(body.contains("sni=" + host), host + " answered on " + body);
                assertTrue(body.startsWith(host.startsWith("a") ? "conn=1 " : "conn=2 "),
                    "one connection per name, each reused for its own name: " + body);
            }
        }
        assertEquals(2, server.connections(), "two names, two connections: " + server.handshakes);
    }

    @Test
    void takenOverAcrossReactorsATlsConnectionStillServesOnlyItsSni() throws Exception {
        server = TlsHttpsServer.start(serverPem, null);
        final int port = baton(2, server.port(), "always", "sni req.hdr(host)");
        for (int i = 0; i < 40; i++) {
            final String host = i % 2 == 0 ? "a.example.test" : "b.example.test";
            try (RawHttp c = RawHttp.open(port)) {
                final RawHttp.Response r = c.send("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .read();
                assertEquals(200, r.status, r.text());
                assertTrue(r.text().contains("sni=" + host), host + " answered on " + r.text());
            }
        }
        long takeovers = 0;
        for (int r = 0; r < 2; r++) {
            takeovers += baton.onReactor(r, reactor -> reactor.stats().fdTakeovers.get());
        }
        assertTrue(takeovers > 0, "40 clients on two reactors: idle TLS connections were taken over");
        assertTrue(server.connections() < 20, "connections were reused: " + server.connections());
        for (final TlsHttpsServer.Handshake h : server.handshakes) {
            assertTrue(h.sni().equals("a.example.test") || h.sni().equals("b.example.test"), h.toString());
        }
    }

    /** {@code openssl s_server -www} on {@code pem}: its page says "New" or "Reused" for each TLS session. */
    private int sServer(final Path pem) throws Exception {
        final int p = RunningDaemon.freePort();
        TlsCerts.run(List.of("openssl", "version")); // skips the test without openssl
        sServer = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + p, "-cert", pem.toString(),
            "-www", "-quiet").redirectErrorStream(true).redirectOutput(tmp.resolve("s_server.out").toFile()).start();
        await("s_server listening").atMost(Duration.ofSeconds(10)).until(() -> HaproxyProcess.listening(p));
        return p;
    }

    private static String page(final int port) throws Exception {
        try (RawHttp c = RawHttp.open(port)) {
            final RawHttp.Response r = c.send("GET / HTTP/1.1\r\nHost: a.example.test\r\n\r\n").read();
            assertEquals(200, r.status, r.text());
            return r.text();
        }
    }

    @Test
    void sessionsAreResumedOnNewConnections() throws Exception {
        final int port = baton(1, sServer(serverPem), "never", "sni str(a.example.test)");
        assertTrue(page(port).contains("New, TLSv1.3"), "a full handshake first");
        final String second = page(port);
        assertTrue(second.contains("Reused, TLSv1.3"), "then the session is resumed: " + second);
    }

    @Test
    void noSslReuseMakesEveryHandshakeAFullOne() throws Exception {
        final int port = baton(1, sServer(serverPem), "never", "sni str(a.example.test) no-ssl-reuse");
        assertTrue(page(port).contains("New, TLSv1.3"));
        final String second = page(port);
        assertTrue(second.contains("New, TLSv1.3"), "no-ssl-reuse: no resumption: " + second);
    }
}
