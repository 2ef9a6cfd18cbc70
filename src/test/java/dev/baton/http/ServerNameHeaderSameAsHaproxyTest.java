package dev.baton.http;

import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import dev.baton.support.SideBySide;
import dev.baton.support.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code http-send-name-header} in HAProxy 2.6 and in baton on one configuration: the server a request reaches gets
 * the header naming it (lower case, last of the head), the client's own headers of that name dropped whatever their
 * case; a request redispatched after a refused connect names the server it finally reached; a frontend's line only
 * warns. Compared: which server got each request and that request's {@code x-} headers in order.
 */
class ServerNameHeaderSameAsHaproxyTest {
    @TempDir
    Path dir;

    private static String config(final Path socket, final int port, final int s1, final int s2, final int dead) {
        return SideBySide.header(socket, "http") + String.join("\n",
            "frontend f",
            "    bind 127.0.0.1:" + port,
            "    use_backend redispatching if { path_beg /redispatch }",
            "    default_backend b",
            "backend b",
            "    balance roundrobin",
            "    http-send-name-header X-Server",
            "    server s1 127.0.0.1:" + s1,
            "    server s2 127.0.0.1:" + s2,
            "backend redispatching",
            "    balance first",
            "    retries 1",
            "    option redispatch",
            "    http-send-name-header X-Target-Server",
            "    server dead 127.0.0.1:" + dead,
            "    server second-and-longer-name 127.0.0.1:" + s2,
            "");
    }

    /** Sends {@code request} to {@code port}: which server got it and its x- headers, {@code sN x-a:1 | ...}. */
    private static String send(final int port, final String request, final RecordingBackend[] servers)
        throws IOException, InterruptedException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < servers.length; i++) {
                    final String head = servers[i].heads.poll(20, TimeUnit.MILLISECONDS);
                    if (head != null) {
                        RecordingBackend.readAnswerStart(s);
                        return "s" + (i + 1) + " " + RecordingBackend.xHeaders(head);
                    }
                }
            }
            return "none";
        }
    }

    @Test
    void theServerReachedIsNamedInTheRequest() throws Exception {
        try (RecordingBackend s1 = new RecordingBackend(); RecordingBackend s2 = new RecordingBackend()) {
            final RecordingBackend[] servers = {s1, s2};
            final int dead = Sockets.unusedPort();
            final SideBySide.Seen seen = SideBySide.run(dir,
                (socket, port) -> config(socket, port, s1.port(), s2.port(), dead), s1.port(), (socket, port) -> {
                    final List<String> out = new ArrayList<>();
                    final List<String> balanced = new ArrayList<>();
                    for (int i = 0; i < 2; i++) {
                        balanced.add(send(port, RawHttp.get("/", "X-Server: fake\r\nX-Other: 1\r\n"
                            + "x-server: fake2\r\nConnection: close\r\n"), servers));
                    }
                    Collections.sort(balanced);
                    out.addAll(balanced);
                    out.add(send(port, "POST /redispatch HTTP/1.1\r\nHost: x\r\nX-Target-Server: a\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n", servers));
                    return out;
                });
            assertEquals(List.of(
                "s1 x-other:1 | x-server:s1",
                "s2 x-other:1 | x-server:s2",
                "s2 x-target-server:second-and-longer-name"), seen.haproxy(), "HAProxy, as this test expects it");
            assertEquals(seen.haproxy(), seen.baton());
        }
    }

}
