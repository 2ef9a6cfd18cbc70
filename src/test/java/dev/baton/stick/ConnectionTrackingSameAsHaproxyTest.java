package dev.baton.stick;

import dev.baton.support.BlockingServer;
import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import dev.baton.support.SideBySide;
import dev.baton.support.Sockets;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.baton.support.SideBySide.masked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stick counters tracked for the whole connection, side by side with HAProxy 2.6: the classic connection rate limit
 * of a mode tcp frontend ({@code tcp-request connection track-sc0 src}, {@code reject if { sc_conn_rate(0) gt 5 }},
 * {@code reject if { src_conn_cur gt 3 }}): which connections are let in, and the same {@code show table} dumps while
 * clients stay connected ({@code conn_cur}), after a rejected one (counted in {@code conn_cnt} and
 * {@code conn_rate}, not in {@code sess_cnt}) and once every client left ({@code conn_cur=0}, the bytes counted);
 * a second table tracked per stream ({@code tcp-request content track-sc1}) counts the admitted ones and their bytes;
 * and a mode http keep-alive connection tracked by {@code tcp-request connection} and {@code session} rules: every
 * request of it counts ({@code http_req_cnt}, a denied one in {@code http_err_cnt}), its session once. (Not its
 * bytes there: HAProxy counts the size of its internal HTX messages in mode http, baton the bytes on the wire.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectionTrackingSameAsHaproxyTest {
    @TempDir
    Path tmp;

    private static String tcpConfig(final Path socket, final int port, final int echo) {
        return SideBySide.header(socket, "tcp") + String.join("\n",
            "frontend ft",
            "    bind 127.0.0.1:" + port,
            "    stick-table type ip size 100k expire 30s store conn_cur,conn_cnt,conn_rate(10s),sess_cnt,"
                + "sess_rate(10s),bytes_in_cnt,bytes_out_cnt,gpc0",
            "    tcp-request connection track-sc0 src",
            "    tcp-request connection sc-inc-gpc0(0)",
            "    tcp-request connection reject if { sc_conn_rate(0) gt 5 }",
            "    tcp-request connection reject if { src_conn_cur gt 3 }",
            "    tcp-request content track-sc1 src table st",
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:" + echo,
            "backend st",
            "    stick-table type ip size 1k store conn_cur,conn_cnt,sess_cnt,bytes_in_cnt,bytes_out_cnt",
            "");
    }

    /** Whether a connection was let in: its bytes come back through the echo server (else it is closed or reset). */
    private static boolean admitted(final Socket s) {
        try {
            Sockets.write(s, "ping\n");
            final byte[] back = s.getInputStream().readNBytes(5);
            return "ping\n".equals(new String(back, StandardCharsets.US_ASCII));
        } catch (final IOException e) {
            return false; // reset by the proxy
        }
    }

    /** A client connection, or null when the proxy reset it before the connect call returned. */
    private static Socket connect(final int port) throws IOException {
        try {
            return Sockets.connect(port);
        } catch (final java.net.SocketException e) {
            return null;
        }
    }

    private static void awaitTable(final Path socket, final String table, final String fragment) {
        Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> Sockets.stats(socket, "show table " + table).contains(fragment));
    }

    private static List<String> rateLimit(final Path socket, final int port) throws Exception {
        final List<String> out = new ArrayList<>();
        final List<Socket> held = new ArrayList<>();
        try {
            final List<Boolean> first = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                final Socket s = connect(port);
                if (s != null) {
                    held.add(s);
                }
                first.add(s != null && admitted(s));
            }
            out.add("four at once " + first);
            awaitTable(socket, "ft", "conn_cur=3");
            out.add("held:\n" + masked(Sockets.stats(socket, "show table ft")));
        } finally {
            for (final Socket s : held) {
                Sockets.closeQuietly(s);
            }
        }
        awaitTable(socket, "ft", "conn_cur=0");
        out.add("left:\n" + masked(Sockets.stats(socket, "show table ft")));
        final List<Boolean> next = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (Socket s = connect(port)) {
                next.add(s != null && admitted(s));
            }
            awaitTable(socket, "ft", "conn_cur=0");
        }
        out.add("then " + next);
        out.add("after:\n" + masked(Sockets.stats(socket, "show table ft")));
        out.add("rate:\n" + masked(Sockets.stats(socket, "show table ft data.conn_rate gt 5")));
        out.add("content:\n" + masked(Sockets.stats(socket, "show table st")));
        return out;
    }

    private static String httpConfig(final Path socket, final int port, final int web) {
        return SideBySide.header(socket, "http") + String.join("\n",
            "frontend fh",
            "    bind 127.0.0.1:" + port,
            "    option http-server-close",
            "    stick-table type ip size 1k expire 30s store conn_cur,conn_cnt,sess_cnt,http_req_cnt,http_err_cnt",
            "    tcp-request connection track-sc0 src",
            "    tcp-request session track-sc1 src table st",
            "    http-request deny if { path /deny }",
            "    http-request set-header X-Seen %[sc0_http_req_cnt]-%[sc1_sess_cnt]-%[sc0_conn_cur]-%[sc1_conn_cnt]",
            "    default_backend web",
            "backend web",
            "    option http-server-close",
            "    server s1 127.0.0.1:" + web,
            "backend st",
            "    stick-table type ip size 1k store conn_cur,conn_cnt,sess_cnt,http_req_cnt",
            "");
    }

    private static List<String> keepAlive(final Path socket, final int port, final RecordingBackend web)
        throws Exception {
        final List<String> out = new ArrayList<>();
        try (RawHttp c = RawHttp.open(port)) {
            for (final String path : List.of("/a", "/b")) {
                out.add(path + " " + c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read().status);
                final String head = web.heads.poll(10, TimeUnit.SECONDS);
                for (final String line : head.split("\r\n")) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-seen:")) {
                        out.add("seen " + line.substring(7).strip());
                    }
                }
            }
            out.add("open:\n" + masked(Sockets.stats(socket, "show table fh")));
            out.add("/deny " + c.send("GET /deny HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read().status);
        }
        awaitTable(socket, "fh", "conn_cur=0");
        out.add("closed:\n" + masked(Sockets.stats(socket, "show table fh")));
        out.add("st:\n" + masked(Sockets.stats(socket, "show table st")));
        return out;
    }

    @Test
    void aTrackedHttpSessionCountsEachRequestAsHaproxy() throws Exception {
        final SideBySide.Seen seen;
        try (RecordingBackend web = new RecordingBackend()) {
            seen = SideBySide.run(tmp, (socket, port) -> httpConfig(socket, port, web.port()), web.port(),
                (socket, port) -> keepAlive(socket, port, web));
        }
        final List<String> h = seen.haproxy();
        assertTrue(h.contains("seen 2-1-1-1"), "HAProxy 2.6: " + h);
        assertTrue(h.get(h.size() - 2).contains("http_req_cnt=3 http_err_cnt=1"), "HAProxy 2.6: " + h);
        assertEquals(String.join("\n", h), String.join("\n", seen.baton()));
    }

    @Test
    void connectionRateLimitIsHaproxys() throws Exception {
        final SideBySide.Seen seen;
        try (BlockingServer echo = BlockingServer.start("echo", BlockingServer.echo())) {
            seen = SideBySide.run(tmp, (socket, port) -> tcpConfig(socket, port, echo.port()), echo.port(),
                ConnectionTrackingSameAsHaproxyTest::rateLimit);
        }
        final List<String> h = seen.haproxy();
        assertEquals("four at once [true, true, true, false]", h.get(0), "HAProxy 2.6: " + h);
        assertEquals("then [true, false]", h.get(3), "HAProxy 2.6: " + h);
        assertTrue(h.get(1).contains("conn_cur=3 sess_cnt=3 sess_rate(10000)=3 bytes_in_cnt=0"),
            "HAProxy 2.6 counts a tcp stream's bytes when it ends: " + h);
        assertTrue(h.get(4).contains("conn_cnt=6"), "HAProxy 2.6: " + h);
        assertTrue(h.get(6).contains("conn_cnt=4 conn_cur=0 sess_cnt=0 bytes_in_cnt=20 bytes_out_cnt=20"),
            "HAProxy 2.6: " + h);
        assertEquals(String.join("\n", h), String.join("\n", seen.baton()));
    }

    private static String expiringConfig(final Path socket, final int port, final int echo) {
        return SideBySide.header(socket, "tcp") + String.join("\n",
            "frontend fx",
            "    bind 127.0.0.1:" + port,
            "    stick-table type ip size 10 expire 1s store conn_cnt,conn_cur",
            "    tcp-request connection track-sc0 src",
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:" + echo,
            "");
    }

    private static List<String> expiry(final Path socket, final int port) throws Exception {
        final List<String> out = new ArrayList<>();
        try (Socket s = Sockets.connect(port)) {
            out.add("admitted " + admitted(s));
        }
        awaitTable(socket, "fx", "conn_cur=0");
        out.add(masked(Sockets.stats(socket, "show table fx")));
        awaitTable(socket, "fx", "used:0");
        out.add(Sockets.stats(socket, "show table fx"));
        return out;
    }

    /**
     * Entries expire lazily in baton (a sweep before every dump), on a timer in HAProxy: {@code show table} tells no
     * difference: the entry a left client's connection tracked is gone once {@code expire} passed, on both.
     */
    @Test
    void anUnusedEntryIsGoneAfterItsExpiryAsInHaproxy() throws Exception {
        final SideBySide.Seen seen;
        try (BlockingServer echo = BlockingServer.start("echo", BlockingServer.echo())) {
            seen = SideBySide.run(tmp, (socket, port) -> expiringConfig(socket, port, echo.port()), echo.port(),
                ConnectionTrackingSameAsHaproxyTest::expiry);
        }
        final List<String> h = seen.haproxy();
        assertTrue(h.get(1).contains("conn_cnt=1 conn_cur=0"), "HAProxy 2.6: " + h);
        assertEquals(String.join("\n", h), String.join("\n", seen.baton()));
    }
}
