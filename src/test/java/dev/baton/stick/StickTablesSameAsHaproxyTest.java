package dev.baton.stick;

import dev.baton.support.BlockingServer;
import dev.baton.support.ExternalTool;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The classic rate limit side by side with HAProxy 2.6: {@code stick-table ... store http_req_rate(10s)},
 * {@code http-request track-sc0 src}, {@code http-request deny deny_status 429 if { sc_http_req_rate(0) gt 5 }}.
 * The same statuses (the sixth request within the period is refused), the same {@code show table} dumps (entry
 * addresses and expiry times masked) while a request is held in flight ({@code conn_cur=1}, {@code use=1}) and once
 * it ended ({@code conn_cur=0}), and the same answers to {@code set|clear table} and filtered dumps; a second,
 * named table tracked by {@code tcp-request content track-sc1 src table st} counts the same.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StickTablesSameAsHaproxyTest {
    @TempDir
    Path tmp;

    private static String config(final Path socket, final int port, final int web, final int held) {
        return String.join("\n",
            "global",
            "    stats socket " + socket + " level admin",
            "defaults",
            "    mode http",
            "    option http-server-close",
            "    timeout connect 2s",
            "    timeout client 10s",
            "    timeout server 10s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    stick-table type ip size 100k expire 30s store http_req_rate(10s),http_req_cnt,http_err_cnt,"
                + "conn_cur,conn_cnt,gpc0",
            "    tcp-request content track-sc1 src table st",
            "    http-request track-sc0 src",
            "    http-request sc-inc-gpc0(0) if { path /mark }",
            "    http-request deny deny_status 429 if { sc_http_req_rate(0) gt 5 }",
            "    http-request set-header X-Seen %[sc0_http_req_cnt]-%[src_get_gpc0]-%[sc0_tracked]-%[table_cnt]-"
                + "%[src,table_http_req_cnt(fe)]-%[src,in_table(fe)]-%[sc1_tracked]-%[sc_conn_cur(0)]-%[sc1_http_req_cnt]-"
                + "%[src_http_req_cnt(st)]-%[sc1_conn_cur(fe)]",
            "    use_backend held if { path /hold }",
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:" + web,
            "backend held",
            "    server s1 127.0.0.1:" + held,
            "backend st",
            "    stick-table type ip size 1k store http_req_cnt,conn_cur,conn_cnt,http_err_rate(1m)",
            "");
    }

    private static final String[] CLI = {"show table", "show table nope", "show table fe data.http_req_cnt gt 3",
        "show table fe data.gpc0 eq 0", "show table fe data.nope eq 0", "set table fe key 127.0.0.9 data.gpc0 7",
        "show table fe key 127.0.0.9", "set table fe key 127.0.0.9 data.http_req_rate 4",
        "show table fe key 127.0.0.9", "clear table fe key 127.0.0.9", "show table fe key 127.0.0.9",
        "clear table fe key 127.0.0.1", "set table fe key 127.0.0.9 data.server_id 1"};

    private static String masked(final String dump) {
        return dump.replaceAll("0x[0-9a-f]+:", "REF:").replaceAll("exp=\\d+", "exp=EXP");
    }

    private static int get(final int port, final String path, final RecordingBackend web, final List<String> seen)
        throws Exception {
        try (RawHttp c = RawHttp.open(port)) {
            final int status = c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read().status;
            if (status == 200) {
                final String head = web.heads.poll(10, TimeUnit.SECONDS);
                for (final String line : head.split("\r\n")) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-seen:")) {
                        seen.add(line.substring(7).strip());
                    }
                }
            }
            return status;
        }
    }

    private List<String> session(final Path socket, final int port, final RecordingBackend web,
                                 final CountDownLatch release) throws Exception {
        final List<String> out = new ArrayList<>();
        final List<String> seen = new ArrayList<>();
        try (RawHttp hold = RawHttp.open(port)) {
            hold.send("GET /hold HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Sockets.stats(socket, "show table fe").contains("conn_cur=1"));
            final List<Integer> statuses = new ArrayList<>();
            // Each short connection is over for the client once it read its answer, a moment before the proxy ends
            // its stream: the next one starts (and the dump is taken) once only the held connection counts, else
            // conn_cur counts the one before too, in HAProxy as in baton.
            statuses.add(get(port, "/mark", web, seen));
            awaitOnlyTheHeldConnection(socket);
            for (int i = 0; i < 6; i++) {
                statuses.add(get(port, "/", web, seen));
                awaitOnlyTheHeldConnection(socket);
            }
            out.add("statuses " + statuses);
            out.add("seen " + seen);
            out.add("held:\n" + masked(Sockets.stats(socket, "show table fe")));
            release.countDown();
            out.add("hold answered " + hold.read().status);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> Sockets.stats(socket, "show table fe").contains("conn_cur=0"));
        out.add("after:\n" + masked(Sockets.stats(socket, "show table fe")));
        out.add("named:\n" + masked(Sockets.stats(socket, "show table st")));
        for (final String line : CLI) {
            out.add("> " + line + "\n" + masked(Sockets.stats(socket, line)));
        }
        return out;
    }

    private static void awaitOnlyTheHeldConnection(final Path socket) {
        Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> Sockets.stats(socket, "show table fe").contains("conn_cur=1"));
    }

    /** A server that answers 200 once {@code release} opens. */
    private static BlockingServer heldServer(final CountDownLatch release) throws Exception {
        return BlockingServer.start("held", s -> {
            final InputStream in = s.getInputStream();
            final byte[] buf = new byte[4096];
            int n = 0;
            while (!new String(buf, 0, n, StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                final int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    return;
                }
                n += r;
            }
            release.await(20, TimeUnit.SECONDS);
            s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        });
    }

    @Test
    @SuppressWarnings("try") // the HAProxy process is only closed: it is talked to through its socket
    void rateLimitAndDumpsAreHaproxys() throws Exception {
        ExternalTool.requireHaproxy();
        final List<String> fromHaproxy;
        final List<String> fromBaton;
        final CountDownLatch haproxyRelease = new CountDownLatch(1);
        try (RecordingBackend web = new RecordingBackend(); BlockingServer held = heldServer(haproxyRelease)) {
            final Path socket = tmp.resolve("h.sock");
            final int port = RunningDaemon.freePort();
            try (HaproxyProcess h = HaproxyProcess.start(tmp, config(socket, port, web.port(), held.port()), port)) {
                fromHaproxy = session(socket, port, web, haproxyRelease);
            }
        }
        final CountDownLatch batonRelease = new CountDownLatch(1);
        try (RecordingBackend web = new RecordingBackend(); BlockingServer held = heldServer(batonRelease)) {
            final Path socket = tmp.resolve("b.sock");
            final int port = RunningDaemon.freePort();
            final RunningDaemon daemon = RunningDaemon.start(config(socket, port, web.port(), held.port()));
            try {
                fromBaton = session(socket, port, web, batonRelease);
            } finally {
                daemon.close();
            }
        }
        assertEquals("statuses [200, 200, 200, 200, 429, 429, 429]", fromHaproxy.get(0), "HAProxy 2.6: " + fromHaproxy);
        assertTrue(fromHaproxy.get(2).contains("conn_cur=1"), "HAProxy 2.6: " + fromHaproxy);
        assertEquals(String.join("\n", fromHaproxy), String.join("\n", fromBaton));
    }
}
