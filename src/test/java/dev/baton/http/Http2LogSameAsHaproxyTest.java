package dev.baton.http;

import dev.baton.support.ExternalTool;
import dev.baton.support.RunningDaemon;
import dev.baton.testservers.HttpBackend;
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
 * HTTP/2 requests (curl with prior knowledge) logged by baton as by HAProxy 2.6: the request line in absolute-form
 * with {@code HTTP/2.0} ({@code %r}, {@code %HU}, {@code %HP}, {@code %HV}), {@code req.ver} "2.0", one line per
 * stream, the server reached as HTTP/1.1.
 */
class Http2LogSameAsHaproxyTest {
    @TempDir
    Path tmp;

    private static String config(final String global, final int port, final int server) {
        return String.join("\n",
            "global",
            global,
            "defaults",
            "    mode http",
            "    log global",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    http-request set-var(txn.ver) req.ver",
            "    log-format \"%ci:%cp [%tr] %ft %b/%s %ST %{+Q}r %HM %HU %HP %HQ %HV %tsc ver=%[var(txn.ver)]\"",
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:" + server,
            "");
    }

    private static List<String> run(final int port, final IntFunction<List<String>> linesOf) throws Exception {
        final List<String> out = new ArrayList<>();
        final String[][] requests = {
            {"http://127.0.0.1:" + port + "/a/b?x=1"},
            {"-d", "hello", "http://127.0.0.1:" + port + "/post"},
            {"-H", "Content-Length:", "-d", "chunked", "http://127.0.0.1:" + port + "/chunked?q"},
            {"-I", "http://127.0.0.1:" + port + "/head"},
        };
        for (final String[] request : requests) {
            final int client = RunningDaemon.freePort();
            final List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "-w",
                "%{http_version} %{response_code}", "--http2-prior-knowledge", "--local-port", String.valueOf(client)));
            cmd.addAll(List.of(request));
            final ExternalTool.Result r = ExternalTool.run("", "apt-get install curl", cmd.toArray(new String[0]));
            out.add(r.output());
            await().atMost(Duration.ofSeconds(10)).until(() -> !linesOf.apply(client).isEmpty());
            out.addAll(linesOf.apply(client));
        }
        return out;
    }

    @Test
    void requestLinesAndVersionAsHaproxy() throws Exception {
        ExternalTool.requireHaproxy();
        try (HttpBackend backend = HttpBackend.start(new HttpBackend.Options().name("s1"))) {
            final List<List<String>> both = SideBySide.run(tmp, (global, port) -> config(global, port,
                backend.port()), Http2LogSameAsHaproxyTest::run);
            final List<String> fromHaproxy = both.get(0);
            assertEquals("fe be/s1 200 \"GET http://127.0.0.1:PORT/a/b?x=1 HTTP/2.0\" GET "
                + "http://127.0.0.1:PORT/a/b?x=1 http://127.0.0.1:PORT/a/b ?x=1 HTTP/2.0 ---- ver=2.0",
                normalized(fromHaproxy).get(1), "HAProxy's own line");
            assertEquals(normalized(fromHaproxy), normalized(both.get(1)));
        }
    }

    /** The lines with the listening port (not the same for both) left out. */
    private static List<String> normalized(final List<String> lines) {
        final List<String> out = new ArrayList<>();
        for (final String l : lines) {
            out.add(l.replaceFirst("^127\\.0\\.0\\.1:\\d+ \\[[^]]*] ", "")
                .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT"));
        }
        return out;
    }
}
