package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code http-request reject} and {@code silent-drop} (in a frontend and in a backend), {@code tcp-request content
 * silent-drop}, {@code http-response silent-drop}, and {@code set-tos}/{@code set-mark}/{@code wait-for-handshake} letting a request through, in HAProxy
 * 2.6 and in baton on one configuration: what the client sees (an end of stream for reject; nothing at all for
 * silent-drop, whose socket goes into TCP repair mode when the process may, as both do as root, else a reset) and
 * the log line (no status, {@code PR--}, TR -1).
 */
class DropRulesSameAsHaproxyTest {
    @TempDir
    Path dir;

    private static String config(final String global, final int port, final int server) {
        return "global\n" + global + "defaults\n    mode http\n    log global\n    option httplog\n"
            + "    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
            + "frontend f\n    bind 127.0.0.1:" + port + "\n"
            + "    tcp-request content silent-drop if { req.hdr(x-drop) -m found }\n"
            + "    http-request set-tos 0x20 if { path /marked }\n"
            + "    http-request set-mark 7 if { path /marked }\n"
            + "    http-request wait-for-handshake\n"
            + "    http-request reject if { path /reject }\n"
            + "    http-request silent-drop if { path /drop }\n"
            + "    default_backend b\n"
            + "backend b\n"
            + "    http-request reject if { path /be-reject }\n"
            + "    http-request silent-drop if { path /be-drop }\n"
            + "    http-request set-var(txn.path) path\n"
            + "    http-response silent-drop if { var(txn.path) -m str /res-drop }\n"
            + "    server s 127.0.0.1:" + server + "\n";
    }

    /** What the client sees within 1 s after sending {@code request}: eof, reset, silence or a status line. */
    private static String observe(final Socket s, final String request) throws IOException {
        s.setSoTimeout(1000);
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        try {
            final byte[] start = s.getInputStream().readNBytes(12);
            return start.length == 0 ? "eof" : new String(start, StandardCharsets.ISO_8859_1);
        } catch (final SocketTimeoutException e) {
            return "silence";
        } catch (final SocketException e) {
            return "reset";
        }
    }

    private static List<String> run(final int port, final IntFunction<List<String>> linesOf) throws Exception {
        final List<String> out = new ArrayList<>();
        for (final String path : List.of("/marked", "/reject", "/drop", "/be-reject", "/be-drop", "/res-drop")) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                final int client = s.getLocalPort();
                out.add(path + " " + observe(s, RawHttp.get(path)));
                await().atMost(Duration.ofSeconds(10)).until(() -> !linesOf.apply(client).isEmpty());
                out.add(linesOf.apply(client).get(0).replaceFirst("^127\\.0\\.0\\.1:\\d+ \\[[^]]+] ", "")
                    // times, and the bytes HAProxy counts of a response it dropped (baton counts none)
                    .replaceAll(" -?\\d+/-?\\d+/-?\\d+/(-?)\\d+/\\d+ 200 \\d+ ", " TIMES$1 200 BYTES ")
                    // actconn/feconn: the previous client's close may not have been seen yet
                    .replaceAll(" \\d+/\\d+/(\\d+/\\d+/\\d+) ", " A/F/$1 "));
            }
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            out.add("content " + observe(s, RawHttp.get("/", "X-Drop: 1\r\n")));
        }
        return out;
    }

    @Test
    void rejectAndSilentDropEndTheConnectionAsHaproxyDoes() throws Exception {
        Haproxy26.assumeInstalled();
        try (RecordingBackend server = new RecordingBackend()) {
            final List<List<String>> both = SideBySide.run(dir, (global, port) -> config(global, port, server.port()),
                DropRulesSameAsHaproxyTest::run);
            final List<String> fromHaproxy = both.get(0);
            assertEquals("/reject eof", fromHaproxy.get(2), "HAProxy's own reject: " + fromHaproxy);
            assertEquals(fromHaproxy, both.get(1));
        }
    }
}
