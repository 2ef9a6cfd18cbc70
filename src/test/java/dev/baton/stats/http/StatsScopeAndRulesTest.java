package dev.baton.stats.http;

import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running baton with {@code stats scope}, {@code stats http-request deny} and {@code auth}, proxy {@code id} and
 * {@code description}, and {@code disabled} proxies: the page lists only the scoped proxies with their ids and
 * description, a denied request gets 403, a disabled frontend binds nothing, a disabled backend answers 503 and
 * neither shows in the stats, as in HAProxy 2.6 (checked by hand there: a frontend sending to a disabled backend
 * answers 503; show stat skips disabled proxies).
 */
class StatsScopeAndRulesTest {
    private static String config(final int port, final int offPort) {
        return String.join("\n",
            "defaults",
            "    mode http",
            "    timeout connect 1s",
            "    timeout client 10s",
            "    timeout server 10s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    id 40",
            "    description Public  entry",
            "    stats uri /s",
            "    stats scope .",
            "    stats scope app",
            "    stats http-request deny if { hdr(X-Deny) yes }",
            "    stats http-request auth realm Ops if { hdr(X-Ask) ops }",
            "    stats http-request auth if { hdr(X-Ask) default }",
            "    use_backend off if { path_beg /off }",
            "    default_backend app",
            "backend app",
            "    description Application servers",
            "    server a 127.0.0.1:1",
            "backend hidden",
            "    server b 127.0.0.1:1",
            "backend off",
            "    disabled",
            "    server c 127.0.0.1:1",
            "frontend sleeping",
            "    disabled",
            "    bind 127.0.0.1:" + offPort,
            "    default_backend app",
            "");
    }

    private static RawHttp.Response get(final int port, final String path, final String... headers) throws Exception {
        try (RawHttp c = RawHttp.open(port)) {
            return c.send(RawHttp.get(path, headers)).read();
        }
    }

    @Test
    void scopeRulesIdsDescriptionsAndDisabledProxies() throws Exception {
        final int offPort = RunningDaemon.freePort();
        try (RunningDaemon d = RunningDaemon.start(config(RunningDaemon.freePort(), offPort))) {
            final int port = d.port("fe");
            final RawHttp.Response csv = get(port, "/s;csv");
            assertEquals(200, csv.status);
            final List<String> lines = Arrays.asList(csv.text().split("\n"));
            final List<String> header = Arrays.asList(lines.get(0).substring(2).split(","));
            final int iid = header.indexOf("iid");
            final List<String> rows = new ArrayList<>();
            for (final String line : lines.subList(1, lines.size())) {
                final String[] f = line.split(",", -1);
                rows.add(f[0] + "/" + f[1] + "#" + f[iid]);
            }
            // HAProxy numbers around the forced id: fe 40, then app 2, hidden 3 (off 4 and sleeping 5 are hidden)
            assertEquals(List.of("fe/FRONTEND#40", "app/a#2", "app/BACKEND#2"), rows, csv.text());

            final String html = get(port, "/s").text();
            assertTrue(html.contains(">Public entry<"), "the frontend's description");
            assertTrue(html.contains(">Application servers<"), "the backend's description");
            assertFalse(html.contains("id=\"hidden\""), "out of scope");
            assertTrue(html.contains("id=\"app\""), "in scope");

            assertEquals(403, get(port, "/s", "X-Deny: yes\r\n").status, "stats http-request deny");
            final RawHttp.Response ops = get(port, "/s", "X-Ask: ops\r\n");
            assertEquals(401, ops.status, "stats http-request auth");
            assertEquals("Basic realm=\"Ops\"", ops.header("WWW-Authenticate"));
            final RawHttp.Response plain = get(port, "/s", "X-Ask: default\r\n");
            assertEquals(401, plain.status);
            assertEquals("Basic realm=\"HAProxy Statistics\"", plain.header("WWW-Authenticate"),
                "HAProxy's stats realm when the rule names none");
            assertEquals(503, get(port, "/off/x").status, "a disabled backend serves nothing");
            assertThrows(ConnectException.class, () -> Sockets.connect(offPort).close(),
                "a disabled frontend binds nothing");
        }
    }
}
