package dev.baton.http;

import dev.baton.support.ExternalTool;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code use-server} (a name, a down server passed over, a log-format name), {@code ignore-persist} and
 * {@code force-persist} with cookie persistence, side by side with HAProxy 2.6: the same server answers each
 * request and the same cookie is set. s1 is the only server the balancer picks (s2 has weight 0, s3 is disabled),
 * so every outcome is deterministic.
 */
class UseServerSameAsHaproxyTest {
    @TempDir
    Path tmp;

    private static final String[][] REQUESTS = {
        {"/", "X-To: s2"},
        {"/", "X-To: s3"},
        {"/", "X-To: s3", "X-Force: 1"},
        {"/", "Cookie: SRV=c1", "X-To: s2"},
        {"/static/a.css", "Cookie: SRV=c2"},
        {"/", "Cookie: SRV=c2"},
        {"/", "Cookie: SRV=c3"},
        {"/", "Cookie: SRV=c3", "X-Force: 1"},
        {"/", "X-Dyn: s2"},
        {"/", "X-Dyn: nosuch", "X-To: s2"},
        {"/", "X-Dyn: s3", "X-To: s2"},
        {"/"},
    };

    private static String config(final int port, final int[] servers) {
        return String.join("\n",
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "listen app",
            "    bind 127.0.0.1:" + port,
            "    balance roundrobin",
            "    cookie SRV insert indirect nocache",
            "    acl static path_beg /static",
            "    acl forced req.hdr(x-force) 1",
            "    use-server %[req.hdr(x-dyn)] if { req.hdr(x-dyn) -m found }",
            "    use-server s2 if { req.hdr(x-to) s2 }",
            "    use-server s3 if { req.hdr(x-to) s3 }",
            "    ignore-persist if static",
            "    force-persist if forced",
            "    server s1 127.0.0.1:" + servers[0] + " cookie c1",
            "    server s2 127.0.0.1:" + servers[1] + " cookie c2 weight 0",
            "    server s3 127.0.0.1:" + servers[2] + " cookie c3 disabled",
            "");
    }

    /** For each request: the server that answered and the Set-Cookie sent back ("-" without one). */
    private static List<String> run(final int port) throws Exception {
        final List<String> out = new ArrayList<>();
        for (final String[] r : REQUESTS) {
            final StringBuilder head = new StringBuilder("GET " + r[0] + " HTTP/1.1\r\nHost: t\r\n");
            for (int i = 1; i < r.length; i++) {
                head.append(r[i]).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            try (RawHttp c = RawHttp.open(port)) {
                final RawHttp.Response resp = c.send(head.toString()).read();
                out.add(String.join(" ", r) + " -> " + resp.status + " " + resp.headers.getOrDefault("x-server", "-")
                    + " set-cookie=" + resp.headers.getOrDefault("set-cookie", "-"));
            }
        }
        return out;
    }

    @Test
    @SuppressWarnings("try") // HAProxy is only started and stopped here
    void sameServersAndCookiesAsHaproxy() throws Exception {
        ExternalTool.requireHaproxy();
        final List<String> fromHaproxy;
        final List<String> fromBaton;
        try (HttpBackend s1 = HttpBackend.start(new HttpBackend.Options().name("s1"));
             HttpBackend s2 = HttpBackend.start(new HttpBackend.Options().name("s2"));
             HttpBackend s3 = HttpBackend.start(new HttpBackend.Options().name("s3"))) {
            final int[] servers = {s1.port(), s2.port(), s3.port()};
            final int hPort = RunningDaemon.freePort();
            try (HaproxyProcess h = HaproxyProcess.start(tmp, config(hPort, servers), hPort)) {
                fromHaproxy = run(hPort);
            }
            final int bPort = RunningDaemon.freePort();
            final RunningDaemon daemon = RunningDaemon.start(config(bPort, servers));
            try {
                fromBaton = run(bPort);
            } finally {
                daemon.close();
            }
        }
        assertTrue(fromHaproxy.get(0).contains(" s2 "), "HAProxy 2.6: " + fromHaproxy);
        assertEquals(String.join("\n", fromHaproxy), String.join("\n", fromBaton));
    }
}
