package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code strict-mode} in HAProxy 2.6 and in baton: eight 3000-byte headers added to a message do not fit; in the
 * default strict mode the client gets 500 ({@code PH--} on a response, as on a request), after {@code strict-mode off}
 * the failed rewrites are skipped and the rest of the list runs ({@code X-After}), while the frontend's list, a new
 * evaluation, is strict again and adds its header. The same statuses, headers, what the server got and log lines
 * (the number of big headers that fit is left out: the two limits differ).
 */
class StrictModeSameAsHaproxyTest {
    @TempDir
    Path dir;

    private static String big(final String kw, final String cond) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            b.append("    ").append(kw).append(" add-header X-Big-").append(i).append(' ').append("v".repeat(3000))
                .append(' ').append(cond).append('\n');
        }
        return b.toString();
    }

    private static String config(final String global, final int port, final int server) {
        return "global\n" + global + "defaults\n    mode http\n    log global\n    option httplog\n"
            + "    option http-server-close\n    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
            + "frontend fe\n    bind 127.0.0.1:" + port + "\n    default_backend be\n"
            + "    http-request strict-mode off if { path /reqoff }\n"
            + big("http-request", "if { path_beg /req }")
            + "    http-request set-header X-Req-After yes\n"
            + "    http-response add-header X-Fe yes\n"
            + "backend be\n    http-request set-var(txn.p) path\n"
            + "    http-response strict-mode off if { var(txn.p) -m str /off }\n"
            + big("http-response", "unless { var(txn.p) -m beg /req }")
            + "    http-response add-header X-After yes\n"
            + "    server s 127.0.0.1:" + server + "\n";
    }

    private static String seen(final String path, final RawHttp.Response r) {
        return path + " " + r.status + " x-after=" + r.header("x-after") + " x-fe=" + r.header("x-fe");
    }

    private static List<String> run(final int port, final IntFunction<List<String>> linesOf,
                                    final RecordingBackend server) throws Exception {
        final List<String> out = new ArrayList<>();
        final List<Integer> clients = new ArrayList<>();
        for (final String path : new String[] {"/on", "/off", "/reqon", "/reqoff"}) {
            server.heads.clear();
            try (RawHttp c = RawHttp.open(port)) {
                clients.add(c.localPort());
                out.add(seen(path, c.send(RawHttp.get(path, "Connection: close\r\n")).read()));
            }
        }
        final String head = server.heads.poll(10, TimeUnit.SECONDS);
        out.add("the server got x-req-after: " + (head != null
            && head.toLowerCase(Locale.ROOT).contains("\r\nx-req-after: yes\r\n")));
        for (final int client : clients) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !linesOf.apply(client).isEmpty());
            for (final String line : linesOf.apply(client)) {
                out.add(ResponseRepliesSameAsHaproxyTest.logged(line));
            }
        }
        return out;
    }

    @Test
    void strictModeOffSkipsTheFailedRewritesOfItsListOnly() throws Exception {
        Haproxy26.assumeInstalled();
        try (RecordingBackend server = new RecordingBackend()) {
            final List<List<String>> both = SideBySide.run(dir, (global, port) -> config(global, port, server.port()),
                (port, linesOf) -> run(port, linesOf, server));
            assertEquals(List.of("/on 500 x-after=null x-fe=null", "/off 200 x-after=yes x-fe=yes",
                "/reqon 500 x-after=null x-fe=null", "/reqoff 200 x-after=yes x-fe=yes",
                "the server got x-req-after: true"), both.get(0).subList(0, 5),
                "HAProxy's own answers (the scenario is what the test thinks it is)");
            assertEquals(both.get(0), both.get(1));
        }
    }
}
