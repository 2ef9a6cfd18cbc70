package dev.baton.log;

import dev.baton.counters.Counter;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code tcp-request content} rules written in backends, side by side with HAProxy 2.6 on the same configuration:
 * they run once the stream enters the backend, after the frontend's own content rules and switching, on the same
 * bytes (mode tcp, with the backend's inspect delay) or on each request before the backend's {@code http-request}
 * rules (mode http), and may track stick counters there. The client sees the same end, the log gets the same line
 * (without the client port, the date and the timers) and the same denied counters (HAProxy's {@code show stat}
 * {@code dreq}; baton's counters, which its {@code show stat} does not print yet).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BackendContentRulesSameAsHaproxyTest {
    @TempDir
    Path dir;

    private static String config(final String global, final Path socket, final int[] ports, final int server) {
        return String.join("\n",
            "global",
            global,
            "    stats socket " + socket + " level admin",
            "defaults",
            "    log global",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend plain",
            "    mode tcp",
            "    option tcplog",
            "    bind 127.0.0.1:" + ports[0],
            "    default_backend bet",
            "frontend inspecting",
            "    mode tcp",
            "    option tcplog",
            "    bind 127.0.0.1:" + ports[1],
            "    tcp-request inspect-delay 3s",
            "    tcp-request content reject if { req.payload(0,3) -m str FEX }",
            "    tcp-request content accept if { req.len ge 3 }",
            "    default_backend bet",
            "frontend web",
            "    mode http",
            "    option httplog",
            "    bind 127.0.0.1:" + ports[2],
            "    default_backend beh",
            "backend bet",
            "    mode tcp",
            "    tcp-request inspect-delay 3s",
            "    tcp-request content reject if { req.payload(0,3) -m str BAD }",
            "    tcp-request content accept if { req.len ge 4 }",
            "    server s 127.0.0.1:" + server,
            "backend beh",
            "    mode http",
            "    stick-table type ip size 1k expire 1m store http_req_cnt",
            "    tcp-request content track-sc1 src",
            "    tcp-request content reject if { req.hdr(x-bad) -m found }",
            "    http-request deny if { req.hdr(x-deny) -m found }",
            "    http-request deny deny_status 429 if { sc1_http_req_cnt gt 3 }",
            "    server s 127.0.0.1:" + server,
            "");
    }

    /** What the client saw and what was logged, for each case in turn. */
    private static List<String> run(final int[] ports, final IntFunction<List<String>> linesOf)
        throws Exception {
        final List<String> out = new ArrayList<>();
        out.add(exchange(ports[0], "BADxx", 0, linesOf));
        out.add(exchange(ports[0], "GOOD / HTTP/1.1\r\n\r\n", 40, linesOf));
        out.add(exchange(ports[1], "FEXxx", 0, linesOf));
        out.add(exchange(ports[1], "BADxx", 0, linesOf));
        out.add(exchange(ports[1], "GOOD / HTTP/1.1\r\n\r\n", 40, linesOf));
        out.add(exchange(ports[2], request("x-bad: 1\r\nx-deny: 1\r\n"), -1, linesOf));
        out.add(exchange(ports[2], request("x-deny: 1\r\n"), -1, linesOf));
        out.add(exchange(ports[2], request(""), -1, linesOf));
        out.add(exchange(ports[2], request(""), -1, linesOf));
        out.add(exchange(ports[2], request(""), -1, linesOf));
        return out;
    }

    /**
     * HAProxy's {@code dreq} of each frontend and backend ({@code show stat}): the mode http frontend counts the
     * backend's content reject and its {@code http-request deny}s too, as HAProxy does.
     */
    private static List<String> deniedOf(final Path socket) throws IOException {
        final List<String> out = new ArrayList<>();
        final String[] stat = Sockets.stats(socket, "show stat").split("\n");
        final int column = List.of(stat[0].substring(2).split(",", -1)).indexOf("dreq");
        for (int i = 1; i < stat.length; i++) {
            final String[] f = stat[i].split(",", -1);
            if (f.length > column && (f[1].equals("FRONTEND") || f[1].equals("BACKEND"))) {
                out.add(f[0] + "/" + f[1] + " dreq " + f[column]);
            }
        }
        return out;
    }

    /** The same figures from baton's counters. */
    private static List<String> deniedOf(final dev.baton.Daemon daemon) {
        final List<String> out = new ArrayList<>();
        for (final String fe : List.of("plain", "inspecting", "web")) {
            out.add(fe + "/FRONTEND dreq " + daemon.frontend(fe).counters().get(Counter.DENIED_REQUESTS));
        }
        for (final String be : List.of("bet", "beh")) {
            out.add(be + "/BACKEND dreq " + daemon.backend(be).counters().get(Counter.DENIED_REQUESTS));
        }
        return out;
    }

    private static String request(final String headers) {
        return "GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n" + headers + "\r\n";
    }

    /** {@link ContentRejectSameAsHaproxyTest#exchange} of a logged stream, an HTTP answer's size masked. */
    private static String exchange(final int port, final String send, final int answer,
                                   final IntFunction<List<String>> linesOf) throws Exception {
        final String seen = ContentRejectSameAsHaproxyTest.exchange(port, send, answer, linesOf, true);
        final int at = seen.indexOf(": ") + 2;
        return seen.substring(0, at) + masked(seen.substring(at));
    }

    /** A normalized line with an HTTP answer's size masked: baton's response heads differ (not this test's subject). */
    private static String masked(final String line) {
        final String[] f = line.split(" ");
        if (f.length > 4 && f[2].split("/").length == 5 && !f[4].equals("0")) {
            f[4] = "B";
        }
        return String.join(" ", f);
    }

    @Test
    void backendRulesRunAfterTheFrontendsAsHaproxyDoes() throws Exception {
        Haproxy26.assumeInstalled();
        try (RecordingBackend server = new RecordingBackend()) {
            final int[] h = ContentRejectSameAsHaproxyTest.ports();
            final Path hSocket = dir.resolve("h.sock");
            final List<String> fromHaproxy;
            try (HaproxyProcess haproxy = HaproxyProcess.start(dir,
                config("    log stdout format raw local0 info", hSocket, h, server.port()), h[2])) {
                fromHaproxy = run(h, haproxy::linesOf);
                fromHaproxy.addAll(deniedOf(hSocket));
            }
            TrafficLogCapture.clear();
            final int[] b = ContentRejectSameAsHaproxyTest.ports();
            final Path bSocket = dir.resolve("b.sock");
            final List<String> fromBaton;
            try (RunningDaemon baton = RunningDaemon.start(config("    nbthread 1", bSocket, b, server.port()))) {
                fromBaton = run(b, client -> TrafficLogCapture.lines(l -> l.startsWith("127.0.0.1:" + client + " [")));
                fromBaton.addAll(deniedOf(baton.daemon()));
                // the backend's content reject and its two http-request denies count on the frontend, as HAProxy's
                assertEquals(3, baton.daemon().frontend("web").counters().get(Counter.DENIED_REQUESTS));
                await().atMost(Duration.ofSeconds(10)).until(() -> baton.daemon().liveStreams() == 0);
            }
            assertEquals(List.of(
                "FIN: plain bet/<NOSRV> -1/-1/T 0 PR N",
                "data H: plain bet/s T/T/T 40 -- N",
                "FIN: inspecting inspecting/<NOSRV> -1/-1/T 0 PR N",
                "FIN: inspecting bet/<NOSRV> -1/-1/T 0 PR N",
                "data H: inspecting bet/s T/T/T 40 -- N",
                "FIN: web beh/<NOSRV> -1/-1/-1/-1/T -1 0 - - PR-- N \"GET / HTTP/1.1\"",
                "HTTP/1.1 403 Forbidden: web beh/<NOSRV> T/-1/-1/-1/T 403 B - - PR-- N \"GET / HTTP/1.1\"",
                "HTTP/1.1 200 OK: web beh/s T/T/T/T/T 200 B - - ---- N \"GET / HTTP/1.1\"",
                "HTTP/1.1 200 OK: web beh/s T/T/T/T/T 200 B - - ---- N \"GET / HTTP/1.1\"",
                "HTTP/1.1 429 Too Many Requests: web beh/<NOSRV> T/-1/-1/-1/T 429 B - - PR-- N \"GET / HTTP/1.1\"",
                "plain/FRONTEND dreq 1",
                "inspecting/FRONTEND dreq 2",
                "web/FRONTEND dreq 3",
                "bet/BACKEND dreq 0",
                "beh/BACKEND dreq 2"), fromHaproxy, "HAProxy's own behaviour");
            assertEquals(fromHaproxy, fromBaton);
        }
    }
}
