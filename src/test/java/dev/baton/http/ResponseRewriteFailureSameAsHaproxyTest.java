package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An {@code http-response} rewrite that does not fit (twenty 1000-byte headers added to a response) in HAProxy 2.6
 * and in baton: as HAProxy's default strict mode, the client gets 500 and the line says {@code PH--} with no
 * {@code Tr}; a response whose rewrites fit passes, on the same configuration.
 */
class ResponseRewriteFailureSameAsHaproxyTest {
    @TempDir
    Path dir;

    /** {@code serverPorts}: one server per listener (a one-connection-at-a-time {@link RecordingBackend} each). */
    private static String config(final String global, final int[] ports, final int[] serverPorts) {
        final StringBuilder big = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            big.append("    http-response add-header X-Big-").append(i).append(' ').append("v".repeat(1000))
                .append('\n');
        }
        return "global\n" + global + "defaults\n    mode http\n    log global\n    option httplog\n"
            + "    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
            + "listen big\n    bind 127.0.0.1:" + ports[0] + "\n" + big + "    server s 127.0.0.1:" + serverPorts[0] + "\n"
            + "listen small\n    bind 127.0.0.1:" + ports[1] + "\n    http-response add-header X-Small yes\n"
            + "    server s 127.0.0.1:" + serverPorts[1] + "\n";
    }

    /** Per listener: the status the client got, then its log line without client port, date and counts. */
    private static List<String> run(final int[] ports, final IntFunction<List<String>> linesOf) throws Exception {
        final String[] out = new String[ports.length];
        final int[] clients = new int[ports.length];
        for (int i = 0; i < ports.length; i++) {
            try (RawHttp c = RawHttp.open(ports[i])) {
                clients[i] = c.localPort();
                final RawHttp.Response r = c.send(RawHttp.get("/")).read();
                out[i] = r.status + " x-small=" + r.header("x-small");
            }
        }
        for (int i = 0; i < ports.length; i++) {
            final int client = clients[i];
            await().atMost(Duration.ofSeconds(10)).until(() -> !linesOf.apply(client).isEmpty());
            out[i] += " | " + linesOf.apply(client).get(0).replaceFirst("^127\\.0\\.0\\.1:\\d+ \\[[^]]+] ", "")
                .replaceAll("(?<=[ /])\\d+(?=[/ ])", "N");
        }
        return List.of(out);
    }

    @Test
    void aResponseRewriteThatDoesNotFitIs500AndPH() throws Exception {
        Haproxy26.assumeInstalled();
        try (RecordingBackend big = new RecordingBackend(); RecordingBackend small = new RecordingBackend()) {
            final int[] servers = {big.port(), small.port()};
            final int[] hPorts = {RunningDaemon.freePort(), RunningDaemon.freePort()};
            final List<String> fromHaproxy;
            try (HaproxyProcess h = HaproxyProcess.start(dir,
                config("    log stdout format raw local0 info\n", hPorts, servers), hPorts[1])) {
                fromHaproxy = run(hPorts, h::linesOf);
            }
            TrafficLogCapture.clear();
            final int[] bPorts = {RunningDaemon.freePort(), RunningDaemon.freePort()};
            final List<String> fromBaton;
            try (RunningDaemon baton = RunningDaemon.start(config("    nbthread 1\n", bPorts, servers))) {
                fromBaton = run(bPorts, client -> TrafficLogCapture.lines(
                    l -> l.startsWith("127.0.0.1:" + client + " [")));
                await().atMost(Duration.ofSeconds(10)).until(() -> baton.daemon().liveStreams() == 0);
            }
            assertEquals("500 x-small=null | big big/s N/N/N/-1/N N N - - PH-- N/N/N/N/N N/N \"GET / HTTP/1.1\"",
                fromHaproxy.get(0), "HAProxy's own answer (the scenario is what the test thinks it is)");
            assertEquals(fromHaproxy, fromBaton);
        }
    }
}
