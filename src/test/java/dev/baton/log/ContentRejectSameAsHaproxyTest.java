package dev.baton.log;

import dev.baton.support.BlockingServer;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code tcp-request} / {@code tcp-response} rejects side by side with HAProxy 2.6 on the same configuration: a
 * content reject in mode tcp (on the payload) and in mode http (on a header), a connection reject by a source list,
 * a response reject on an echo server's bytes, and an accepted stream of each mode tcp kind. The client sees the
 * same end (FIN or reset) and the log gets the same line, or none for the connection reject; compared without the
 * client port, the date and the total time.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ContentRejectSameAsHaproxyTest {
    @TempDir
    Path dir;

    private static String config(final String global, final int[] ports, final Path list, final int server,
                                 final int echo) {
        return String.join("\n",
            "global",
            global,
            "defaults",
            "    log global",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend tcpfe",
            "    mode tcp",
            "    option tcplog",
            "    bind 127.0.0.1:" + ports[0],
            "    tcp-request inspect-delay 3s",
            "    tcp-request content reject if { req.payload(0,3) -m str BAD }",
            "    tcp-request content accept if { req.len ge 3 }",
            "    default_backend bet",
            "frontend web",
            "    mode http",
            "    option httplog",
            "    bind 127.0.0.1:" + ports[1],
            "    tcp-request content reject if { req.hdr(x-bad) -m found }",
            "    default_backend beh",
            "frontend blocked",
            "    mode tcp",
            "    option tcplog",
            "    bind 127.0.0.1:" + ports[2],
            "    tcp-request connection reject if { src -f " + list + " }",
            "    default_backend bet",
            "listen li",
            "    mode tcp",
            "    option tcplog",
            "    bind 127.0.0.1:" + ports[3],
            "    tcp-response inspect-delay 3s",
            "    tcp-response content reject if { res.payload(0,4) -m str QUIT }",
            "    tcp-response content accept if { res.len ge 5 }",
            "    server s 127.0.0.1:" + echo,
            "backend bet",
            "    mode tcp",
            "    server s 127.0.0.1:" + server,
            "backend beh",
            "    mode http",
            "    server s 127.0.0.1:" + server,
            "");
    }

    /** What the client saw and what was logged, for each case in turn. */
    private static List<String> run(final int[] ports, final IntFunction<List<String>> linesOf) throws Exception {
        final List<String> out = new ArrayList<>();
        out.add(exchange(ports[0], "BADxx", 0, linesOf, true));
        out.add(exchange(ports[1], "GET / HTTP/1.1\r\nhost: x\r\nx-bad: 1\r\n\r\n", 0, linesOf, true));
        out.add(exchange(ports[0], "GOOD / HTTP/1.1\r\n\r\n", 40, linesOf, true));
        out.add(exchange(ports[2], "hello", 0, linesOf, false));
        out.add(exchange(ports[3], "QUIT now", 0, linesOf, true));
        out.add(exchange(ports[3], "HELLO world", 11, linesOf, true));
        return out;
    }

    /**
     * Sends {@code send}, reads the first byte and, when one came, the rest of an answer of {@code answer} bytes (so
     * that the client closes with nothing unread: a normal end; -1: up to the peer's end, then its first line is
     * shown), then closes.
     */
    static String exchange(final int port, final String send, final int answer,
                                   final IntFunction<List<String>> linesOf, final boolean logged) throws Exception {
        final int client;
        final String end;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            client = s.getLocalPort();
            String seen;
            try {
                s.getOutputStream().write(send.getBytes(StandardCharsets.US_ASCII));
                final InputStream in = s.getInputStream();
                final int b = in.read();
                if (b < 0) {
                    seen = "FIN";
                } else if (answer < 0) {
                    final String all = (char) b + new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                    seen = all.substring(0, all.indexOf('\r'));
                } else {
                    in.readNBytes(answer - 1);
                    seen = "data " + (char) b;
                }
            } catch (final IOException e) {
                seen = "reset";
            }
            end = seen;
        }
        if (logged) {
            await("a line for " + client).atMost(Duration.ofSeconds(10)).until(() -> !linesOf.apply(client).isEmpty());
        } else {
            // the ones that are logged came before; give this one the same time to show up
            await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> true);
        }
        final List<String> lines = linesOf.apply(client);
        return end + ": " + (lines.isEmpty() ? "no line" : normalized(lines.get(0)));
    }

    /** The line without client, date, timers (-1 kept) and connection counts. */
    static String normalized(final String line) {
        final String[] f = line.replaceFirst("^127\\.0\\.0\\.1:\\d+ \\[[^]]+] ", "").split(" ");
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < f.length; i++) {
            String w = f[i];
            if (i == 2) {
                w = w.replaceAll("(^|/)\\d+", "$1T");
            } else if (w.matches("\\d+/\\d+/\\d+/\\d+/\\d+")) {
                w = "N";
                i++; // the queue counts that follow
            }
            out.append(out.length() == 0 ? "" : " ").append(w);
        }
        return out.toString();
    }

    static int[] ports() throws IOException {
        final int[] p = new int[4];
        for (int i = 0; i < p.length; i++) {
            p[i] = RunningDaemon.freePort();
        }
        return p;
    }

    @Test
    void rejectsEndAndAreLoggedAsHaproxyDoes() throws Exception {
        Haproxy26.assumeInstalled();
        final Path list = Files.writeString(dir.resolve("blocked.lst"), "127.0.0.1\n");
        try (RecordingBackend server = new RecordingBackend();
             BlockingServer echo = BlockingServer.start("echo", BlockingServer.echo())) {
            final int[] h = ports();
            final List<String> fromHaproxy;
            try (HaproxyProcess haproxy = HaproxyProcess.start(dir,
                config("    log stdout format raw local0 info", h, list, server.port(), echo.port()), h[3])) {
                fromHaproxy = run(h, haproxy::linesOf);
            }
            TrafficLogCapture.clear();
            final int[] b = ports();
            final List<String> fromBaton;
            try (RunningDaemon baton = RunningDaemon.start(config("    nbthread 1", b, list, server.port(), echo.port()))) {
                fromBaton = run(b, client -> TrafficLogCapture.lines(l -> l.startsWith("127.0.0.1:" + client + " [")));
                await().atMost(Duration.ofSeconds(10)).until(() -> baton.daemon().liveStreams() == 0);
            }
            assertEquals(List.of(
                "FIN: tcpfe tcpfe/<NOSRV> -1/-1/T 0 PR N",
                "FIN: web web/<NOSRV> -1/-1/-1/-1/T -1 0 - - PR-- N \"<BADREQ>\"",
                "data H: tcpfe bet/s T/T/T 40 -- N",
                "reset: no line",
                "FIN: li li/s T/T/T 8 PD N",
                "data H: li li/s T/T/T 11 -- N"), fromHaproxy, "HAProxy's own behaviour");
            assertEquals(fromHaproxy, fromBaton);
        }
    }
}
