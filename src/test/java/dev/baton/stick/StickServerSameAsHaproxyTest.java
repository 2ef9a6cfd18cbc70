package dev.baton.stick;

import dev.baton.support.BlockingServer;
import dev.baton.support.RawHttp;
import dev.baton.support.SideBySide;
import dev.baton.support.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.baton.support.SideBySide.masked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server persistence by stick table side by side with HAProxy 2.6. The active/passive pair of a mode tcp backend
 * ({@code stick-table type ip size 1 nopurge}, {@code stick on dst}, a backup server): connections go to the
 * primary; once it is in maintenance they go to the backup, and with room in the table they stay there after it
 * came back (the point of it; a full {@code size 1} table keeps the primary, as HAProxy's), with the same
 * {@code show table} dumps ({@code server_id}, {@code server_key}). And a mode http backend balanced by a header hash
 * that sticks a user ({@code stick on req.hdr(x-user)}) to the server its first request hashed to, and a team
 * ({@code stick match} + {@code stick store-request} on another backend's table) likewise.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StickServerSameAsHaproxyTest {
    @TempDir
    Path tmp;

    /** A tcp server that sends its name to each client, then echoes. */
    private static BlockingServer named(final String name) throws Exception {
        return BlockingServer.start(name, s -> {
            s.getOutputStream().write((name + "\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            BlockingServer.echo().handle(s);
        });
    }

    /** An HTTP server answering every request with its name as the body, keep-alive. */
    private static BlockingServer namedHttp(final String name) throws Exception {
        return BlockingServer.start(name, s -> {
            final InputStream in = s.getInputStream();
            final StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                head.append((char) c);
                if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + name.length() + "\r\n\r\n"
                        + name).getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    head.setLength(0);
                }
            }
        });
    }

    private static String tcpConfig(final Path socket, final int port, final int a, final int b, final int size) {
        return SideBySide.header(socket, "tcp") + String.join("\n",
            "frontend ft",
            "    bind 127.0.0.1:" + port,
            "    default_backend db",
            "backend db",
            "    stick-table type ip size " + size + " nopurge",
            "    stick on dst",
            "    server a 127.0.0.1:" + a,
            "    server b 127.0.0.1:" + b + " backup",
            "");
    }

    private static String answeredBy(final int port) throws Exception {
        try (Socket s = Sockets.connect(port)) {
            final byte[] name = s.getInputStream().readNBytes(2);
            return new String(name, StandardCharsets.US_ASCII).strip();
        }
    }

    private static List<String> activePassive(final Path socket, final int port) throws Exception {
        final List<String> out = new ArrayList<>();
        out.add("first " + answeredBy(port) + " " + answeredBy(port));
        out.add(masked(Sockets.stats(socket, "show table db")));
        out.add(Sockets.stats(socket, "set server db/a state maint").strip());
        out.add("primary in maintenance " + answeredBy(port) + " " + answeredBy(port));
        out.add(masked(Sockets.stats(socket, "show table db")));
        out.add(Sockets.stats(socket, "set server db/a state ready").strip());
        out.add("primary back " + answeredBy(port) + " " + answeredBy(port));
        out.add(masked(Sockets.stats(socket, "show table db")));
        out.add(masked(Sockets.stats(socket, "show table db data.server_id eq 2")));
        return out;
    }

    private static List<String> pair(final Path tmp, final int size) throws Exception {
        final SideBySide.Seen seen;
        try (BlockingServer a = named("a"); BlockingServer b = named("b")) {
            seen = SideBySide.run(tmp, (socket, port) -> tcpConfig(socket, port, a.port(), b.port(), size), a.port(),
                StickServerSameAsHaproxyTest::activePassive);
        }
        assertEquals(String.join("\n", seen.haproxy()), String.join("\n", seen.baton()));
        return seen.haproxy();
    }

    @Test
    void theActivePassivePairStaysOnTheBackupAsHaproxy() throws Exception {
        final List<String> h = pair(tmp.resolve("two"), 2);
        assertEquals(List.of("first a a", "primary in maintenance b b", "primary back b b"),
            List.of(h.get(0), h.get(3), h.get(6)), "HAProxy 2.6: " + h);
    }

    /**
     * The classic {@code size 1 nopurge} table keeps its first server: HAProxy makes a new entry before it looks the
     * key up, and a full table without purge refuses it, so the backup is never stored.
     */
    @Test
    void aFullNopurgeTableKeepsTheFirstServerAsHaproxy() throws Exception {
        final List<String> h = pair(tmp.resolve("one"), 1);
        assertEquals(List.of("first a a", "primary in maintenance b b", "primary back a a"),
            List.of(h.get(0), h.get(3), h.get(6)), "HAProxy 2.6: " + h);
    }

    private static String httpConfig(final Path socket, final int port, final int s1, final int s2) {
        return SideBySide.header(socket, "http") + String.join("\n",
            "frontend fh",
            "    bind 127.0.0.1:" + port,
            "    default_backend web",
            "backend web",
            "    balance hdr(x-lb)",
            "    stick-table type string len 16 size 10 expire 1m",
            "    stick on req.hdr(x-user) if { req.hdr(x-user) -m found }",
            "    stick match req.hdr(x-team) table teams",
            "    stick store-request req.hdr(x-team) table teams",
            "    server s1 127.0.0.1:" + s1,
            "    server s2 127.0.0.1:" + s2,
            "backend teams",
            "    stick-table type string len 16 size 10",
            "");
    }

    private static List<String> users(final Path socket, final int port) throws Exception {
        final List<String> out = new ArrayList<>();
        final List<String> lb = List.of("k1", "k2", "k3", "k4", "k5");
        try (RawHttp c = RawHttp.open(port)) {
            for (final String prefix : List.of("", "x-user: u1\r\n", "x-team: t1\r\n")) {
                final List<String> answers = new ArrayList<>();
                for (final String k : prefix.startsWith("x-team") ? lb.subList(1, 5) : lb) {
                    answers.add(c.send("GET / HTTP/1.1\r\nHost: x\r\n" + prefix + "x-lb: " + k + "\r\n\r\n").read()
                        .text());
                }
                out.add(answers.toString());
            }
        }
        out.add(masked(Sockets.stats(socket, "show table web")));
        out.add(masked(Sockets.stats(socket, "show table teams")));
        return out;
    }

    @Test
    void httpUsersStickToTheirServerAsHaproxy() throws Exception {
        final SideBySide.Seen seen;
        try (BlockingServer s1 = namedHttp("s1"); BlockingServer s2 = namedHttp("s2")) {
            seen = SideBySide.run(tmp, (socket, port) -> httpConfig(socket, port, s1.port(), s2.port()), s1.port(),
                StickServerSameAsHaproxyTest::users);
        }
        final List<String> h = seen.haproxy();
        final List<String> natural = List.of(h.get(0).replaceAll("[\\[\\] ]", "").split(","));
        assertTrue(natural.contains("s1") && natural.contains("s2"), "HAProxy 2.6 hashes x-lb to both: " + h);
        assertEquals(String.join(", ", java.util.Collections.nCopies(5, natural.get(0))),
            h.get(1).replaceAll("[\\[\\]]", ""), "HAProxy 2.6 keeps u1 on its first server: " + h);
        assertEquals(String.join(", ", java.util.Collections.nCopies(4, natural.get(1))),
            h.get(2).replaceAll("[\\[\\]]", ""), "HAProxy 2.6 keeps t1 on its first server: " + h);
        assertEquals(String.join("\n", h), String.join("\n", seen.baton()));
    }

    private static String sessionIdConfig(final Path socket, final int port, final int a, final int b) {
        return SideBySide.header(socket, "tcp") + String.join("\n",
            "frontend ft",
            "    bind 127.0.0.1:" + port,
            "    tcp-request inspect-delay 2s",
            "    tcp-request content accept if { req.len ge 3 }",
            "    default_backend be",
            "backend be",
            "    balance first",
            "    tcp-response inspect-delay 2s",
            "    tcp-response content accept if { res.len ge 6 }",
            "    stick-table type string len 8 size 10",
            "    stick match req.payload(0,3)",
            "    stick store-response res.payload(3,3)",
            "    server s1 127.0.0.1:" + a,
            "    server s2 127.0.0.1:" + b,
            "");
    }

    /** The id the server that answered {@code id} gave ({@code ID:xyz}). */
    private static String session(final int port, final String id) throws Exception {
        try (Socket s = Sockets.connect(port)) {
            Sockets.write(s, id);
            return Sockets.readAscii(s, 7).strip();
        }
    }

    private static List<String> sessionIds(final Path socket, final int port) throws Exception {
        final List<String> out = new ArrayList<>();
        out.add("new " + session(port, "xxx"));
        out.add(Sockets.stats(socket, "set server be/s1 state maint").strip());
        out.add("s1 in maintenance " + session(port, "zzz"));
        out.add(Sockets.stats(socket, "set server be/s1 state ready").strip());
        out.add("resumed " + session(port, "bbb") + " " + session(port, "aaa") + " " + session(port, "new"));
        out.add(masked(Sockets.stats(socket, "show table be")));
        return out;
    }

    /**
     * A mode tcp backend that sticks on an id the server gives in its first bytes ({@code stick store-response
     * res.payload(3,3)} after {@code tcp-response content accept}) and the client sends back ({@code stick match
     * req.payload(0,3)}): the SSL session id idiom, with plain bytes.
     */
    @Test
    void aTcpSessionIdFromTheServerSticksAsHaproxy() throws Exception {
        final SideBySide.Seen seen;
        try (BlockingServer a = BlockingServer.start("a", greeting("ID:aaa\n"));
             BlockingServer b = BlockingServer.start("b", greeting("ID:bbb\n"))) {
            seen = SideBySide.run(tmp, (socket, port) -> sessionIdConfig(socket, port, a.port(), b.port()), a.port(),
                StickServerSameAsHaproxyTest::sessionIds);
        }
        final List<String> h = seen.haproxy();
        assertEquals(List.of("new ID:aaa", "s1 in maintenance ID:bbb", "resumed ID:bbb ID:aaa ID:aaa"),
            List.of(h.get(0), h.get(2), h.get(4)), "HAProxy 2.6: " + h);
        assertEquals(String.join("\n", h), String.join("\n", seen.baton()));
    }

    /** A tcp server that sends {@code text} first, then reads until the client's end. */
    private static BlockingServer.Handler greeting(final String text) {
        return s -> {
            s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            BlockingServer.silent().handle(s);
        };
    }
}
