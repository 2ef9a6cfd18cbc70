package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HAProxy 2.6's L7 retries in HAProxy and in baton: {@code retry-on 503} drops a 503 unseen and sends the request
 * again (to another server with {@code option redispatch}, to the same one without, until {@code retries} are spent,
 * when the 503 goes to the client), {@code retry-on junk-response} does the same after a non-HTTP answer. Per request
 * the same status, body and log line (server, status, retries). {@code balance first} keeps the servers' order the
 * same in both (after a redispatch, HAProxy's round robin and baton's resume at different points).
 */
class StatusRetrySameAsHaproxyTest {
    @TempDir
    Path dir;
    private ServerSocket unavailable;
    private Thread answering;

    /** A server that answers every request with a 503 and closes. */
    private int startUnavailable() throws IOException {
        unavailable = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        answering = new Thread(() -> {
            while (!unavailable.isClosed()) {
                try (Socket c = unavailable.accept()) {
                    final InputStream in = c.getInputStream();
                    final byte[] head = new byte[4096];
                    int n = 0;
                    while (n < 4 || !new String(head, 0, n, StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                        final int r = in.read(head, n, head.length - n);
                        if (r < 0) {
                            break;
                        }
                        n += r;
                    }
                    final OutputStream out = c.getOutputStream();
                    out.write(("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 5\r\nconnection: close\r\n\r\n"
                        + "busy\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (final IOException e) {
                    // closed at the end of the test, or a client gone
                }
            }
        }, "unavailable-server");
        answering.setDaemon(true);
        answering.start();
        return unavailable.getLocalPort();
    }

    @AfterEach
    void stopUnavailable() throws IOException, InterruptedException {
        if (unavailable != null) {
            unavailable.close();
            answering.join(5000);
        }
    }

    @Test
    void aListedStatusOrJunkIsRetriedUnseenUntilRetriesAreSpent() throws Exception {
        Haproxy26.assumeInstalled();
        final int busy = startUnavailable();
        try (HttpBackend good = HttpBackend.start(new HttpBackend.Options().name("good"));
             HttpBackend junk = HttpBackend.start(new HttpBackend.Options().name("junk")
                 .misbehaviour(HttpBackend.Misbehaviour.GARBAGE))) {
            final List<List<String>> both = SideBySide.run(dir, (global, port) -> "global\n" + global
                + "defaults\n    mode http\n    log global\n"
                + "    log-format \"%ci:%cp [%tr] %ft %b/%s %ST rc=%rc %tsc\"\n"
                + "    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
                + "frontend fe\n    bind 127.0.0.1:" + port + "\n"
                + "    use_backend same if { path_beg /same }\n    use_backend spent if { path_beg /spent }\n"
                + "    use_backend junk if { path_beg /junk }\n    default_backend redispatch\n"
                + "backend redispatch\n    balance first\n    retries 3\n    option redispatch 1\n    retry-on 503\n"
                + "    server busy 127.0.0.1:" + busy + "\n    server good 127.0.0.1:" + good.port() + "\n"
                + "backend same\n    retries 2\n    retry-on 503 conn-failure\n"
                + "    server busy 127.0.0.1:" + busy + "\n"
                + "backend spent\n    retries 2\n    retry-on conn-failure\n"
                + "    server busy 127.0.0.1:" + busy + "\n"
                + "backend junk\n    balance first\n    retries 3\n    option redispatch 1\n    retry-on all-retryable-errors\n"
                + "    server junk 127.0.0.1:" + junk.port() + "\n    server good 127.0.0.1:" + good.port() + "\n",
                SideBySide.getEach("/a", "/b", "/same", "/spent", "/junk1", "/junk2"));
            assertTrue(both.get(0).get(2).contains(" 503 ") && both.get(0).get(2).contains("rc=2"),
                "HAProxy's: " + both.get(0));
            assertEquals(masked(both.get(0)), masked(both.get(1)));
        }
    }

    /** The good server's connection numbers run on from one proxy to the next. */
    private static String masked(final List<String> lines) {
        return String.join("\n", lines).replaceAll("conn(-id)?=\\d+", "conn=N").replaceAll("req(-num)?=\\d+",
            "req=N");
    }
}
