package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that sends a complete request and leaves while the server thinks: HAProxy 2.6 does not watch such a
 * client and, once the answer comes, logs the request as served (status 200, no termination flags, Tr the
 * server's delay). baton does the same, whether it polls the client meanwhile (one meant to keep the connection)
 * or not (one that asked to close after its answer: HAProxy does not poll it either, and `make bench-syscalls`
 * counts the two epoll_ctl calls per connection this saves).
 */
class LeavingClientSameAsHaproxyTest {
    private static final int SERVER_DELAY_MS = 400;

    @TempDir
    Path dir;

    private static String config(final String global, final int port, final int server) {
        return "global\n" + global + "defaults\n    mode http\n    log global\n    option httplog\n"
            + "    option http-server-close\n    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
            + "frontend f\n    bind 127.0.0.1:" + port + "\n    default_backend b\n"
            + "backend b\n    server s 127.0.0.1:" + server + "\n";
    }

    /** Sends a request for {@code path} with {@code headers} and leaves 50 ms later; returns its client port. */
    private static int sendAndLeave(final int port, final String path, final String headers) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(RawHttp.get(path, headers).getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            Thread.sleep(50); // the scenario: leave while the server thinks (not a synchronisation)
            return s.getLocalPort();
        }
    }

    /** Each request's log line, without the client port, date, byte count and timers other than Tr's size. */
    private static List<String> run(final int port, final IntFunction<List<String>> linesOf) throws Exception {
        final String delayed = "/delay/" + SERVER_DELAY_MS;
        final int[] clients = {sendAndLeave(port, delayed + "/close", "Connection: close\r\n"),
            sendAndLeave(port, delayed + "/keep", "")};
        final List<String> out = new ArrayList<>();
        for (final int client : clients) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !linesOf.apply(client).isEmpty());
            final String line = linesOf.apply(client).get(0);
            final String[] f = line.split(" ");
            final String[] timers = f[4].split("/");
            out.add(f[2] + " " + f[3] + " " + f[5] + " " + f[9] + " Tr>=" + SERVER_DELAY_MS + ":"
                + (Long.parseLong(timers[3]) >= SERVER_DELAY_MS) + " " + line.substring(line.indexOf('"')));
        }
        return out;
    }

    @Test
    void aClientThatLeftDuringTheWaitIsLoggedAsServed() throws Exception {
        Haproxy26.assumeInstalled();
        final List<String> fromHaproxy;
        final List<String> fromBaton;
        try (HttpBackend server = HttpBackend.start(new HttpBackend.Options().name("s"))) {
            final int hPort = RunningDaemon.freePort();
            try (HaproxyProcess h = HaproxyProcess.start(dir,
                config("    log stdout format raw local0 info\n", hPort, server.port()), hPort)) {
                fromHaproxy = run(hPort, h::linesOf);
            }
            TrafficLogCapture.clear();
            final int bPort = RunningDaemon.freePort();
            try (RunningDaemon baton = RunningDaemon.start(config("    nbthread 1\n", bPort, server.port()))) {
                fromBaton = run(bPort, client -> TrafficLogCapture.lines(
                    l -> l.startsWith("127.0.0.1:" + client + " [")));
                baton.awaitAtRest(); // both clients are cleaned up: no stream, socket nor buffer kept
            }
        }
        assertTrue(fromHaproxy.get(0).startsWith("f b/s 200 ---- Tr>=" + SERVER_DELAY_MS + ":true"),
            "HAProxy's own line: " + fromHaproxy);
        assertEquals(fromHaproxy, fromBaton);
    }
}
