package dev.baton.tls;

import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many clients handshaking at once on one reactor: their handshake steps wait in the reactor's heavy queue (one per
 * loop turn, their sockets not polled meanwhile) and every one of them still completes, while a keep-alive client
 * established before the burst keeps being served during it.
 */
class TlsHandshakeBurstTest {
    private static final int CLIENTS = 48;

    @TempDir
    Path tmp;

    @Test
    void everyHandshakeOfABurstCompletesAndEstablishedClientsAreServedMeanwhile() throws Exception {
        final Path pem = new TlsCerts(tmp).ec("site.pem", "site.test");
        final int port = RunningDaemon.freePort();
        final RunningDaemon daemon = RunningDaemon.start(String.join("\n",
            "global",
            "    nbthread 1",
            "defaults",
            "    mode http",
            "    timeout client 10s",
            "frontend fe",
            "    bind 127.0.0.1:" + port + " ssl crt " + pem,
            "    http-request return status 200 content-type text/plain lf-string served-%[ssl_fc_protocol]",
            ""));
        final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try (TlsClient established = TlsClient.connect(port, "site.test", "TLSv1.3")) {
            assertTrue(keepAliveGet(established).endsWith("served-TLSv1.3"));
            final CountDownLatch go = new CountDownLatch(1);
            final List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                final String protocol = i % 2 == 0 ? "TLSv1.3" : "TLSv1.2";
                answers.add(pool.submit(() -> {
                    go.await();
                    try (TlsClient c = TlsClient.connect(port, "site.test", protocol)) {
                        return c.get("/");
                    }
                }));
            }
            go.countDown();
            while (!allDone(answers)) {
                assertTrue(keepAliveGet(established).endsWith("served-TLSv1.3"), "the established client");
            }
            for (int i = 0; i < CLIENTS; i++) {
                final String response = answers.get(i).get(30, TimeUnit.SECONDS);
                assertTrue(response.startsWith("HTTP/1.1 200")
                    && response.endsWith("served-" + (i % 2 == 0 ? "TLSv1.3" : "TLSv1.2")), response);
            }
        } finally {
            pool.shutdownNow();
            daemon.close();
        }
    }

    private static boolean allDone(final List<Future<String>> answers) {
        for (final Future<String> f : answers) {
            if (!f.isDone()) {
                return false;
            }
        }
        return true;
    }

    /** One keep-alive request on {@code client}'s connection; the body. */
    private static String keepAliveGet(final TlsClient client) throws Exception {
        final OutputStream out = client.socket().getOutputStream();
        out.write("GET / HTTP/1.1\r\nHost: site.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        final InputStream in = client.socket().getInputStream();
        final StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            final int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("closed after " + head);
            }
            head.append((char) b);
        }
        final String lengthLine = head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
            .findFirst().orElseThrow();
        final byte[] body = in.readNBytes(Integer.parseInt(lengthLine.substring(15).trim()));
        return new String(body, StandardCharsets.ISO_8859_1);
    }
}
