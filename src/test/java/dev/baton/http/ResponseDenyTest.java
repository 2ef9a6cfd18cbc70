package dev.baton.http;

import dev.baton.counters.Counter;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code http-response deny} on baton's side: the server's connection is closed (its large body is never read, so
 * it cannot be pooled), the denial is counted by the frontend, the backend and the server ({@code dresp}), the log
 * line counts the reply's bytes (HAProxy's count holds some of the dropped response too).
 */
class ResponseDenyTest {
    private static final String REPLY = "HTTP/1.1 403 Forbidden\r\ncontent-length: 6\r\ncontent-type: text/plain\r\n"
        + "\r\nno way";

    /**
     * A server answering its one connection's first request with the head and the start of a 1 MB body, then waiting
     * for the connection to end: completes with how it ended ("closed" or "reset", "open" when nothing came).
     */
    private static CompletableFuture<String> bigAnswerOnce(final ServerSocket server) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept()) {
                s.setSoTimeout(5_000);
                final InputStream in = s.getInputStream();
                int last = 0;
                for (int n = 0; n < 4; ) { // up to the end of the head
                    final int c = in.read();
                    n = c == (n % 2 == 0 ? '\r' : '\n') ? n + 1 : 0;
                    last = c;
                }
                assertTrue(last == '\n');
                s.getOutputStream().write(("HTTP/1.1 200 OK\r\ncontent-length: 1000000\r\n\r\n" + "x".repeat(1000))
                    .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                try {
                    return in.read() < 0 ? "closed" : "more";
                } catch (final java.net.SocketTimeoutException e) {
                    return "open";
                } catch (final IOException e) {
                    return "reset";
                }
            } catch (final IOException e) {
                return "failed: " + e;
            }
        });
    }

    @Test
    void theServerConnectionClosesTheDenialIsCountedAndTheReplyLogged() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            final CompletableFuture<String> serverEnd = bigAnswerOnce(server);
            final int port = RunningDaemon.freePort();
            try (RunningDaemon baton = RunningDaemon.start(String.join("\n",
                "global", "    nbthread 1",
                "defaults", "    mode http", "    log global", "    option httplog", "    timeout connect 2s", "    timeout client 5s",
                "    timeout server 5s",
                "frontend fe", "    bind 127.0.0.1:" + port, "    default_backend be",
                "backend be",
                "    http-response deny deny_status 403 content-type text/plain string \"no way\"",
                "    server s 127.0.0.1:" + server.getLocalPort(), ""));
                 RawHttp c = RawHttp.open(port)) {
                final RawHttp.Response r = c.send(RawHttp.get("/")).read();
                assertEquals(403, r.status);
                assertEquals("no way", r.text());
                final String ended = serverEnd.get(10, TimeUnit.SECONDS);
                assertTrue(ended.equals("closed") || ended.equals("reset"), "the server connection ended: " + ended);
                final String line = TrafficLogCapture.awaitLine("the deny's log line",
                    l -> l.startsWith("127.0.0.1:" + c.localPort() + " ["));
                assertTrue(line.contains(" fe be/s ") && line.contains("/-1/") && line.contains(" 403 "
                    + REPLY.length() + " - - PH-- "), line);
                assertEquals(1, baton.daemon().frontend("fe").counters().get(Counter.DENIED_RESPONSES));
                assertEquals(1, baton.daemon().backend("be").counters().get(Counter.DENIED_RESPONSES));
                assertEquals(1, baton.daemon().backend("be").server("s").counters().get(Counter.DENIED_RESPONSES));
                assertEquals(0, baton.daemon().frontend("fe").counters().get(Counter.DENIED_REQUESTS));
            }
        }
    }
}
