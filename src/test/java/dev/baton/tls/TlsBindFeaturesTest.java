package dev.baton.tls;

import dev.baton.listener.Listener;
import dev.baton.support.ExternalTool;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS termination seen from curl, {@code openssl s_client} and raw sockets: versions bounded by
 * {@code ssl-min-ver}/{@code ssl-max-ver}, a cipher restriction, ALPN, the {@code ssl_fc*} fetches in ACLs,
 * {@code redirect scheme https if !{ ssl_fc }}, {@code X-Forwarded-Proto} set {@code if { ssl_fc }}, the handshake
 * bounded by {@code timeout client}, a client that speaks no TLS, and {@code mode tcp} termination.
 */
class TlsBindFeaturesTest {
    @TempDir
    Path tmp;
    private RecordingBackend web;
    private TcpEchoServer echo;
    private RunningDaemon daemon;
    private int plain;
    private int tls;
    private int tls13;
    private int tls12;
    private int tcp;

    @BeforeEach
    void start() throws Exception {
        final Path pem = new TlsCerts(tmp).rsa("site.pem", "www.example.test", "www.example.test");
        web = new RecordingBackend();
        echo = TcpEchoServer.start("127.0.0.1", 0);
        plain = RunningDaemon.freePort();
        tls = RunningDaemon.freePort();
        tls13 = RunningDaemon.freePort();
        tls12 = RunningDaemon.freePort();
        tcp = RunningDaemon.freePort();
        daemon = RunningDaemon.start(String.join("\n",
            "global",
            "    nbthread 1",
            "    ssl-default-bind-options no-sslv3 no-tls-tickets",
            "    ssl-default-bind-ciphers ECDHE+AESGCM:ECDHE+CHACHA20",
            "    tune.ssl.default-dh-param 2048",
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 800ms",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + plain,
            "    bind 127.0.0.1:" + tls + " ssl crt " + pem + " alpn http/1.1",
            "    bind 127.0.0.1:" + tls13 + " ssl crt " + pem + " ssl-min-ver TLSv1.3 alpn x-custom,http/1.1",
            "    bind 127.0.0.1:" + tls12 + " ssl crt " + pem
                + " ssl-max-ver TLSv1.2 ciphers ECDHE-RSA-AES256-GCM-SHA384",
            "    http-request return status 200 content-type text/plain string tls13 if { path /proto } "
                + "{ ssl_fc_protocol TLSv1.3 }",
            "    http-request return status 200 content-type text/plain string tls12 if { path /proto } "
                + "{ ssl_fc_protocol TLSv1.2 }",
            "    http-request return status 200 content-type text/plain string sni if { path /sni } "
                + "{ ssl_fc_sni -i WWW.example.test }",
            "    http-request return status 200 content-type text/plain string h1 if { path /alpn } "
                + "{ ssl_fc_alpn http/1.1 }",
            "    http-request return status 200 content-type text/plain string none if { path /alpn }",
            "    http-request return status 200 content-type text/plain string aes256 if { path /cipher } "
                + "{ ssl_fc_cipher ECDHE-RSA-AES256-GCM-SHA384 }",
            "    http-request set-header X-Forwarded-Proto https if { ssl_fc }",
            "    redirect scheme https code 301 if !{ ssl_fc } !{ path /plain }",
            "    default_backend web",
            "backend web",
            "    server w1 127.0.0.1:" + web.port(),
            "frontend tcpfe",
            "    mode tcp",
            "    bind 127.0.0.1:" + tcp + " ssl crt " + pem,
            "    default_backend echo",
            "backend echo",
            "    mode tcp",
            "    server e1 127.0.0.1:" + echo.port(),
            ""));
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
        web.close();
        echo.close();
    }

    private static ExternalTool.Result curl(final String... args) throws Exception {
        final String[] cmd = new String[args.length + 6];
        cmd[0] = "curl";
        cmd[1] = "-sk";
        cmd[2] = "--max-time";
        cmd[3] = "10";
        cmd[4] = "-w";
        cmd[5] = " %{http_code}";
        System.arraycopy(args, 0, cmd, 6, args.length);
        return ExternalTool.run("", "apt-get install curl", cmd);
    }

    private static ExternalTool.Result sClient(final int port, final String... args) throws Exception {
        final String[] cmd = new String[args.length + 6];
        cmd[0] = "openssl";
        cmd[1] = "s_client";
        cmd[2] = "-connect";
        cmd[3] = "127.0.0.1:" + port;
        cmd[4] = "-servername";
        cmd[5] = "www.example.test";
        System.arraycopy(args, 0, cmd, 6, args.length);
        return ExternalTool.run("", "apt-get install openssl", cmd);
    }

    @Test
    void versionsAreBoundedByMinAndMax() throws Exception {
        assertEquals("tls13 200", curl("https://127.0.0.1:" + tls13 + "/proto").output());
        assertNotEquals(0, sClient(tls13, "-tls1_2").status(), "TLS 1.2 refused under ssl-min-ver TLSv1.3");
        assertEquals(0, sClient(tls13, "-tls1_3").status());
        assertEquals("tls12 200", curl("https://127.0.0.1:" + tls12 + "/proto").output());
        assertNotEquals(0, sClient(tls12, "-tls1_3").status(), "TLS 1.3 refused under ssl-max-ver TLSv1.2");
        assertEquals("tls13 200", curl("https://127.0.0.1:" + tls + "/proto").output(), "default: up to TLS 1.3");
        assertNotEquals(0, sClient(tls, "-tls1_1").status(), "TLS 1.1 refused by HAProxy's default minimum");
    }

    @Test
    void aCipherListRestrictsTheSuites() throws Exception {
        assertEquals("aes256 200", curl("https://127.0.0.1:" + tls12 + "/cipher").output());
        assertNotEquals(0, sClient(tls12, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256").status());
        final ExternalTool.Result r = sClient(tls12, "-tls1_2");
        assertTrue(r.output().contains("Cipher is ECDHE-RSA-AES256-GCM-SHA384"), r.output());
        // the global ssl-default-bind-ciphers applies where the bind has none: no CBC suite
        assertNotEquals(0, sClient(tls, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA").status());
    }

    @Test
    void alpnOffersHttp11AndNothingElse() throws Exception {
        final ExternalTool.Result h1 = sClient(tls, "-alpn", "h2,http/1.1");
        assertTrue(h1.output().contains("ALPN protocol: http/1.1"), h1.output());
        final ExternalTool.Result h2 = sClient(tls, "-alpn", "h2");
        assertEquals(0, h2.status(), h2.output());
        assertTrue(h2.output().contains("No ALPN negotiated"), h2.output());
        assertEquals("h1 200", curl("--http1.1", "https://127.0.0.1:" + tls + "/alpn").output());
        assertEquals("none 200", curl("--http1.1", "--no-alpn", "https://127.0.0.1:" + tls + "/alpn").output());
    }

    /** HAProxy advertises any name; a client picking one that is not h2 is served HTTP/1, the mode's default. */
    @Test
    void anAlpnNameOtherThanH2IsServedAsHttp1() throws Exception {
        final ExternalTool.Result r = ExternalTool.run("GET /proto HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "apt-get install openssl", "openssl", "s_client", "-connect", "127.0.0.1:" + tls13, "-alpn", "x-custom",
            "-ign_eof");
        assertTrue(r.output().contains("ALPN protocol: x-custom"), r.output());
        assertTrue(r.output().contains("HTTP/1.1 200") && r.output().contains("tls13"), r.output());
    }

    @Test
    void sniFetchAndForwardedProtoAndRedirectScheme() throws Exception {
        assertEquals("sni 200", curl("--resolve", "www.example.test:" + tls + ":127.0.0.1",
            "https://www.example.test:" + tls + "/sni").output());
        assertEquals("ok 200", curl("https://127.0.0.1:" + tls + "/app").output());
        final String head = web.heads.poll(5, TimeUnit.SECONDS);
        assertTrue(head.startsWith("GET /app ") && head.contains("X-Forwarded-Proto: https"), head);
        assertEquals("ok 200", curl("http://127.0.0.1:" + plain + "/plain").output());
        final String plainHead = web.heads.poll(5, TimeUnit.SECONDS);
        assertTrue(!plainHead.contains("X-Forwarded-Proto"), plainHead);
        final ExternalTool.Result r = curl("-D", "-", "-o", "/dev/null", "http://127.0.0.1:" + plain + "/x?y=1");
        assertTrue(r.output().startsWith("HTTP/1.1 301"), r.output());
        assertTrue(r.output().contains("\r\nlocation: https://127.0.0.1:" + plain + "/x?y=1\r\n")
            || r.output().contains("\r\nLocation: https://127.0.0.1:" + plain + "/x?y=1\r\n"), r.output());
    }

    @Test
    void theHandshakeIsBoundedByTimeoutClient() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", tls), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(new byte[] {22, 3, 1}); // the start of a record, then nothing
            final long t0 = System.nanoTime();
            assertEquals(-1, s.getInputStream().read(), "closed by baton");
            final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 600 && ms < 5_000, "closed after " + ms + " ms, timeout client is 800 ms");
        }
        awaitNoTlsBuffers();
    }

    @Test
    void aClientThatSpeaksNoTlsIsClosedAtOnceAndLeavesNothing() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", tls), 5_000);
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                final long t0 = System.nanoTime();
                final InputStream in = s.getInputStream();
                while (in.read() >= 0) {
                    // whatever comes (nothing) until the close
                }
                assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 600, "closed before the timeout");
            }
        }
        awaitNoTlsBuffers();
        assertEquals(0, daemon.daemon().listeners().get(0).frontend().currConns().get(), "every slot given back");
        assertEquals("ok 200", curl("https://127.0.0.1:" + tls + "/after").output(), "still serving");
    }

    @Test
    void modeTcpTerminatesTlsToAPlainServer() throws Exception {
        try (TlsClient c = TlsClient.connect(tcp, "www.example.test", null)) {
            final OutputStream out = c.socket().getOutputStream();
            final InputStream in = c.socket().getInputStream();
            final byte[] msg = "hello through tls\n".getBytes(StandardCharsets.US_ASCII);
            for (int round = 0; round < 3; round++) {
                out.write(msg);
                out.flush();
                assertEquals("hello through tls\n", new String(in.readNBytes(msg.length), StandardCharsets.US_ASCII));
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> echo.bytesEchoed() == 3 * 18);
    }

    /** Every TLS record buffer the listeners lent is back (no connection leaked one). */
    private void awaitNoTlsBuffers() {
        await().atMost(Duration.ofSeconds(5)).until(() -> daemon.onReactor(0, r -> {
            int out = 0;
            for (final Listener l : daemon.daemon().listeners()) {
                out += l.tlsBuffers() == null ? 0 : l.tlsBuffers().outstanding();
            }
            return out;
        }) == 0);
    }
}
