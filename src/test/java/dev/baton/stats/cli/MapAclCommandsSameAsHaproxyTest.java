package dev.baton.stats.cli;

import dev.baton.support.ExternalTool;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime API's map and ACL commands side by side with HAProxy 2.6 on the same configuration and files: the same
 * answers to {@code show|get|add|set|del|clear|prepare|commit map|acl} (entry references, which are addresses in
 * HAProxy, compared as REF; HAProxy's own internal ACLs left out), and the same effect on traffic: a key added to the
 * map routes the next request, a pattern added to the ACL denies it, a cleared ACL lets it through.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MapAclCommandsSameAsHaproxyTest {
    private static final Pattern REF = Pattern.compile("0x[0-9a-f]+");

    @TempDir
    Path tmp;

    private String config(final Path socket, final int port, final int backend, final Path map, final Path users) {
        return String.join("\n",
            "global",
            "    stats socket " + socket + " level admin",
            "defaults",
            "    mode http",
            "    option http-server-close",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    acl blocked req.hdr(x-user) -f " + users,
            "    http-request set-header X-Be %[req.hdr(host),lower,map(" + map + ",none)]",
            "    http-request set-header X-Beg %[path,map_beg(" + map + ")]",
            "    http-request deny if blocked",
            "    http-request deny if { path_beg /admin }",
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:" + backend,
            "");
    }

    /** The status and the X-Be header the server got (or "-") for a request with {@code host} and {@code user}. */
    private static String request(final int port, final RecordingBackend web, final String host, final String user)
        throws Exception {
        try (RawHttp c = RawHttp.open(port)) {
            final int status = c.send("GET / HTTP/1.1\r\nHost: " + host + "\r\nX-User: " + user
                + "\r\nConnection: close\r\n\r\n").read().status;
            if (status != 200) {
                return String.valueOf(status);
            }
            final String head = web.heads.poll(10, TimeUnit.SECONDS);
            for (final String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("x-be:")) {
                    return status + " " + line.substring(5).strip();
                }
            }
            return status + " -";
        }
    }

    /** The answers and the traffic's outcomes of one scripted session against the proxy behind {@code socket}. */
    private List<String> session(final Path socket, final int port, final RecordingBackend web, final Path map,
                                 final Path users) throws Exception {
        final List<String> out = new ArrayList<>();
        final String[] script = {
            "show map", "show acl", "show map " + map, "show acl #0", "get map " + map + " a.example.com",
            "get acl " + users + " alice", "get acl " + users + " nobody",
            "add map " + map + " c.example.com be_c", "=c.example.com bob",
            "set map " + map + " a.example.com be_x", "=a.example.com bob", "get map " + map + " a.example.com",
            "del map " + map + " b.example.com", "=b.example.com bob", "show map " + map,
            "prepare map " + map, "add map @1 " + map + " z.example.com be_z", "show map @1 " + map,
            "=z.example.com bob", "commit map @1 " + map, "show map " + map, "=z.example.com bob",
            "=a.example.com bob", "commit map @7 " + map, "del map " + map + " nothere", "show map /nope",
            "add acl " + users + " mallory", "=z.example.com mallory", "show acl " + users,
            "add acl " + map + " x", "set map " + map + " nothere v", "add map " + map + " onlykey",
            "add map " + map + " <<\nk1.example.com v1\nk2.example.com v2 with spaces\n", "show map " + map,
            "=k2.example.com bob", "add acl " + users + " <<\n", "clear acl " + users, "show acl " + users,
            "=z.example.com alice", "add map " + map + " k3 <<\n", "get map #2 k1.example.com",
            "prepare acl " + users, "prepare acl " + users, "add acl @9 " + users + " eve", "show acl",
            "get map", "del acl " + users, "clear map",
        };
        for (final String line : script) {
            if (line.startsWith("=")) {
                final String[] hostUser = line.substring(1).split(" ");
                out.add("GET " + line.substring(1) + " -> " + request(port, web, hostUser[0], hostUser[1]));
                continue;
            }
            final String answer = Sockets.stats(socket, line);
            final StringBuilder kept = new StringBuilder();
            for (final String l : answer.split("\n")) {
                if (l.contains("file 'httpclient'")) {
                    continue; // HAProxy's internal HTTP client's own ACLs
                }
                kept.append(REF.matcher(l).replaceAll("REF").replaceAll("entry_cnt=\\d+", "entry_cnt=N")
                    .replaceAll("file '[^']*' line", "file 'CFG' line")).append('\n');
            }
            out.add("> " + line.replace("\n", "\\n") + "\n" + kept);
        }
        return out;
    }

    private static void write(final Path file, final String text) throws Exception {
        Files.writeString(file, text);
    }

    @Test
    @SuppressWarnings("try") // the HAProxy process is only closed: it is talked to through its socket
    void answersAndEffectsAreHaproxys() throws Exception {
        ExternalTool.requireHaproxy();
        final List<String> fromHaproxy;
        final List<String> fromBaton;
        final Path map = tmp.resolve("hosts.map");
        final Path users = tmp.resolve("users.lst");
        final String mapText = "# routes\na.example.com be_a\nb.example.com be_b\n";
        final String usersText = "alice\n\n# comment\ncarol\n";
        try (RecordingBackend web = new RecordingBackend()) {
            write(map, mapText);
            write(users, usersText);
            final Path socket = tmp.resolve("h.sock");
            final int port = RunningDaemon.freePort();
            try (HaproxyProcess h = HaproxyProcess.start(tmp, config(socket, port, web.port(), map, users), port)) {
                fromHaproxy = session(socket, port, web, map, users);
            }
        }
        try (RecordingBackend web = new RecordingBackend()) {
            write(map, mapText);
            write(users, usersText);
            final Path socket = tmp.resolve("b.sock");
            final int port = RunningDaemon.freePort();
            final RunningDaemon daemon = RunningDaemon.start(config(socket, port, web.port(), map, users));
            try {
                fromBaton = session(socket, port, web, map, users);
            } finally {
                daemon.close();
            }
        }
        assertTrue(fromHaproxy.contains("GET c.example.com bob -> 200 be_c"), "HAProxy 2.6: " + fromHaproxy);
        assertTrue(fromHaproxy.contains("GET z.example.com mallory -> 403"), "HAProxy 2.6: " + fromHaproxy);
        assertEquals(String.join("\n", fromHaproxy), String.join("\n", fromBaton));
    }
}
