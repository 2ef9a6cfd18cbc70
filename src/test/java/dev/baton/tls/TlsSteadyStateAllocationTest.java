package dev.baton.tls;

import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The house rule on the hot path, over TLS: a keep-alive HTTPS request, once its connection is up, allocates
 * (next to) nothing on the reactor; what is left is the engine's {@code SSLEngineResult} per record, which netty's
 * BoringSSL engine creates per call (printed, bounded here).
 */
class TlsSteadyStateAllocationTest {
    private static final int WARM_UP = 3_000;
    private static final int MEASURED = 5_000;
    /** Two records per request (one in, one out): measured 80 bytes, two or three small result objects. */
    private static final long BUDGET_BYTES_PER_REQUEST = 128;

    @TempDir
    Path tmp;

    @Test
    void aKeepAliveRequestOverTlsAllocatesAlmostNothing() throws Exception {
        final java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        final Path pem = new TlsCerts(tmp).ec("site.pem", "site.test");
        final int port = RunningDaemon.freePort();
        final RunningDaemon daemon = RunningDaemon.start(String.join("\n",
            "global",
            "    nbthread 1",
            "defaults",
            "    mode http",
            "    timeout client 30s",
            "frontend fe",
            "    bind 127.0.0.1:" + port + " ssl crt " + pem,
            "    http-request return status 200 content-type text/plain string ok",
            ""));
        try (TlsClient client = TlsClient.connect(port, "site.test", null)) {
            final OutputStream out = client.socket().getOutputStream();
            final InputStream in = client.socket().getInputStream();
            for (int i = 0; i < WARM_UP; i++) {
                exchange(out, in);
            }
            final long before = daemon.onReactor(0, r -> threads.getCurrentThreadAllocatedBytes());
            for (int i = 0; i < MEASURED; i++) {
                exchange(out, in);
            }
            final long after = daemon.onReactor(0, r -> threads.getCurrentThreadAllocatedBytes());
            final long perRequest = (after - before) / MEASURED;
            System.out.println("reactor allocation per keep-alive HTTPS request: " + perRequest + " bytes");
            assertTrue(perRequest < BUDGET_BYTES_PER_REQUEST, perRequest + " bytes per request");
        } finally {
            daemon.close();
        }
    }

    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: site.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** One request, and its whole response (a head, then "ok"). */
    private static void exchange(final OutputStream out, final InputStream in) throws IOException {
        out.write(REQUEST);
        out.flush();
        final StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\nok")) {
            final int c = in.read();
            assertTrue(c >= 0, "closed after " + sb);
            sb.append((char) c);
        }
        assertEquals("HTTP/1.1 200", sb.substring(0, 12));
    }
}
