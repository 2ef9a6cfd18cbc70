package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.support.BlockingServer;
import dev.baton.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code http-request set-timeout server TIME|EXPR} in HAProxy 2.6 and in baton, against a server that never
 * answers: the request's own server timeout strikes (504, {@code sH--}) long before the backend's 20 s, for a
 * constant and for an expression read from the request.
 */
class SetTimeoutSameAsHaproxyTest {
    @TempDir
    Path dir;

    private static String config(final String global, final int port, final int server) {
        return "global\n" + global + "defaults\n    mode http\n    log global\n    option httplog\n"
            + "    timeout connect 2s\n    timeout client 20s\n    timeout server 20s\n"
            + "listen l\n    bind 127.0.0.1:" + port + "\n"
            + "    http-request set-timeout server 300ms if { path /const }\n"
            + "    http-request set-timeout server req.hdr(x-timeout) if { path /expr }\n"
            + "    server s 127.0.0.1:" + server + "\n";
    }

    private static List<String> run(final int port, final IntFunction<List<String>> linesOf) throws Exception {
        final List<String> out = new ArrayList<>();
        for (final String request : List.of(RawHttp.get("/const"), RawHttp.get("/expr", "X-Timeout: 200\r\n"))) {
            final int client;
            final long startNs = System.nanoTime();
            try (RawHttp c = RawHttp.open(port)) {
                client = c.localPort();
                final int status = c.send(request).read().status;
                out.add(status + " within 5s:" + (System.nanoTime() - startNs < 5_000_000_000L));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !linesOf.apply(client).isEmpty());
            out.add(linesOf.apply(client).get(0).replaceFirst("^127\\.0\\.0\\.1:\\d+ \\[[^]]+] ", "")
                .replaceAll("(?<=[ /])\\d+(?=[/ ])", "N"));
        }
        return out;
    }

    @Test
    void theRequestsServerTimeoutStrikes() throws Exception {
        Haproxy26.assumeInstalled();
        try (BlockingServer server = BlockingServer.start("silent", BlockingServer.silent())) {
            final List<List<String>> both = SideBySide.run(dir, (global, port) -> config(global, port, server.port()),
                SetTimeoutSameAsHaproxyTest::run);
            final List<String> fromHaproxy = both.get(0);
            final List<String> fromBaton = both.get(1);
            assertEquals("504 within 5s:true", fromHaproxy.get(0), "HAProxy's own answer");
            assertEquals(fromHaproxy, fromBaton);
        }
    }
}
