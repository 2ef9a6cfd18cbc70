package dev.baton.h2;

import dev.baton.counters.Counter;
import dev.baton.support.ExternalTool;
import dev.baton.support.RunningDaemon;
import dev.baton.testservers.HttpBackend;
import dev.baton.tls.TlsCerts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP/2 through the daemon with real clients: curl with prior knowledge (h2c) and over TLS (ALPN h2), h2load with
 * many concurrent streams on one connection, a large upload and a large download (flow control both ways), and
 * HTTP/1.1 on the same listeners unchanged.
 */
class Http2ThroughDaemonTest {
    private static final String CURL = "apt-get install curl";

    @TempDir
    Path tmp;
    private HttpBackend backend;
    private RunningDaemon daemon;
    private int plain;
    private int tls;

    @BeforeEach
    void start() throws Exception {
        final Path pem = new TlsCerts(tmp).rsa("site.pem", "www.example.test", "www.example.test");
        backend = HttpBackend.start(new HttpBackend.Options().name("s1"));
        plain = RunningDaemon.freePort();
        tls = RunningDaemon.freePort();
        daemon = RunningDaemon.start(String.join("\n",
            "global",
            "    nbthread 1",
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + plain,
            "    http-request deny if { path /deny }",
            "    use_backend none if { path /none }",
            "    bind 127.0.0.1:" + tls + " ssl crt " + pem + " alpn h2,http/1.1",
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:" + backend.port(),
            "backend none",
            ""));
    }

    @AfterEach
    void stop() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.daemon().liveStreams() == 0);
        for (int i = 0; i < daemon.daemon().reactors().size(); i++) {
            final dev.baton.pool.ReactorPool pool = daemon.daemon().pool(i);
            daemon.onReactor(i, r -> {
                pool.closeAll(); // the servers' idle connections, as a stop closes them
                return null;
            });
        }
        daemon.awaitAtRest(); // no connection counted, no buffer handed out, only the listeners open
        daemon.close();
        backend.close();
    }

    private static ExternalTool.Result curl(final String... args) throws Exception {
        final String[] cmd = new String[args.length + 4];
        cmd[0] = "curl";
        cmd[1] = "-sS";
        cmd[2] = "--max-time";
        cmd[3] = "20";
        System.arraycopy(args, 0, cmd, 4, args.length);
        return ExternalTool.run("", CURL, cmd);
    }

    @Test
    void priorKnowledgeAndAlpn() throws Exception {
        final ExternalTool.Result h2c = curl("--http2-prior-knowledge", "-w", "|%{http_version}|%{response_code}",
            "http://127.0.0.1:" + plain + "/x");
        assertEquals(0, h2c.status(), h2c.output());
        assertTrue(h2c.output().startsWith("s1 conn=1 req=1"), h2c.output());
        assertTrue(h2c.output().endsWith("|2|200"), h2c.output());

        final ExternalTool.Result h2 = curl("-k", "--http2", "-w", "|%{http_version}|%{response_code}",
            "https://127.0.0.1:" + tls + "/y");
        assertEquals(0, h2.status(), h2.output());
        assertTrue(h2.output().endsWith("|2|200"), h2.output());

        final ExternalTool.Result h1 = curl("-k", "--http1.1", "-w", "|%{http_version}|%{response_code}",
            "https://127.0.0.1:" + tls + "/z", "http://127.0.0.1:" + plain + "/z");
        assertEquals(0, h1.status(), h1.output());
        assertTrue(h1.output().endsWith("|1.1|200"), h1.output());
    }

    @Test
    void batonsOwnRepliesAreStreamsToo() throws Exception {
        // one curl per request: curl 7.88 fails to reuse a prior-knowledge connection (HAProxy 2.6 sees the same)
        final ExternalTool.Result deny = curl("--http2-prior-knowledge", "-w", "|%{http_version}|%{response_code}",
            "http://127.0.0.1:" + plain + "/deny");
        assertEquals(0, deny.status(), deny.output());
        assertTrue(deny.output().contains("403 Forbidden"), deny.output());
        assertTrue(deny.output().endsWith("|2|403"), deny.output());
        final ExternalTool.Result none = curl("--http2-prior-knowledge", "-o", "/dev/null", "-w",
            "%{http_version}|%{response_code}", "http://127.0.0.1:" + plain + "/none");
        assertEquals("2|503", none.output());
        // the same on one connection, with the streams open together
        final ExternalTool.Result both = ExternalTool.run("", "apt-get install nghttp2-client", "nghttp", "-n",
            "-v", "http://127.0.0.1:" + plain + "/deny", "http://127.0.0.1:" + plain + "/none",
            "http://127.0.0.1:" + plain + "/ok");
        assertEquals(0, both.status(), both.output());
        for (final String status : new String[] {":status: 403", ":status: 503", ":status: 200"}) {
            assertTrue(both.output().contains(status), both.output());
        }
        assertTrue(!both.output().contains("RST_STREAM") && !both.output().contains("recv GOAWAY"), both.output());
    }

    @Test
    void manyStreamsOnOneConnection() throws Exception {
        for (final String url : new String[] {"http://127.0.0.1:" + plain + "/", "https://127.0.0.1:" + tls + "/"}) {
            final ExternalTool.Result r = ExternalTool.run("", "apt-get install nghttp2-client", "h2load", "-n",
                "1000", "-c", "1", "-m", "100", url);
            assertEquals(0, r.status(), r.output());
            assertTrue(r.output().contains("requests: 1000 total, 1000 started, 1000 done, 1000 succeeded, 0 failed"),
                r.output());
            assertTrue(r.output().contains("status codes: 1000 2xx"), r.output());
        }
    }

    @Test
    void aConnectionIsOneSessionAndEachStreamARequest() throws Exception {
        final ExternalTool.Result r = ExternalTool.run("", "apt-get install nghttp2-client", "h2load", "-n", "300",
            "-c", "1", "-m", "20", "http://127.0.0.1:" + plain + "/");
        assertTrue(r.output().contains("300 succeeded"), r.output());
        final dev.baton.listener.Frontend fe = daemon.daemon().frontend("fe");
        await().atMost(Duration.ofSeconds(5)).until(() -> fe.counters().get(Counter.REQUESTS) == 300);
        assertEquals(1, fe.counters().get(Counter.SESSIONS), "stot: the connection");
    }

    @Test
    void largeUploadAndDownload() throws Exception {
        final Path big = tmp.resolve("big.bin");
        final byte[] data = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(9113).nextBytes(data);
        Files.write(big, data);
        for (final String url : new String[] {"http://127.0.0.1:" + plain, "https://127.0.0.1:" + tls}) {
            final String[] mode = url.startsWith("https") ? new String[] {"-k", "--http2"}
                : new String[] {"--http2-prior-knowledge"};
            final ExternalTool.Result up = curl(mode[0], mode[mode.length - 1], "--data-binary", "@" + big,
                "-w", "|%{http_version}|%{response_code}|%{size_upload}", url + "/up");
            assertEquals(0, up.status(), up.output());
            assertTrue(up.output().endsWith("|2|200|" + data.length), up.output());
            // chunked upload: no content-length
            final ExternalTool.Result chunked = curl(mode[0], mode[mode.length - 1], "-H",
                "Transfer-Encoding:", "--data-binary", "@" + big, "-H", "Content-Length:",
                "-w", "|%{http_version}|%{response_code}|%{size_upload}", url + "/up");
            assertEquals(0, chunked.status(), chunked.output());
            assertTrue(chunked.output().endsWith("|2|200|" + data.length), chunked.output());

            final ExternalTool.Result down = curl(mode[0], mode[mode.length - 1], "-o", "/dev/null",
                "-w", "%{http_version}|%{response_code}|%{size_download}", url + "/size/5000000");
            assertEquals(0, down.status(), down.output());
            assertTrue(down.output().startsWith("2|200|"), down.output());
            assertTrue(Long.parseLong(down.output().substring(6).trim()) >= 5_000_000, down.output());
        }
    }
}
