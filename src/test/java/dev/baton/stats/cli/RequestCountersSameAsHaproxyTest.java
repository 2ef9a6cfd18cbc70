package dev.baton.stats.cli;

import dev.baton.support.DaemonProcess;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.Sockets;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HAProxy 2.6 and baton side by side under the same traffic: three 200s, a 404 from the server, a request denied by
 * the frontend's rules, one denied by the backend's, a redirect made by the frontend, a request to a backend whose
 * only server is down (503), the frontend's {@code monitor-uri} and stats page, a malformed request, two requests on
 * one kept-alive connection, a client that leaves once its request is sent (HAProxy still counts the 200); a
 * request and a denial in an HTTP listen section, a stream through a TCP listen section, and a client of each of
 * three frontends that reject it by {@code tcp-request connection}, {@code session} and {@code content} rules. Then
 * {@code show stat}'s request, response and denial columns (typed counters, not timings nor rates) of every row must
 * read the same on both: {@code dreq}, {@code dresp}, {@code ereq}, {@code dcon}, {@code dses}, {@code wrew},
 * {@code eint}, {@code intercepted}, {@code req_tot}, {@code hrsp_*}, {@code cache_*}, {@code agg_*},
 * {@code tracked}, {@code throttle}, {@code stot}, whether {@code lastsess} is -1, and which of the rate and time
 * columns are filled at all (empty or not per row type). Every frontend has {@code option socket-stats}: its listener
 * row is compared as well (the connection, session and content rejections, denials and errors of each address).
 *
 * <p>Runs where {@code haproxy} is installed; skipped elsewhere, except under CI. Both processes are stopped at the
 * end.
 */
class RequestCountersSameAsHaproxyTest {
    private static final List<String> COUNTERS = List.of("dreq", "dresp", "ereq", "dcon", "dses", "wrew", "eint",
        "intercepted", "req_tot", "hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other",
        "cache_lookups", "cache_hits", "agg_server_status", "agg_server_check_status", "agg_check_status", "tracked",
        "throttle", "rate_lim", "stot", "lastsess", "scur");
    /** Columns whose value is a time or a rate: only whether they are filled is compared. */
    private static final List<String> FILLED = List.of("rate", "rate_max", "req_rate", "req_rate_max", "conn_rate",
        "conn_rate_max", "ctime", "rtime", "ttime", "ctime_max", "rtime_max", "ttime_max");

    @TempDir
    Path dir;

    /** The ports of one side: the HTTP frontend, the TCP listen, the HTTP listen and the two rejecting gates. */
    private record Ports(int fe, int tcp, int web, int gateConn, int gateSess, int gateContent) {
        static Ports unused() throws IOException {
            return new Ports(Sockets.unusedPort(), Sockets.unusedPort(), Sockets.unusedPort(), Sockets.unusedPort(),
                Sockets.unusedPort(), Sockets.unusedPort());
        }
    }

    private static String config(final Path socket, final Ports ports, final int serverPort, final int deadPort) {
        return String.join("\n",
            "global",
            "    stats socket " + socket + " mode 600 level admin",
            "defaults",
            "    mode http",
            "    option socket-stats", // every frontend's listener row is compared too
            "    timeout connect 1s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + ports.fe(),
            "    monitor-uri /alive",
            "    stats enable",
            "    stats uri /haproxy-stats",
            "    http-request deny if { path /deny }",
            "    http-request redirect location /elsewhere if { path /redir }",
            "    use_backend dead if { path /dead }",
            "    default_backend be",
            "backend be",
            "    http-request deny if { path /bedeny }",
            "    server s1 127.0.0.1:" + serverPort,
            "backend dead",
            "    server d1 127.0.0.1:" + deadPort + " check inter 200 fall 1",
            "backend tracking",
            "    server k1 127.0.0.1:" + deadPort + " track dead/d1",
            "listen tcpli",
            "    mode tcp",
            "    bind 127.0.0.1:" + ports.tcp(),
            "    server t1 127.0.0.1:" + serverPort,
            "listen web",
            "    bind 127.0.0.1:" + ports.web(),
            "    http-request deny if { path /deny }",
            "    server w1 127.0.0.1:" + serverPort,
            "frontend gateconn",
            "    bind 127.0.0.1:" + ports.gateConn(),
            "    tcp-request connection reject",
            "    default_backend be",
            "frontend gatesess",
            "    bind 127.0.0.1:" + ports.gateSess(),
            "    tcp-request session reject",
            "    default_backend be",
            "frontend gatecontent",
            "    bind 127.0.0.1:" + ports.gateContent(),
            "    tcp-request content reject",
            "    default_backend be",
            "");
    }

    private static Map<String, Map<String, String>> stat(final Path socket, final List<String> names)
        throws IOException {
        return CliClient.stat(socket, names);
    }

    private static String deadStatus(final Path socket) {
        try {
            final String[] lines = CliClient.exchange(socket, "show stat").split("\n");
            for (final String l : lines) {
                if (l.startsWith("dead,d1,")) {
                    return l.contains(",DOWN,") ? "DOWN" : "not yet";
                }
            }
            return "no row";
        } catch (final IOException | RuntimeException e) {
            return "not answering";
        }
    }

    private static int status(final int port, final String path) throws IOException {
        try (RawHttp c = RawHttp.open(port)) {
            return c.send(RawHttp.get(path, "Connection: close\r\n")).read().status;
        }
    }

    /** The same traffic to the ports of one side; the statuses it got. */
    private static List<Integer> traffic(final Ports ports) throws IOException {
        final int port = ports.fe();
        final List<Integer> got = new java.util.ArrayList<>();
        for (final String path : List.of("/", "/", "/a", "/status/404", "/deny", "/bedeny", "/redir", "/dead", "/alive",
            "/haproxy-stats")) {
            got.add(status(port, path));
        }
        try (RawHttp c = RawHttp.open(port)) {
            got.add(c.send("GARBAGE\r\n\r\n").read().status);
        }
        try (RawHttp c = RawHttp.open(port)) { // two requests on one kept-alive connection
            got.add(c.send(RawHttp.get("/ka")).read().status);
            got.add(c.send(RawHttp.get("/status/503", "Connection: close\r\n")).read().status);
        }
        try (RawHttp c = RawHttp.open(port)) { // a client that leaves once its request is sent
            c.send(RawHttp.get("/delay/300", "Connection: close\r\n"));
        }
        got.add(status(ports.web(), "/"));
        got.add(status(ports.web(), "/deny"));
        got.add(status(ports.tcp(), "/through-tcp"));
        for (final int gate : List.of(ports.gateConn(), ports.gateSess(), ports.gateContent())) {
            try (RawHttp c = RawHttp.open(gate)) {
                c.send(RawHttp.get("/"));
                got.add(c.input().read()); // closed at once: end of stream (or a reset)
            } catch (final IOException reset) {
                got.add(-1);
            }
        }
        return got;
    }

    @Test
    @SuppressWarnings("try")
    void requestAndResponseCountersMatchHaproxy() throws Exception {
        final Path hSocket = dir.resolve("h.sock");
        final Path bSocket = dir.resolve("b.sock");
        final Ports hPorts = Ports.unused();
        final Ports bPorts = Ports.unused();
        final int dead = Sockets.unusedPort();
        try (HttpBackend server = HttpBackend.start(new HttpBackend.Options().name("s1"));
             HaproxyProcess haproxy = HaproxyProcess.start(Files.createDirectories(dir.resolve("h")),
                 config(hSocket, hPorts, server.port(), dead), hPorts.fe());
             DaemonProcess baton = DaemonProcess.start(Files.createDirectories(dir.resolve("baton")), "-f",
                 Files.writeString(dir.resolve("b.cfg"), config(bSocket, bPorts, server.port(), dead)).toString())) {
            assertTrue(baton.pid() > 0);
            await("both see the dead server down").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> deadStatus(hSocket).equals("DOWN") && deadStatus(bSocket).equals("DOWN"));
            // HaproxyProcess probed HAProxy's frontend with a connection that sent nothing (its H1 mux counts it: a
            // request, a failed one, a 400): the same probe on baton's
            assertTrue(HaproxyProcess.listening(bPorts.fe()));
            final List<Integer> expected = List.of(200, 200, 200, 404, 403, 403, 302, 503, 200, 200, 400, 200, 503,
                200, 403, 200, -1, -1, -1);
            final List<Integer> hGot = traffic(hPorts);
            assertEquals(expected.subList(0, 16), hGot.subList(0, 16), "HAProxy's answers");
            assertEquals(hGot, traffic(bPorts), "baton's answers, as HAProxy's");
            await("both counted every request").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> stat(hSocket, COUNTERS).get("fe/FRONTEND").get("hrsp_5xx").equals("2")
                    && stat(bSocket, COUNTERS).get("fe/FRONTEND").get("hrsp_5xx").equals("2")
                    && stat(bSocket, COUNTERS).get("tcpli/FRONTEND").get("stot").equals("1")
                    && stat(bSocket, COUNTERS).get("fe/FRONTEND").get("ereq").equals("2")
                    && stat(bSocket, COUNTERS).get("gatecontent/FRONTEND").get("dreq").equals("1")
                    && stat(hSocket, COUNTERS).get("be/s1").get("scur").equals("0")
                    && stat(bSocket, COUNTERS).get("be/s1").get("scur").equals("0"));
            final Map<String, Map<String, String>> h = stat(hSocket, COUNTERS);
            final Map<String, Map<String, String>> b = stat(bSocket, COUNTERS);
            assertEquals(h.keySet(), b.keySet(), "the rows");
            for (final String row : h.keySet()) {
                // lastsess is a time: only whether the object ever had a session (-1 or not) is compared
                h.get(row).computeIfPresent("lastsess", (k, v) -> v.equals("-1") || v.isEmpty() ? v : "seen");
                b.get(row).computeIfPresent("lastsess", (k, v) -> v.equals("-1") || v.isEmpty() ? v : "seen");
                assertEquals(h.get(row), b.get(row), row);
            }
            // HAProxy's own figures, as this test expects them
            assertEquals("2", h.get("fe/FRONTEND").get("dreq"));
            assertEquals("1", h.get("be/BACKEND").get("dreq"));
            assertEquals("2", h.get("fe/FRONTEND").get("ereq"), "the garbage and the probe");
            assertEquals("3", h.get("fe/FRONTEND").get("intercepted"));
            assertEquals("15", h.get("fe/FRONTEND").get("req_tot"));
            assertEquals("7", h.get("fe/FRONTEND").get("hrsp_2xx"), "the client that left counts its 200 too");
            assertEquals("1", h.get("be/s1").get("hrsp_4xx"));
            assertEquals("1", h.get("web/FRONTEND").get("dreq"));
            assertEquals("0", h.get("web/BACKEND").get("dreq"));
            assertEquals("1", h.get("gateconn/FRONTEND").get("dcon"));
            assertEquals("1", h.get("gatesess/FRONTEND").get("dses"));
            assertEquals("dead/d1", h.get("tracking/k1").get("tracked"));
            assertEquals("1", h.get("gatecontent/FRONTEND").get("dreq"));
            // the listener rows, through option socket-stats in defaults: each rejection on its address too
            assertEquals("1", h.get("gateconn/sock-1").get("dcon"));
            assertEquals("1", h.get("gatesess/sock-1").get("dses"));
            assertEquals("1", h.get("gatecontent/sock-1").get("dreq"));
            assertEquals("2", h.get("fe/sock-1").get("dreq"));
            assertEquals("1", h.get("tcpli/sock-1").get("stot"));
            assertEquals("1", h.get("gatecontent/FRONTEND").get("hrsp_other"), "HAProxy's status -1");
            final Map<String, Map<String, String>> hf = stat(hSocket, FILLED);
            final Map<String, Map<String, String>> bf = stat(bSocket, FILLED);
            for (final String row : hf.keySet()) {
                for (final String c : FILLED) {
                    assertEquals(hf.get(row).get(c).isEmpty(), bf.get(row).get(c).isEmpty(), row + " " + c);
                }
            }
        }
    }
}
