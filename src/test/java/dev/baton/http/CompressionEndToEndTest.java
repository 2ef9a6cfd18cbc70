package dev.baton.http;

import dev.baton.stats.CompressionStats;
import dev.baton.stats.ProxyStats;
import dev.baton.stats.StatsCollector;
import dev.baton.stats.StatsSnapshot;
import dev.baton.stats.render.PrometheusExposition;
import dev.baton.stats.render.StatCsv;
import dev.baton.support.BlockingServer;
import dev.baton.support.ExternalTool;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compression through the daemon: a real client ({@code curl --compressed}) decodes what baton sends, a server
 * that closes mid-body leaves the client a body without its last chunk, and the {@code comp_*} counters of
 * {@code show stat} and the Prometheus exporter count what went through.
 */
class CompressionEndToEndTest {
    @TempDir
    Path dir;

    private static String config(final int port, final int backend) {
        return "global\n    nbthread 1\n"
            + "defaults\n    mode http\n    timeout connect 5s\n    timeout client 10s\n    timeout server 10s\n"
            + "frontend web\n    bind 127.0.0.1:" + port + "\n    compression algo gzip\n    default_backend app\n"
            + "backend app\n    compression type text/plain text/html\n    server s1 127.0.0.1:" + backend + "\n";
    }

    @Test
    void curlDecodesWhatBatonCompresses() throws Exception {
        try (BlockingServer backend = BlockingServer.start("curl", CompressionBackend.handler());
             RunningDaemon baton = RunningDaemon.start(config(RunningDaemon.freePort(), backend.port()))) {
            final int port = baton.port("web");
            for (final String path : new String[] {"/text/150000", "/chunked/90000", "/text/1"}) {
                final Path body = dir.resolve("body" + path.replace('/', '_'));
                final ExternalTool.Result r = ExternalTool.run("", "apt-get install curl", "curl", "-s", "--max-time",
                    "10", "--compressed", "-D", "-", "-o", body.toString(), "http://127.0.0.1:" + port + path);
                assertEquals(0, r.status(), r.output());
                final String headers = r.output().toLowerCase(java.util.Locale.ROOT);
                assertTrue(headers.contains("content-encoding: gzip"), headers);
                assertTrue(headers.contains("transfer-encoding: chunked"), headers);
                assertFalse(headers.contains("content-length"), headers);
                assertArrayEquals(CompressionBackend.text(Integer.parseInt(path.split("/")[2])),
                    Files.readAllBytes(body), path);
            }
            backend.assertNoFailure();
        }
    }

    @Test
    void aServerThatClosesMidBodyLeavesTheClientWithoutALastChunk() throws Exception {
        try (BlockingServer backend = BlockingServer.start("cut", CompressionBackend.handler());
             RunningDaemon baton = RunningDaemon.start(config(RunningDaemon.freePort(), backend.port()));
             RawHttp c = RawHttp.open(baton.port("web"))) {
            c.send(RawHttp.get("/cut/60000", "Accept-Encoding: gzip\r\n"));
            final RawHttp.Response head = c.readHead();
            assertEquals("gzip", head.header("Content-Encoding"));
            assertEquals("chunked", head.header("Transfer-Encoding"));
            final String rest = c.readUntilCut();
            assertFalse(rest.endsWith("\r\n0\r\n\r\n"), "no last chunk");
            assertTrue(rest.length() > 100, "what came went out: " + rest.length());
            baton.awaitAtRest();
        }
    }

    @Test
    void compressionCountersAsShowStatAndPrometheusGiveThem() throws Exception {
        try (BlockingServer backend = BlockingServer.start("count", CompressionBackend.handler());
             RunningDaemon baton = RunningDaemon.start(config(RunningDaemon.freePort(), backend.port()))) {
            final int port = baton.port("web");
            long compressedBytes = 0;
            try (RawHttp c = RawHttp.open(port)) {
                for (int i = 0; i < 3; i++) {
                    c.send(RawHttp.get("/text/30000", "Accept-Encoding: gzip\r\n"));
                    final RawHttp.Response r = c.read();
                    assertEquals("gzip", r.header("Content-Encoding"));
                    compressedBytes += r.body.length;
                    assertTrue(Arrays.equals(CompressionBackend.text(30000),
                        CompressionSameAsHaproxyTest.decode("gzip", r.body)));
                }
                c.send(RawHttp.get("/image", "Accept-Encoding: gzip\r\n"));
                assertEquals(null, c.read().header("Content-Encoding"));
            }
            final long out = compressedBytes;
            await().atMost(Duration.ofSeconds(10)).until(() -> feCompression(baton).responses() == 3);
            final StatsSnapshot snap = StatsCollector.collect(baton.daemon(), System.currentTimeMillis());
            for (final ProxyStats p : snap.proxies()) {
                final CompressionStats k = p.frontend() != null ? p.frontend().compression() : p.backend().compression();
                assertEquals(new CompressionStats(90000, out, 0, 3), k, p.name());
            }
            final String csv = StatCsv.render(snap, true);
            final String[] header = csv.split("\n")[0].substring(2).split(",");
            final int compIn = Arrays.asList(header).indexOf("comp_in");
            for (final String line : csv.split("\n")) {
                final String[] f = line.split(",", -1);
                if (f[1].equals("FRONTEND") || f[1].equals("BACKEND")) {
                    assertEquals("90000," + out + ",0,3", String.join(",", Arrays.copyOfRange(f, compIn, compIn + 4)),
                        line);
                } else if (f[1].equals("s1")) {
                    assertEquals(",,,", String.join(",", Arrays.copyOfRange(f, compIn, compIn + 4)), "servers: empty");
                }
            }
            final String prom = PrometheusExposition.render(snap);
            assertTrue(prom.contains("baton_frontend_http_comp_responses_total{proxy=\"web\"} 3\n"), prom);
            assertTrue(prom.contains("baton_backend_http_comp_bytes_in_total{proxy=\"app\"} 90000\n"), prom);
            assertTrue(prom.contains("baton_backend_http_comp_bytes_out_total{proxy=\"app\"} " + out + "\n"), prom);
            assertTrue(prom.contains("baton_frontend_http_comp_bytes_bypassed_total{proxy=\"web\"} 0\n"), prom);
        }
    }

    private static CompressionStats feCompression(final RunningDaemon baton) {
        for (final ProxyStats p : StatsCollector.collect(baton.daemon(), System.currentTimeMillis()).proxies()) {
            if (p.frontend() != null) {
                return p.frontend().compression();
            }
        }
        throw new AssertionError("no frontend");
    }
}
