package dev.baton.tls;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health checks over TLS, as HAProxy 2.6 runs them: an {@code ssl} server's check is a TLS handshake (L6OK, or
 * L6RSP "SSL handshake failure" when the certificate is refused, which marks it DOWN); {@code check-ssl} makes the
 * check of a plain server speak TLS (to its check {@code port}); {@code no-check-ssl} keeps it in clear; an
 * {@code option httpchk} request goes inside TLS; {@code check-sni} is the name the check sends; {@code option
 * ssl-hello-chk} passes a server that answers an SSLv3 hello with a TLS record, fails one that does not.
 */
class TlsHealthChecksTest {
    @TempDir
    Path tmp;
    private ServerTlsCerts ca;
    private ServerTlsCerts other;
    private TlsHttpsServer server;
    private RunningDaemon baton;

    @BeforeEach
    void certificates() throws Exception {
        ca = ServerTlsCerts.authority(tmp.resolve("pki"), "checks");
        other = ServerTlsCerts.authority(tmp.resolve("pki"), "other");
        server = TlsHttpsServer.start(ca.server("server.pem", "www.example.test", "www.example.test"), null);
    }

    @AfterEach
    void stop() throws Exception {
        if (baton != null) {
            baton.close();
        }
        server.close();
    }

    private Server start(final String backendLines, final String serverLine) throws Exception {
        baton = RunningDaemon.start(String.join("\n",
            "global",
            "    nbthread 1",
            "defaults",
            "    mode http",
            "    timeout connect 1s",
            "    timeout check 1s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + RunningDaemon.freePort(),
            "    default_backend be",
            "backend be",
            backendLines,
            "    " + serverLine,
            ""));
        return baton.daemon().backend("be").servers().get(0);
    }

    /** The first check's outcome (inter 1s: the connect and the handshake, bounded by it, have time on a cold JVM). */
    private static CheckReport awaitCheck(final Server s) {
        await("a check result").atMost(Duration.ofSeconds(10))
            .until(() -> s.lastCheck().status() != CheckStatus.INI);
        return s.lastCheck();
    }

    @Test
    void anSslServerIsCheckedWithAHandshake() throws Exception {
        final Server s = start("", "server s1 127.0.0.1:" + server.port() + " ssl verify required ca-file "
            + ca.caFile + " check inter 1s");
        assertEquals(CheckStatus.L6OK, awaitCheck(s).status());
        assertTrue(s.isRunning());
        // no client came: the heavy tasks were the check's handshake steps, run in the reactor's heavy slot (one or
        // more: a fast machine may finish the client side of a handshake in one step)
        assertTrue(baton.daemon().reactor(0).stats().heavyTasks.get() >= 1,
            "heavy tasks: " + baton.daemon().reactor(0).stats().heavyTasks.get());
        // the check closes once its handshake is done (as HAProxy's, with a reset): the server may not finish its side
        await("the server saw the check").atMost(Duration.ofSeconds(10)).until(() -> server.connections() > 0);
    }

    @Test
    void aRefusedCertificateIsL6rspAndTheServerGoesDown() throws Exception {
        final Server s = start("", "server s1 127.0.0.1:" + server.port() + " ssl verify required ca-file "
            + other.caFile + " check inter 1s fall 2");
        final CheckReport r = awaitCheck(s);
        assertEquals(CheckStatus.L6RSP, r.status());
        assertEquals("SSL handshake failure", r.info());
        await("DOWN").atMost(Duration.ofSeconds(10)).until(() -> !s.isRunning());
    }

    @Test
    void checkSslOnAPlainServerChecksItsTlsPortAndHttpchkGoesInsideTls() throws Exception {
        try (ServerSocket plain = new ServerSocket(0)) {
            final Server s = start("    option httpchk GET /health", "server s1 127.0.0.1:" + plain.getLocalPort()
                + " check check-ssl port " + server.port() + " verify none check-sni www.example.test inter 1s");
            final CheckReport r = awaitCheck(s);
            assertEquals(CheckStatus.L7OK, r.status(), String.valueOf(r.info()));
            assertEquals(200, r.code());
            await("the server saw the check's handshake").atMost(Duration.ofSeconds(10))
                .until(() -> !server.handshakes.isEmpty());
            assertEquals("www.example.test", server.handshakes.peek().sni(), "check-sni");
        }
    }

    @Test
    void noCheckSslChecksInClear() throws Exception {
        final Server s = start("", "server s1 127.0.0.1:" + server.port() + " ssl verify none no-check-ssl check"
            + " inter 1s");
        assertEquals(CheckStatus.L4OK, awaitCheck(s).status(), "a TCP connect only");
    }

    @Test
    void sslHelloChkSeesAServerThatSpeaksSsl() throws Exception {
        final Server s = start("    option ssl-hello-chk", "server s1 127.0.0.1:" + server.port() + " check inter 1s");
        final CheckReport r = awaitCheck(s);
        assertEquals(CheckStatus.L6OK, r.status(), "a TLS server answers an SSLv3 hello (with an alert): "
            + r.info());
    }

    @Test
    void sslHelloChkFailsAServerThatDoesNotSpeakSsl() throws Exception {
        final Thread answer;
        try (ServerSocket plain = new ServerSocket(0)) {
            answer = new Thread(() -> {
                try (java.net.Socket c = plain.accept()) {
                    c.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (final java.io.IOException e) {
                    // the test ends
                }
            });
            answer.setDaemon(true);
            answer.start();
            final Server s = start("    option ssl-hello-chk", "server s1 127.0.0.1:" + plain.getLocalPort()
                + " check inter 1s");
            assertEquals(CheckStatus.L6RSP, awaitCheck(s).status());
        }
        answer.join(5000);
    }
}
