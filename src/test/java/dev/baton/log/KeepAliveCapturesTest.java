package dev.baton.log;

import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two requests on one kept-alive client connection through a frontend with captures and a custom format: each
 * line shows its own request's captures (nothing of the first leaks into the second), its own stream id, and
 * the second its idle time before it. A request answered without a server still gets its unique id; under
 * {@code option logasap}, a request that ends before its response head is logged at its end with the '+' marks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeepAliveCapturesTest {
    private ServerSocket backend;
    private Thread backendThread;

    @AfterEach
    void stop() throws Exception {
        if (backend != null) {
            backend.close();
            backendThread.join(5000);
        }
    }

    private int startBackend() throws IOException {
        backend = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        backendThread = new Thread(() -> {
            while (!backend.isClosed()) {
                try (Socket s = backend.accept()) {
                    final InputStream in = s.getInputStream();
                    while (readHead(in)) {
                        s.getOutputStream().write("HTTP/1.1 204 No Content\r\nX-Srv: one\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (final IOException e) {
                    // closed at the end of the test
                }
            }
        }, "keepalive-backend");
        backendThread.start();
        return backend.getLocalPort();
    }

    private static boolean readHead(final InputStream in) throws IOException {
        int matched = 0;
        int c;
        while ((c = in.read()) >= 0) {
            matched = c == '\r' && matched % 2 == 0 || c == '\n' && matched % 2 == 1 ? matched + 1 : 0;
            if (matched == 4) {
                return true;
            }
        }
        return false;
    }

    @Test
    void eachRequestShowsItsOwnCaptures() throws Exception {
        final int serverPort = startBackend();
        final int port = RunningDaemon.freePort();
        final int nbPort = RunningDaemon.freePort();
        final int asapPort = RunningDaemon.freePort();
        final int deadPort = RunningDaemon.freePort(); // nobody listens: the request ends with a 503
        TrafficLogCapture.clear();
        try (RunningDaemon baton = RunningDaemon.start("global\n    nbthread 1\ndefaults\n    log global\n"
            + "    mode http\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n"
            + "frontend ka\n    bind 127.0.0.1:" + port + "\n    default_backend be\n"
            + "    log-format \"KA %cp %rt %ST %hr %hs %HU %Ti\"\n"
            + "    capture request header X-Test len 8\n    capture response header X-Srv len 8\n"
            + "frontend nb\n    bind 127.0.0.1:" + nbPort + "\n    unique-id-format id-%f\n"
            + "    log-format \"NB %ST %ID\"\n"
            + "frontend asap\n    bind 127.0.0.1:" + asapPort + "\n    option httplog\n    option logasap\n"
            + "    default_backend dead\n"
            + "backend dead\n    retries 0\n    server d 127.0.0.1:" + deadPort + "\n"
            + "backend be\n    server s 127.0.0.1:" + serverPort + "\n");
             Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("GET /one HTTP/1.1\r\nHost: a\r\nX-Test: first\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            assertTrue(readHead(s.getInputStream()));
            Thread.sleep(30); // an idle time the second line must show (not a synchronisation)
            s.getOutputStream().write("GET /two HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(readHead(s.getInputStream()));
            final String prefix = "KA " + s.getLocalPort() + " ";
            TrafficLogCapture.awaitLine("second line", l -> l.startsWith(prefix) && l.contains("/two"));
            final List<String> lines = TrafficLogCapture.lines(l -> l.startsWith(prefix));
            assertEquals(2, lines.size(), lines.toString());
            final String[] one = lines.get(0).split(" ");
            final String[] two = lines.get(1).split(" ");
            assertEquals(List.of("204", "{first}", "{one}", "/one"), List.of(one).subList(3, 7));
            assertEquals(List.of("204", "{}", "{one}", "/two"), List.of(two).subList(3, 7));
            assertEquals(Long.parseLong(one[2]) + 1, Long.parseLong(two[2]), "stream ids follow each other");
            assertTrue(Long.parseLong(two[7]) >= 25, "Ti of the second request: " + lines.get(1));
            assertEquals(1, baton.daemon().liveStreams(), "the kept-alive connection is still open");
            try (Socket nb = new Socket("127.0.0.1", nbPort)) {
                nb.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                nb.getInputStream().readAllBytes();
            }
            assertEquals("NB 503 id-nb", TrafficLogCapture.awaitLine("the no-backend line", l -> l.startsWith("NB ")),
                "a request never forwarded gets its unique id when it is logged, as in HAProxy");
            try (Socket a = new Socket("127.0.0.1", asapPort)) {
                a.getOutputStream().write("GET /x HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                a.getInputStream().readAllBytes();
            }
            final String late = TrafficLogCapture.awaitLine("the 503 line", l -> l.contains("] asap dead/d "));
            assertTrue(late.matches(".* -?\\d+/-?\\d+/-?\\d+/-1/\\+\\d+ 503 \\+\\d+ .*"),
                "under logasap a line logged at the end has its '+' too: " + late);
        }
    }
}
