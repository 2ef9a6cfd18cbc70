package dev.baton.tls;

import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * HAProxy 2.6 and baton side by side on the same configuration and the same TLS server (the JDK's): a server
 * certificate from the right CA serves the request (with the Host header as SNI), one from another CA ends in 503
 * with termination state {@code SC--} after the same retries, and the server never gets a request; so does one its
 * CA revoked, by the CRL of {@code crl-file}. The log lines are compared without their variable fields (client
 * port, date, timers, byte counts).
 */
class TlsToServersSameAsHaproxyTest {
    @TempDir
    Path tmp;
    private ServerTlsCerts good;
    private ServerTlsCerts other;
    private TlsHttpsServer server;
    /** What the server line says after its CA file (a test's crl-file). */
    private String more = "";

    @BeforeEach
    void start() throws Exception {
        good = ServerTlsCerts.authority(tmp.resolve("pki"), "good");
        other = ServerTlsCerts.authority(tmp.resolve("pki"), "other");
        server = TlsHttpsServer.start(good.server("server.pem", "www.example.test", "www.example.test"), null);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private String config(final String global, final int port, final Path ca) {
        return String.join("\n",
            "global",
            global,
            "defaults",
            "    mode http",
            "    log global",
            "    option httplog",
            "    retries 2",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:" + server.port() + " ssl verify required ca-file " + ca + " sni req.hdr(host)" + more,
            "");
    }

    /** Status, then the log line without client, date, timers and sizes. */
    private static List<String> exchange(final int port, final IntFunction<String> lineOf) throws Exception {
        final int client;
        final int status;
        try (RawHttp c = RawHttp.open(port)) {
            client = c.localPort();
            status = c.send("GET / HTTP/1.1\r\nHost: www.example.test\r\n\r\n").read().status;
        }
        final String[] line = new String[1];
        await("the log line").atMost(Duration.ofSeconds(10)).until(() -> (line[0] = lineOf.apply(client)) != null);
        return List.of(String.valueOf(status), line[0].replaceFirst("^127\\.0\\.0\\.1:\\d+ \\[[^]]+] ", "")
            .replaceFirst(" -?\\d+/-?\\d+/-?\\d+/-?\\d+/-?\\d+ (\\d{3}) \\d+ ", " T $1 N ")
            .replaceFirst(" \\d+/\\d+/\\d+/\\d+/(\\d+) ", " C/$1 "));
    }

    private List<String> both(final Path ca) throws Exception {
        final int hPort = RunningDaemon.freePort();
        final List<String> fromHaproxy;
        try (HaproxyProcess h = HaproxyProcess.start(tmp,
            config("    log stdout format raw local0 info", hPort, ca), hPort)) {
            fromHaproxy = exchange(hPort, client -> h.linesOf(client).stream().findFirst().orElse(null));
        }
        final int seenByServer = server.handshakes.size();
        TrafficLogCapture.clear();
        final int bPort = RunningDaemon.freePort();
        final List<String> fromBaton;
        final RunningDaemon baton = RunningDaemon.start(config("    nbthread 1", bPort, ca));
        try {
            fromBaton = exchange(bPort, client -> TrafficLogCapture.lines(
                l -> l.startsWith("127.0.0.1:" + client + " [")).stream().findFirst().orElse(null));
        } finally {
            baton.close();
        }
        assertEquals(seenByServer * 2, server.handshakes.size(), "the server saw the same handshakes from both");
        assertEquals(fromHaproxy, fromBaton);
        return fromBaton;
    }

    @Test
    void aCertificateFromTheRightCaServesTheRequest() throws Exception {
        assertEquals(List.of("200", "fe be/s1 T 200 N - - ---- C/0 0/0 \"GET / HTTP/1.1\""), both(good.caFile));
        for (final TlsHttpsServer.Handshake h : server.handshakes) {
            assertEquals("www.example.test", h.sni(), "the Host header as SNI");
        }
    }

    @Test
    void aCertificateFromAnotherCaIs503WithScAfterTheRetries() throws Exception {
        assertEquals(List.of("503", "fe be/s1 T 503 N - - SC-- C/2 0/0 \"GET / HTTP/1.1\""), both(other.caFile));
        assertEquals(0, server.handshakes.size(), "no request reached the server");
    }

    @Test
    void aCertificateTheCrlRevokesIs503WithScAfterTheRetries() throws Exception {
        final ClientCerts pki = new ClientCerts(tmp.resolve("revoking"), "Revoking Test CA");
        final Path pem = pki.client("www.example.test", "3003"); // its common name is the SNI
        server.close();
        server = TlsHttpsServer.start(pem, null);
        more = " crl-file " + pki.crl();
        assertEquals(List.of("200", "fe be/s1 T 200 N - - ---- C/0 0/0 \"GET / HTTP/1.1\""), both(pki.ca),
            "not revoked yet");
        pki.revoke(pem);
        more = " crl-file " + pki.crl();
        server.close();
        server = TlsHttpsServer.start(pem, null); // counts its handshakes from 0 again
        assertEquals(List.of("503", "fe be/s1 T 503 N - - SC-- C/2 0/0 \"GET / HTTP/1.1\""), both(pki.ca));
        assertEquals(0, server.handshakes.size(), "no handshake completed with the revoked certificate");
    }
}
