package dev.baton.stats.cli;

import dev.baton.support.ExternalTool;
import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import dev.baton.support.SocketSideBySide;
import dev.baton.support.Sockets;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime API's dynamic servers side by side with HAProxy 2.6 on the same configuration and servers: the same
 * answers to {@code add server}, {@code del server}, {@code show backend}, {@code show servers state} and {@code set
 * server ... addr|fqdn|ssl} (the time since the last change and the ports normalized, blank lines dropped), and the
 * same effect on traffic: an added server gets requests only once enabled, a deleted one none, and {@code set server
 * ... ssl off} makes a server that does not speak TLS answer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DynamicServersSameAsHaproxyTest {
    @TempDir
    Path tmp;

    private String config(final Path socket, final int port, final int[] servers, final int plain) {
        return String.join("\n",
            "global",
            "    stats socket " + socket + " level admin",
            "    nbthread 1",
            "defaults",
            "    mode http",
            "    option http-server-close",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    use_backend tls if { path /tls }",
            "    default_backend be",
            "backend be",
            "    balance roundrobin",
            "    use-server s1 if { path /pin }",
            "    server s1 127.0.0.1:" + servers[0],
            "backend st",
            "    balance static-rr",
            "    server s1 127.0.0.1:" + servers[0],
            "backend tls",
            "    retries 0",
            "    server t1 127.0.0.1:" + plain + " ssl verify none",
            "");
    }

    /** Which servers answered {@code n} requests for {@code path} (indexes into {@code servers}), or the status. */
    private static String requests(final int port, final RecordingBackend[] servers, final String path, final int n)
        throws Exception {
        final TreeSet<String> seen = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            try (RawHttp c = RawHttp.open(port)) {
                final int status = c.send(RawHttp.get(path, "Connection: close\r\n")).read().status;
                if (status != 200) {
                    seen.add(String.valueOf(status));
                } else if (!path.equals("/tls")) {
                    seen.add("s" + RecordingBackend.whichGot(servers, "GET " + path));
                } else {
                    seen.add("200");
                }
            }
        }
        return "GET " + path + " x" + n + " -> " + seen;
    }

    private List<String> session(final Path socket, final int port, final RecordingBackend[] servers,
                                 final HttpBackend plain) throws Exception {
        final String p0 = String.valueOf(servers[0].port());
        final String p1 = String.valueOf(servers[1].port());
        final String[] script = {
            "add server be/s2 127.0.0.1:" + p1, "add server be/s2 127.0.0.1:" + p1, "add server st/s2 127.0.0.1:" + p1,
            "add server nobe/s2 127.0.0.1:" + p1, "add server be", "add server be/s3",
            "add server be/s3 127.0.0.1:" + p1 + " cookie c3", "add server be/s3 127.0.0.1:" + p1 + " track s2",
            "add server be/s3 127.0.0.1:" + p1 + " track be/nosuch", "show backend", "show servers state be",
            "=/ 4", "enable server be/s2", "show servers state be", "=/ 4",
            "set server be/s2 addr 127.0.0.1 port " + p0, "set server be/s2 addr 127.0.0.1 port abc",
            "set server be/s2 addr 127.0.0.1 port " + p1, "set server be/s2 addr 127.0.0.1:99",
            "set server be/s2 addr", "set server be/s2 fqdn x.example", "set server be/s2 fqdn",
            "set server be/s2 ssl on", "set server be/s1 ssl on", "=/tls 1", "set server tls/t1 ssl maybe",
            "set server tls/t1 ssl off", "show servers state tls", "=/tls 1", "set server tls/t1 ssl on",
            "=/tls 1", "del server be/s2", "del server be/s1", "disable server be/s2", "del server be/s2",
            "del server be/s2", "=/ 4", "add server be/s5 127.0.0.1:" + p1, "show servers state be",
        };
        final List<String> out = new ArrayList<>();
        for (final String line : script) {
            if (line.startsWith("=")) {
                final String[] pathCount = line.substring(1).split(" ");
                out.add(requests(port, servers, pathCount[0], Integer.parseInt(pathCount[1])));
                continue;
            }
            final StringBuilder kept = new StringBuilder();
            for (final String l : Sockets.stats(socket, line).split("\n")) {
                if (l.isBlank()) {
                    continue;
                }
                String norm = l.replace(p0, "P0").replace(p1, "P1").replace(String.valueOf(plain.port()), "PT");
                final String[] f = norm.split(" ");
                if (f.length == 25 && !f[0].startsWith("#")) {
                    f[9] = "T"; // srv_time_since_last_change
                    norm = String.join(" ", f);
                }
                kept.append(norm).append('\n');
            }
            out.add("> " + line.replace(p0, "P0").replace(p1, "P1") + "\n" + kept);
        }
        return out;
    }

    @Test
    void answersAndEffectsAreHaproxys() throws Exception {
        ExternalTool.requireHaproxy();
        final List<List<String>> both;
        final RecordingBackend[] servers = {new RecordingBackend(), new RecordingBackend()};
        final HttpBackend plain = HttpBackend.start();
        try {
            final int[] ports = {servers[0].port(), servers[1].port()};
            both = SocketSideBySide.run(tmp, (socket, port) -> config(socket, port, ports, plain.port()),
                (socket, port) -> session(socket, port, servers, plain));
        } finally {
            servers[0].close();
            servers[1].close();
            plain.close();
        }
        final List<String> fromHaproxy = both.get(0);
        assertTrue(fromHaproxy.contains("GET / x4 -> [s0, s1]"), "HAProxy 2.6: " + fromHaproxy);
        assertTrue(fromHaproxy.contains("GET /tls x1 -> [503]"), "HAProxy 2.6: " + fromHaproxy);
        assertEquals(String.join("\n", fromHaproxy), String.join("\n", both.get(1)));
    }
}
