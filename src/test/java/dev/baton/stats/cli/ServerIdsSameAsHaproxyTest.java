package dev.baton.stats.cli;

import dev.baton.support.ExternalTool;
import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import dev.baton.support.SocketSideBySide;
import dev.baton.support.Sockets;
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
 * Server numbers side by side with HAProxy 2.6 on the same configuration: forced {@code id}s and the automatic
 * numbering around them, {@code server-template} copies (a host name resolved at start-up, {@code resolve-prefer}
 * accepted), the order of the servers in {@code show servers state} (the file's order, then the servers
 * {@code add server} appends), an {@code add server} with an id in use refused, and {@code balance first} sending
 * everything to the lowest id rather than to the first line.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServerIdsSameAsHaproxyTest {
    @TempDir
    Path tmp;

    private static String config(final Path socket, final int port, final int[] servers) {
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
            "    use_backend be if { path /be }",
            "    default_backend fst",
            "frontend nobind", // HAProxy warns and loads
            "    default_backend be",
            "backend fst",
            "    balance first",
            "    server high 127.0.0.1:" + servers[0] + " id 7",
            "    server low 127.0.0.1:" + servers[1] + " id 2",
            "    server auto 127.0.0.1:" + servers[0],
            "backend be",
            "    server a 127.0.0.1:" + servers[0] + " id 3",
            "    server b 127.0.0.1:" + servers[1],
            "    server c 127.0.0.1:" + servers[1],
            "    server d 127.0.0.1:" + servers[1] + " id 1",
            "    server e 127.0.0.1:" + servers[1],
            "    server-template web 0-2 127.0.0.1:" + servers[1] + " id 20 disabled",
            "    server-template loc 2 localhost:" + servers[1] + " check resolve-prefer ipv4 disabled",
            "");
    }

    /** Which servers (indexes into {@code servers}) answered {@code n} requests for {@code path}. */
    private static String requests(final int port, final RecordingBackend[] servers, final String path, final int n)
        throws Exception {
        final TreeSet<String> seen = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            try (RawHttp c = RawHttp.open(port)) {
                final int status = c.send(RawHttp.get(path, "Connection: close\r\n")).read().status;
                seen.add(status == 200 ? "s" + RecordingBackend.whichGot(servers, "GET " + path) : "" + status);
            }
        }
        return "GET " + path + " x" + n + " -> " + seen;
    }

    private static List<String> session(final Path socket, final int port, final RecordingBackend[] servers)
        throws Exception {
        final String p0 = String.valueOf(servers[0].port());
        final String[] script = {
            "show servers state be", "=/ 4", "add server be/z 127.0.0.1:" + p0 + " id 3",
            "add server be/z 127.0.0.1:" + p0 + " id 30", "add server be/y 127.0.0.1:" + p0,
            "show servers state be", "show servers state fst",
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
                final String[] f = l.split(" ");
                if (f.length > 5 && !f[0].startsWith("#")) {
                    kept.append(f[2]).append(' ').append(f[3]).append(' ').append(f[4]).append('\n'); // id name addr
                } else if (!l.isBlank() && !l.startsWith("#") && f.length > 1) {
                    kept.append(l.replace(p0, "P0")).append('\n'); // an answer of the runtime API
                }
            }
            out.add("> " + line.replace(p0, "P0") + "\n" + kept);
        }
        return out;
    }

    @Test
    void numbersOrderAndFirstAreHaproxys() throws Exception {
        ExternalTool.requireHaproxy();
        final List<List<String>> both;
        final RecordingBackend[] servers = {new RecordingBackend(), new RecordingBackend()};
        try {
            final int[] ports = {servers[0].port(), servers[1].port()};
            both = SocketSideBySide.run(tmp, (socket, port) -> config(socket, port, ports),
                (socket, port) -> session(socket, port, servers));
        } finally {
            servers[0].close();
            servers[1].close();
        }
        final List<String> fromHaproxy = both.get(0);
        assertTrue(fromHaproxy.contains("GET / x4 -> [s1]"), "HAProxy 2.6: " + fromHaproxy);
        assertTrue(String.join("\n", fromHaproxy).contains("6 e 127.0.0.1"), "HAProxy 2.6: " + fromHaproxy);
        assertEquals(String.join("\n", fromHaproxy), String.join("\n", both.get(1)));
    }
}
