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
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code http-response deny}, {@code return} and {@code redirect} in HAProxy 2.6 and in baton, each followed by a
 * second request on the same client connection (the server's connection closes after each response: the
 * {@link RecordingBackend} serves one at a time): the same replies (status, headers, body, the after-response rule's
 * header), the same answer to the next request (the client connection stays open), and the same log lines: status,
 * termination state ({@code PH--} for a deny, {@code LH--} for the others) and no {@code Tr}. The byte counts are
 * left out of the comparison: HAProxy's count what its internal message held of the dropped server response too.
 * The reply's values use a variable: HAProxy 2.6 renders them once the server's response is gone (its fetches find
 * nothing, a {@code hdr} of a response fetch breaks the reply), baton over the response.
 */
class ResponseRepliesSameAsHaproxyTest {
    private static final String[] PATHS = {"/deny", "/deny403", "/ret", "/redir"};

    @TempDir
    Path dir;

    private static String config(final String global, final int port, final int server) {
        return "global\n" + global + "defaults\n    mode http\n    log global\n    option httplog\n    option http-server-close\n"
            + "    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
            + "frontend fe\n    bind 127.0.0.1:" + port + "\n    default_backend be\n"
            + "    http-after-response set-header x-after yes\n"
            + "backend be\n    http-request set-var(txn.p) path\n"
            + "    http-response deny if { var(txn.p) -m str /deny }\n"
            + "    http-response deny deny_status 403 content-type text/plain string \"no way\" hdr x-d yes"
            + " if { var(txn.p) -m str /deny403 }\n"
            + "    http-response return status 203 content-type text/plain lf-string \"for %[var(txn.p)]\""
            + " hdr x-r %[var(txn.p)] if { var(txn.p) -m str /ret }\n"
            + "    http-response redirect location /elsewhere code 301 if { var(txn.p) -m str /redir }\n"
            + "    server s 127.0.0.1:" + server + "\n";
    }

    /** What a client sees of {@code r}. */
    private static String seen(final RawHttp.Response r) {
        return r.status + " x-d=" + r.header("x-d") + " x-r=" + r.header("x-r") + " location=" + r.header("location")
            + " type=" + r.header("content-type") + " length=" + r.header("content-length") + " connection="
            + r.header("connection") + " x-after=" + r.header("x-after") + " body=" + r.text().trim();
    }

    /** A log line without its client, date, timers (but Tr's -1), byte count, connection and queue counts. */
    static String logged(final String line) {
        final String[] f = line.replaceFirst("^127\\.0\\.0\\.1:\\d+ \\[[^]]+] ", "").split(" ", 9);
        f[2] = f[2].replaceAll("(?<![-\\d])\\d+", "N");
        f[4] = "B";
        f[8] = f[8].replaceFirst("^\\S+ \\S+ ", "C Q ");
        return String.join(" ", f);
    }

    private static List<String> run(final int port, final IntFunction<List<String>> linesOf) throws Exception {
        final List<String> out = new ArrayList<>();
        for (final String path : PATHS) {
            final int client;
            try (RawHttp c = RawHttp.open(port)) {
                client = c.localPort();
                out.add(path + " " + seen(c.send(RawHttp.get(path)).read()));
                out.add(path + " then " + seen(c.send(RawHttp.get("/next")).read()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> linesOf.apply(client).size() == 2);
            for (final String line : linesOf.apply(client)) {
                out.add(logged(line));
            }
        }
        return out;
    }

    @Test
    void theSameRepliesAndLogsAndTheClientStays() throws Exception {
        Haproxy26.assumeInstalled();
        try (RecordingBackend server = new RecordingBackend()) {
            final List<List<String>> both = SideBySide.run(dir, (global, port) -> config(global, port, server.port()),
                ResponseRepliesSameAsHaproxyTest::run);
            assertEquals(List.of(
                "/deny 502 x-d=null x-r=null location=null type=text/html length=107 connection=null x-after=yes"
                    + " body=<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete"
                    + " response.\n</body></html>",
                "/deny then 200 x-d=null x-r=null location=null type=null length=2 connection=null x-after=yes body=ok",
                "fe be/s N/N/N/-1/N 502 B - - PH-- C Q \"GET /deny HTTP/1.1\"",
                "fe be/s N/N/N/N/N 200 B - - ---- C Q \"GET /next HTTP/1.1\"",
                "/deny403 403 x-d=yes x-r=null location=null type=text/plain length=6 connection=null x-after=yes"
                    + " body=no way"),
                both.get(0).subList(0, 5), "HAProxy's own answers (the scenario is what the test thinks it is)");
            assertEquals(both.get(0), both.get(1));
        }
    }
}
