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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HAProxy 2.6 and baton side by side on a frontend with {@code option socket-stats} and two bind lines, one named and
 * one of two addresses without a name: the same requests on each address (two 200s on the named one; a 200, a denied
 * request and a malformed one on the second; nothing on the third; two clients held on a fourth, bound with
 * {@code id 9 maxconn 2}, at the end), then the listener rows of {@code show stat}
 * compared field by field: names ({@code web}, {@code sock-2}, {@code sock-3}, {@code sock-9}), {@code scur}, {@code smax},
 * {@code slim}, {@code stot}, the denial and error columns, {@code status}, the ids, {@code type} 3, {@code mode},
 * {@code addr} (its port aside), and which columns are empty. Bytes: each side's listener rows add up to its
 * FRONTEND row, and baton's differ from HAProxy's by no more than the head-size difference baton documents (HAProxy
 * counts its internal HTX form, baton the bytes on the wire), the 400 of the malformed request aside (baton counts
 * it in {@code bout}, HAProxy does not, on the FRONTEND row as on the listener's). {@code show stat -1 8 -1} and
 * {@code show stat fe 8 2} must select the same rows on both, and the fourth address must read {@code FULL} on both
 * once its two clients are in.
 *
 * <p>Runs where {@code haproxy} is installed; skipped elsewhere, except under CI. Both processes are stopped at the
 * end.
 */
class SocketStatsSameAsHaproxyTest {
    /** Columns compared as they are. */
    private static final List<String> EXACT = List.of("pxname", "svname", "qcur", "scur", "smax", "slim", "stot", "dreq",
        "dresp", "ereq", "econ", "dcon", "dses", "wrew", "eint", "status", "pid", "iid", "sid", "type", "mode",
        "req_tot", "rate", "conn_tot", "lastchg");
    /** The most a listener's bytes may differ per request between baton (wire) and HAProxy (HTX). */
    private static final int BYTES_PER_REQUEST = 40;

    @TempDir
    Path dir;

    private record Ports(int web, int second, int third, int full) {
        static Ports unused() throws IOException {
            return new Ports(Sockets.unusedPort(), Sockets.unusedPort(), Sockets.unusedPort(), Sockets.unusedPort());
        }
    }

    /** The global and defaults sections both configurations share. */
    private static String head(final Path socket) {
        return String.join("\n",
            "global",
            "    stats socket " + socket + " mode 600 level admin",
            "defaults",
            "    mode http",
            "    timeout connect 1s",
            "    timeout client 5s",
            "    timeout server 5s");
    }

    private static String config(final Path socket, final Ports ports, final int serverPort) {
        return String.join("\n", head(socket),
            "frontend fe",
            "    option socket-stats",
            "    bind 127.0.0.1:" + ports.web() + " name web",
            "    bind 127.0.0.1:" + ports.second() + ",127.0.0.1:" + ports.third(),
            "    bind 127.0.0.1:" + ports.full() + " id 9 maxconn 2",
            "    http-request deny if { path /deny }",
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:" + serverPort,
            "");
    }

    /**
     * One request on a connection of its own; returns once the side counted the client out, so that no two clients
     * ever overlap and {@code smax} reads the same on both (baton may close its side after the client did).
     */
    private static int status(final Path socket, final int port, final String request) throws IOException {
        final int status;
        try (RawHttp c = RawHttp.open(port)) {
            status = c.send(request).read().status;
        }
        await("the client counted out").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
            .until(() -> idle(socket));
        return status;
    }

    /** The same traffic to one side's addresses; the statuses it got. */
    private static List<Integer> traffic(final Path socket, final Ports ports) throws IOException {
        final List<Integer> got = new ArrayList<>();
        got.add(status(socket, ports.web(), RawHttp.get("/", "Connection: close\r\n")));
        got.add(status(socket, ports.web(), RawHttp.get("/a", "Connection: close\r\n")));
        got.add(status(socket, ports.second(), RawHttp.get("/", "Connection: close\r\n")));
        got.add(status(socket, ports.second(), RawHttp.get("/deny", "Connection: close\r\n")));
        got.add(status(socket, ports.second(), "GARBAGE\r\n\r\n"));
        return got;
    }

    /** Every row of {@code command}'s answer by {@code pxname/svname}: each column by name. */
    private static Map<String, Map<String, String>> rows(final Path socket, final String command) throws IOException {
        final String[] lines = CliClient.exchange(socket, command).split("\n");
        final List<String> header = Arrays.asList(lines[0].substring(2).split(",", -1));
        final Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            final String[] f = lines[i].split(",", -1);
            if (f.length < 2) {
                continue;
            }
            final Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size() && c < f.length; c++) {
                row.put(header.get(c), f[c]);
            }
            out.put(f[0] + "/" + f[1], row);
        }
        return out;
    }

    private static boolean idle(final Path socket) {
        try {
            return rows(socket, "show stat").get("fe/FRONTEND").get("scur").equals("0");
        } catch (final IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the start-up probe's connection was accepted on the named listener (its stot reads 1). */
    private static boolean probeCounted(final Path socket) {
        try {
            return rows(socket, "show stat").get("fe/web").get("stot").equals("1");
        } catch (final IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean full(final Path socket) {
        try {
            return rows(socket, "show stat fe 8 9").get("fe/sock-9").get("scur").equals("2");
        } catch (final IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean counted(final Path socket) {
        try {
            final Map<String, Map<String, String>> r = rows(socket, "show stat");
            return r.get("fe/FRONTEND").get("scur").equals("0") && r.get("fe/sock-2").get("ereq").equals("1")
                && r.get("fe/web").get("stot").equals("3");
        } catch (final IOException | RuntimeException e) {
            return false;
        }
    }

    @Test
    @SuppressWarnings("try")
    void listenerRowsMatchHaproxy() throws Exception {
        final Path hSocket = dir.resolve("h.sock");
        final Path bSocket = dir.resolve("b.sock");
        final Ports hPorts = Ports.unused();
        final Ports bPorts = Ports.unused();
        try (HttpBackend server = HttpBackend.start(new HttpBackend.Options().name("s1"));
             HaproxyProcess haproxy = HaproxyProcess.start(Files.createDirectories(dir.resolve("h")),
                 config(hSocket, hPorts, server.port()), hPorts.web());
             DaemonProcess baton = DaemonProcess.start(Files.createDirectories(dir.resolve("baton")), "-f",
                 Files.writeString(dir.resolve("b.cfg"), config(bSocket, bPorts, server.port())).toString())) {
            assertTrue(baton.pid() > 0);
            // HaproxyProcess probed HAProxy's named address with a connection that sent nothing (a failed request
            // for its H1 mux): the same probe on baton's
            await("baton listens").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> HaproxyProcess.listening(bPorts.web()));
            // the probe accepted (counted in stot) and gone on both before the next client, so that smax reads 1 on
            // both: a probe not yet accepted also reads scur 0, and would overlap the first client
            await("the probes closed").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> probeCounted(hSocket) && idle(hSocket) && probeCounted(bSocket) && idle(bSocket));
            final List<Integer> hGot = traffic(hSocket, hPorts);
            assertEquals(List.of(200, 200, 200, 403, 400), hGot, "HAProxy's answers");
            assertEquals(hGot, traffic(bSocket, bPorts), "baton's answers, as HAProxy's");
            await("both counted every client").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> counted(hSocket) && counted(bSocket));
            final Map<String, Map<String, String>> h = rows(hSocket, "show stat");
            final Map<String, Map<String, String>> b = rows(bSocket, "show stat");
            assertEquals(List.of("fe/FRONTEND", "fe/web", "fe/sock-2", "fe/sock-3", "fe/sock-9", "be/s1",
                "be/BACKEND"),
                List.copyOf(h.keySet()), "HAProxy's rows, listeners after the FRONTEND");
            assertEquals(List.copyOf(h.keySet()), List.copyOf(b.keySet()), "baton's rows, in HAProxy's order");
            final Map<String, Ports> ports = Map.of("h", hPorts, "b", bPorts);
            for (final String li : List.of("fe/web", "fe/sock-2", "fe/sock-3", "fe/sock-9")) {
                final Map<String, String> hr = h.get(li);
                final Map<String, String> br = b.get(li);
                for (final String c : EXACT) {
                    assertEquals(hr.get(c), br.get(c), li + " " + c);
                }
                for (final String c : hr.keySet()) {
                    if (!c.startsWith("ssl_")) { // baton keeps no TLS module counters: empty on every row
                        assertEquals(hr.get(c).isEmpty(), br.get(c).isEmpty(), li + " " + c + " filled or not");
                    }
                }
                assertEquals(portless(hr.get("addr"), ports.get("h")), portless(br.get("addr"), ports.get("b")),
                    li + " addr");
                final long requests = Long.parseLong(hr.get("stot"));
                // bout aside on sock-2: baton counts the 400 it answered the malformed request, as it does on the
                // FRONTEND row; HAProxy's HTTP/1 layer sends its 400 outside any stream and counts no byte of it
                for (final String c : li.equals("fe/sock-2") ? List.of("bin") : List.of("bin", "bout")) {
                    final long diff = Math.abs(Long.parseLong(hr.get(c)) - Long.parseLong(br.get(c)));
                    assertTrue(diff <= BYTES_PER_REQUEST * requests, li + " " + c + ": HAProxy " + hr.get(c)
                        + ", baton " + br.get(c));
                }
            }
            for (final Map<String, Map<String, String>> side : List.of(h, b)) {
                for (final String c : List.of("bin", "bout", "stot", "dreq", "ereq")) {
                    long sum = 0;
                    for (final String li : List.of("fe/web", "fe/sock-2", "fe/sock-3", "fe/sock-9")) {
                        sum += Long.parseLong(side.get(li).get(c));
                    }
                    assertEquals(side.get("fe/FRONTEND").get(c), String.valueOf(sum), c + ": listeners add up");
                }
            }
            // HAProxy's own figures, as this test expects them
            assertEquals("3", h.get("fe/web").get("stot"), "two requests and the probe");
            assertEquals("1", h.get("fe/web").get("ereq"), "the probe");
            assertEquals("1", h.get("fe/sock-2").get("dreq"));
            assertEquals("1", h.get("fe/sock-2").get("ereq"));
            assertEquals("3", h.get("fe/sock-3").get("sid"));
            assertEquals("3", h.get("fe/web").get("type"));
            // the row filters: every listener, then the listener with id 2 of the proxy named fe
            assertEquals(List.of("fe/web", "fe/sock-2", "fe/sock-3", "fe/sock-9"),
                List.copyOf(rows(hSocket, "show stat -1 8 -1").keySet()));
            assertEquals(rows(hSocket, "show stat -1 8 -1").keySet(), rows(bSocket, "show stat -1 8 -1").keySet());
            assertEquals(List.of("fe/sock-2"), List.copyOf(rows(hSocket, "show stat fe 8 2").keySet()));
            assertEquals(rows(hSocket, "show stat fe 8 2").keySet(), rows(bSocket, "show stat fe 8 2").keySet());
            assertEquals(rows(hSocket, "show stat -1 9 -1").keySet(), rows(bSocket, "show stat -1 9 -1").keySet(),
                "frontends and listeners");
            for (final String refused : List.of("show stat nope 8 2", "show stat 0 8 2")) {
                assertEquals(CliClient.exchange(hSocket, refused), CliClient.exchange(bSocket, refused), refused);
            }
            // the bind's maxconn reached: FULL on both, with its clients counted
            try (RawHttp h1 = RawHttp.open(hPorts.full()); RawHttp h2 = RawHttp.open(hPorts.full());
                 RawHttp b1 = RawHttp.open(bPorts.full()); RawHttp b2 = RawHttp.open(bPorts.full())) {
                await("both full").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> full(hSocket) && full(bSocket));
                final Map<String, String> hr = rows(hSocket, "show stat fe 8 9").get("fe/sock-9");
                final Map<String, String> br = rows(bSocket, "show stat fe 8 9").get("fe/sock-9");
                for (final String c : EXACT) {
                    assertEquals(hr.get(c), br.get(c), "full sock-9 " + c);
                }
                assertEquals("FULL", hr.get("status"));
            }
        }
    }

    private static String waitingConfig(final Path socket, final int a, final int b, final int serverPort) {
        return String.join("\n", head(socket),
            "frontend fe",
            "    maxconn 1",
            "    option socket-stats",
            "    bind 127.0.0.1:" + a + " name a",
            "    bind 127.0.0.1:" + b + " name b",
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:" + serverPort,
            "");
    }

    /** The sessions and status of listeners a and b: {@code a scur/smax/stot STATUS, b ...}. */
    private static String waiting(final Path socket) {
        try {
            final Map<String, Map<String, String>> r = rows(socket, "show stat -1 8 -1");
            final StringBuilder out = new StringBuilder();
            for (final String li : List.of("fe/a", "fe/b")) {
                final Map<String, String> row = r.get(li);
                out.append(li).append(' ').append(row.get("scur")).append('/').append(row.get("smax")).append('/')
                    .append(row.get("stot")).append(' ').append(row.get("status")).append("; ");
            }
            return out.toString();
        } catch (final IOException | RuntimeException e) {
            return e.toString();
        }
    }

    /**
     * The frontend's {@code maxconn} reached: a listener that met the limit waits ({@code WAITING}) until a slot
     * frees, then accepts what waited, on both. One client held on a, one on b, then a's closed.
     */
    @Test
    @SuppressWarnings("try")
    void listenersWaitForTheFrontendsLimitAsHaproxys() throws Exception {
        final Path hSocket = dir.resolve("hw.sock");
        final Path bSocket = dir.resolve("bw.sock");
        final int ha = Sockets.unusedPort();
        final int hb = Sockets.unusedPort();
        final int ba = Sockets.unusedPort();
        final int bb = Sockets.unusedPort();
        try (HttpBackend server = HttpBackend.start(new HttpBackend.Options().name("s1"));
             HaproxyProcess haproxy = HaproxyProcess.start(Files.createDirectories(dir.resolve("hw")),
                 waitingConfig(hSocket, ha, hb, server.port()), hb);
             DaemonProcess baton = DaemonProcess.start(Files.createDirectories(dir.resolve("bw")), "-f",
                 Files.writeString(dir.resolve("bw.cfg"), waitingConfig(bSocket, ba, bb, server.port())).toString())) {
            assertTrue(baton.pid() > 0);
            await("baton listens").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> HaproxyProcess.listening(bb));
            // HaproxyProcess's probe went to b on HAProxy: the same on baton, then both idle again
            await("the probes closed").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> waiting(hSocket).contains("fe/b 0/1/1 OPEN")
                    && waiting(bSocket).contains("fe/b 0/1/1 OPEN"));
            final List<String> expected = List.of(
                "fe/a 1/1/1 WAITING; fe/b 0/1/1 OPEN; ",
                "fe/a 1/1/1 WAITING; fe/b 0/1/1 WAITING; ",
                "fe/a 0/1/1 OPEN; fe/b 1/1/2 WAITING; ");
            try (RawHttp h1 = RawHttp.open(ha); RawHttp b1 = RawHttp.open(ba)) {
                await("one client on a").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> waiting(hSocket).equals(expected.get(0)) && waiting(bSocket).equals(expected.get(0)));
                try (RawHttp h2 = RawHttp.open(hb); RawHttp b2 = RawHttp.open(bb)) {
                    await("one client waiting on b").atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> waiting(hSocket).equals(expected.get(1))
                            && waiting(bSocket).equals(expected.get(1)));
                    h1.close();
                    b1.close();
                    await("a's client gone, b's accepted").atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> waiting(hSocket).equals(expected.get(2))
                            && waiting(bSocket).equals(expected.get(2)));
                }
            }
        }
    }

    /** {@code addr} with the side's own ports replaced by their role, so that the two sides compare. */
    private static String portless(final String addr, final Ports p) {
        return addr.replace(":" + p.web(), ":WEB").replace(":" + p.second(), ":SECOND")
            .replace(":" + p.third(), ":THIRD").replace(":" + p.full(), ":FULL");
    }
}
