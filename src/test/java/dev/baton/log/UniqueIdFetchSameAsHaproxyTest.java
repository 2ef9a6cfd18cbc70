package dev.baton.log;

import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@code unique-id} fetch in {@code http-request} and {@code http-response} rules, side by side with HAProxy
 * 2.6: the id a rule reads is the one made for the request, so the server's {@code unique-id-header}, a header a rule
 * set from the fetch, a variable read back in the response and the log's {@code %ID} all agree, request after
 * request on one keep-alive connection.
 */
class UniqueIdFetchSameAsHaproxyTest {
    @TempDir
    Path dir;

    private static String config(final String global, final int port, final int server) {
        return "global\n" + global + "defaults\n    mode http\n    log global\n"
            + "    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n"
            + "frontend f\n    bind 127.0.0.1:" + port + "\n"
            + "    unique-id-format id-%rt-%{+X}Ts\n    unique-id-header X-Unique-ID\n"
            + "    log-format \"LOG %cp %ID\"\n"
            + "    http-request set-header X-Copy %[unique-id]\n"
            + "    http-request set-var(txn.u) unique-id\n"
            + "    http-response set-header X-Back %[var(txn.u)]\n"
            + "    default_backend b\n"
            + "backend b\n    server s 127.0.0.1:" + server + "\n";
    }

    /** Per request: whether the ids agree, and the id's shape with its digits masked. */
    private static List<String> run(final int port, final RecordingBackend server,
                                    final IntFunction<List<String>> linesOf) throws Exception {
        final List<String> out = new ArrayList<>();
        server.heads.clear();
        try (RawHttp c = RawHttp.open(port)) {
            for (int i = 0; i < 3; i++) {
                final RawHttp.Response r = c.send(RawHttp.get("/" + i)).read();
                final String head = server.heads.poll(10, TimeUnit.SECONDS);
                final String xs = RecordingBackend.xHeaders(head);
                final String id = xs.replaceFirst(".*x-unique-id:([^ |]*).*", "$1");
                final String copy = xs.replaceFirst(".*x-copy:([^ |]*).*", "$1");
                final int client = c.localPort();
                final int n = i;
                await().atMost(Duration.ofSeconds(10)).until(() -> linesOf.apply(client).size() > n);
                final String logged = linesOf.apply(client).get(n).replaceFirst("^LOG \\d+ ", "");
                out.add(r.status + " same:" + (id.equals(copy) && id.equals(r.header("X-Back")) && id.equals(logged))
                    + " " + id.replaceAll("[0-9A-F]+", "N"));
            }
        }
        return out;
    }

    @Test
    @SuppressWarnings("try") // the HAProxy process is only closed: its log is read through it
    void theFetchReadsTheRequestsOwnId() throws Exception {
        final List<String> fromHaproxy;
        final List<String> fromBaton;
        try (RecordingBackend server = new RecordingBackend()) {
            final int hPort = RunningDaemon.freePort();
            try (HaproxyProcess h = HaproxyProcess.start(dir, config("    log stdout format raw local0 info\n", hPort,
                server.port()), hPort)) {
                fromHaproxy = run(hPort, server, client -> h.lines().stream()
                    .filter(l -> l.startsWith("LOG " + client + " ")).toList());
            }
            TrafficLogCapture.clear();
            final int bPort = RunningDaemon.freePort();
            try (RunningDaemon baton = RunningDaemon.start(config("    nbthread 1\n", bPort, server.port()))) {
                fromBaton = run(bPort, server, client -> TrafficLogCapture.lines(
                    l -> l.startsWith("LOG " + client + " ")));
            }
        }
        assertEquals("200 same:true id-N-N", fromHaproxy.get(0), "HAProxy's own outcome: " + fromHaproxy);
        assertEquals(fromHaproxy, fromBaton);
    }
}
