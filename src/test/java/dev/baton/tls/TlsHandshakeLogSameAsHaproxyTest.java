package dev.baton.tls;

import dev.baton.support.ExternalTool;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The log line of a handshake that fails, side by side with HAProxy 2.6: a client that speaks no TLS, one that closes
 * before its hello, one that stops in the middle of it until {@code timeout client}.
 */
class TlsHandshakeLogSameAsHaproxyTest {
    @TempDir
    Path tmp;

    private static String config(final String global, final Path pem, final int port) {
        return "global\n" + global + "defaults\n    log global\n    mode http\n    option httplog\n"
            + "    timeout connect 1s\n    timeout client 700ms\n    timeout server 5s\n"
            + "frontend fe\n    bind 127.0.0.1:" + port + " ssl crt " + pem + "\n    http-request return status 200\n";
    }

    /** The three clients, in order; returns the local port of each. */
    private static int[] clients(final int port) throws Exception {
        final int[] local = new int[3];
        try (Socket s = connect(port)) {
            local[0] = s.getLocalPort();
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            drain(s);
        }
        try (Socket s = connect(port)) {
            local[1] = s.getLocalPort();
        }
        try (Socket s = connect(port)) {
            local[2] = s.getLocalPort();
            s.getOutputStream().write(new byte[] {22, 3, 1, 0});
            drain(s);
        }
        return local;
    }

    private static Socket connect(final int port) throws IOException {
        final Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static void drain(final Socket s) throws IOException {
        while (s.getInputStream().read() >= 0) {
            // until the proxy closes
        }
    }

    /** Each client's line with its address and date taken out: {@code fe/1: SSL handshake failure}. */
    private static List<String> messages(final int[] local, final IntFunction<List<String>> linesOf) {
        final List<String> out = new ArrayList<>();
        for (final int p : local) {
            await("the line of client port " + p).atMost(Duration.ofSeconds(10)).until(() -> !linesOf.apply(p).isEmpty());
            for (final String l : linesOf.apply(p)) {
                out.add(l.substring(l.indexOf("] ") + 2));
            }
        }
        return out;
    }

    @Test
    void failedHandshakesAreLoggedAsHaproxyLogsThem() throws Exception {
        ExternalTool.requireHaproxy();
        final Path pem = new TlsCerts(tmp).rsa("site.pem", "site.test");
        final int hPort = RunningDaemon.freePort();
        final List<String> fromHaproxy;
        try (HaproxyProcess h = HaproxyProcess.start(tmp, config("    log stdout format raw local0 info\n", pem, hPort),
            hPort)) {
            fromHaproxy = messages(clients(hPort), h::linesOf);
        }
        TrafficLogCapture.clear();
        final int bPort = RunningDaemon.freePort();
        final RunningDaemon daemon = RunningDaemon.start(config("", pem, bPort));
        final List<String> fromBaton;
        try {
            final int[] local = clients(bPort);
            fromBaton = messages(local, c -> TrafficLogCapture.lines(l -> l.startsWith("127.0.0.1:" + c + " [")));
        } finally {
            daemon.close();
        }
        assertEquals(List.of("fe/1: SSL handshake failure", "fe/1: Connection closed during SSL handshake",
            "fe/1: Timeout during SSL handshake"), fromHaproxy, "what HAProxy 2.6 logs");
        assertEquals(fromHaproxy, fromBaton);
    }
}
