package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.support.BlockingServer;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cookie persistence side by side with HAProxy 2.6 on one configuration: {@code insert indirect nocache} with
 * {@code httponly secure domain attr}, a cookie naming a server in maintenance, an unknown one, the server's own
 * cookie of the same name, the cacheability {@code nocache} looks at, {@code maxidle}/{@code maxlife} dates (fresh,
 * idle too long, too old), {@code rewrite}, {@code prefix}, and a cookie naming a server that refuses connections
 * ({@code option redispatch}: another server answers and the new cookie names it). For each request: the server that
 * answered, the Cookie header it received, the Set-Cookie and Cache-Control the client got and the log line's server,
 * status and {@code %tsc} (with its cookie states); then the {@code cookie} column of {@code show stat}. Dates are
 * compared in minutes from now, since the two runs happen at different times. HAProxy runs as a child process
 * stopped by its process before the test ends.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CookiePersistenceSameAsHaproxyTest {
    private static final Pattern DATE = Pattern.compile("\\|([A-Za-z0-9+/]{5})");
    private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    @TempDir
    Path dir;

    /**
     * A keep-alive server named {@code name}: answers 200 with {@code X-Server}, {@code X-Cookie} (the Cookie header
     * it received, or {@code none}), and the Set-Cookie / Cache-Control the request asks for in {@code X-Set} /
     * {@code X-Cache}.
     */
    static BlockingServer.Handler server(final String name) {
        return socket -> {
            final InputStream in = socket.getInputStream();
            final OutputStream out = socket.getOutputStream();
            for (String head = RawBackends.readHead(in); head != null; head = RawBackends.readHead(in)) {
                RawBackends.readBody(in, head);
                final String cookie = RawBackends.header(head, "Cookie");
                final String set = RawBackends.header(head, "X-Set");
                final String cache = RawBackends.header(head, "X-Cache");
                RawBackends.write(out, "HTTP/1.1 200 OK\r\nX-Server: " + name + "\r\nX-Cookie: "
                    + (cookie == null ? "none" : cookie) + "\r\n" + (set == null ? "" : "Set-Cookie: " + set + "\r\n")
                    + (cache == null ? "" : "Cache-Control: " + cache + "\r\n") + "Content-Length: 2\r\n\r\nok");
            }
        };
    }

    private static String config(final String global, final Path socket, final int port, final int[] servers) {
        return String.join("\n",
            "global",
            global,
            "    stats socket " + socket + " level admin",
            "defaults",
            "    mode http",
            "    log global",
            "    log-format \"%ci:%cp %b/%s %ST %tsc\"",
            "    timeout connect 1s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    use_backend dated if { path_beg /dated }",
            "    use_backend rw if { path_beg /rw }",
            "    use_backend pfx if { path_beg /pfx }",
            "    use_backend redispatch if { path_beg /redispatch }",
            "    default_backend ins",
            "backend ins",
            "    cookie SRV insert indirect nocache httponly secure domain .example.com attr SameSite=Lax",
            "    server s1 127.0.0.1:" + servers[0] + " cookie c1",
            "    server s2 127.0.0.1:" + servers[1] + " cookie c2",
            "    server s3 127.0.0.1:" + servers[2] + " cookie c3 disabled",
            "backend dated",
            "    cookie SID insert maxidle 30m maxlife 2h",
            "    server d1 127.0.0.1:" + servers[0] + " cookie d1",
            "backend rw",
            "    cookie JSESSIONID rewrite",
            "    server r1 127.0.0.1:" + servers[0] + " cookie r1",
            "backend pfx",
            "    cookie JSESSIONID prefix",
            "    server p1 127.0.0.1:" + servers[0] + " cookie p1",
            "backend redispatch",
            "    cookie SRV insert indirect",
            "    option redispatch",
            "    retries 1",
            "    server dead 127.0.0.1:" + servers[3] + " cookie dead",
            "    server live 127.0.0.1:" + servers[1] + " cookie live",
            "");
    }

    /** HAProxy's s30tob64 of a date in seconds (4-second units), for cookies the test makes up. */
    static String date(final long epochS) {
        final long v = epochS >> 2;
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            out.append(B64.charAt((int) (v >> (24 - 6 * i)) & 0x3F));
        }
        return out.toString();
    }

    private static long undate(final String text) {
        long v = 0;
        for (final char c : text.toCharArray()) {
            v = v << 6 | B64.indexOf(c);
        }
        return v << 2;
    }

    /**
     * {@code setCookie} with each date written as {@code <now>} (within seconds of now) or in whole minutes from now
     * ({@code <-1 min>}: a date the test's own cookie carried), so that two runs at different times compare.
     */
    private static String withoutDates(final String setCookie) {
        final Matcher m = DATE.matcher(setCookie);
        final long now = System.currentTimeMillis() / 1000;
        final StringBuilder out = new StringBuilder();
        while (m.find()) {
            final long d = undate(m.group(1)) - now;
            m.appendReplacement(out, Math.abs(d) < 15 ? "|<now>" : "|<" + Math.round(d / 60.0) + " min>");
        }
        return m.appendTail(out).toString();
    }

    private record Exchange(String name, int clientPort, String seen) {
    }

    private static Exchange send(final int port, final String name, final String request) throws Exception {
        try (RawHttp c = RawHttp.open(port)) {
            final RawHttp.Response r = c.send(request).read();
            final String set = r.header("set-cookie");
            return new Exchange(name, c.localPort(), r.status + " " + r.header("x-server") + " got "
                + (r.header("x-cookie") == null ? null : withoutDates(r.header("x-cookie")))
                + (set == null ? "" : " | set-cookie: " + withoutDates(set))
                + (r.header("cache-control") == null ? "" : " | cache-control: " + r.header("cache-control")));
        }
    }

    private static List<Exchange> scenarios(final int port) throws Exception {
        final long now = System.currentTimeMillis() / 1000;
        final List<Exchange> out = new ArrayList<>();
        out.add(send(port, "no cookie", RawHttp.get("/")));
        out.add(send(port, "cookie of s2", RawHttp.get("/", "Cookie: SRV=c2\r\n")));
        out.add(send(port, "among others", RawHttp.get("/", "Cookie: a=1; SRV=c2; b=2\r\n")));
        out.add(send(port, "first of two", RawHttp.get("/", "Cookie: SRV=c1; a=1\r\n")));
        out.add(send(port, "server in maintenance", RawHttp.get("/", "Cookie: SRV=c3\r\n")));
        out.add(send(port, "unknown server", RawHttp.get("/", "Cookie: SRV=nope\r\n")));
        out.add(send(port, "post", "POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n\r\n"));
        out.add(send(port, "server's own cookie", RawHttp.get("/", "Cookie: SRV=c2\r\n",
            "X-Set: SRV=own; path=/\r\n")));
        out.add(send(port, "cacheable", RawHttp.get("/", "X-Cache: max-age=60\r\n")));
        out.add(send(port, "not cacheable", RawHttp.get("/", "X-Cache: max-age=60, no-store\r\n")));
        out.add(send(port, "no-cache on the cookie only", RawHttp.get("/",
            "X-Cache: no-cache=\"set-cookie\", max-age=60\r\n")));
        out.add(send(port, "dated, none", RawHttp.get("/dated")));
        out.add(send(port, "dated, a minute old", RawHttp.get("/dated", "Cookie: SID=d1|" + date(now - 60) + "|"
            + date(now - 60) + "\r\n")));
        out.add(send(port, "dated, idle too long", RawHttp.get("/dated", "Cookie: SID=d1|" + date(now - 3600) + "|"
            + date(now - 3600) + "\r\n")));
        out.add(send(port, "dated, too old", RawHttp.get("/dated", "Cookie: SID=d1|" + date(now - 60) + "|"
            + date(now - 3 * 3600) + "\r\n")));
        out.add(send(port, "rewrite, server sets", RawHttp.get("/rw", "X-Set: JSESSIONID=abc; Path=/\r\n")));
        out.add(send(port, "rewrite, client sends", RawHttp.get("/rw", "Cookie: JSESSIONID=r1\r\n")));
        out.add(send(port, "prefix, server sets", RawHttp.get("/pfx", "X-Set: JSESSIONID=abc; Path=/\r\n")));
        out.add(send(port, "cookie of a server that refuses, redispatched", RawHttp.get("/redispatch",
            "Cookie: SRV=dead\r\n")));
        out.add(send(port, "prefix, client sends", RawHttp.get("/pfx", "Cookie: x=1; JSESSIONID=p1~abc\r\n")));
        return out;
    }

    /**
     * Each scenario with its log line's "backend/server status %tsc", then the {@code cookie} column of
     * {@code show stat} for every backend and server row.
     */
    private static List<String> observe(final int port, final Path socket, final IntFunction<List<String>> linesOf)
        throws Exception {
        final List<Exchange> exchanges = scenarios(port);
        final List<String> out = new ArrayList<>();
        final String[] stat = Sockets.stats(socket, "show stat").split("\n");
        final int column = List.of(stat[0].substring(2).split(",", -1)).indexOf("cookie");
        for (int i = 1; i < stat.length; i++) {
            final String[] f = stat[i].split(",", -1);
            if (f.length > column && !f[1].equals("FRONTEND")) {
                out.add("stat " + f[0] + "/" + f[1] + " cookie '" + f[column] + "'");
            }
        }
        for (final Exchange e : exchanges) {
            await("the log line of " + e.name()).atMost(Duration.ofSeconds(10))
                .until(() -> !linesOf.apply(e.clientPort()).isEmpty());
            final String line = linesOf.apply(e.clientPort()).get(0);
            out.add(e.name() + ": " + e.seen() + " | log " + line.substring(line.indexOf(' ') + 1));
        }
        return out;
    }

    @Test
    void stickySessionsAsHaproxy() throws Exception {
        Haproxy26.assumeInstalled();
        try (BlockingServer s1 = BlockingServer.start("s1", server("s1"));
             BlockingServer s2 = BlockingServer.start("s2", server("s2"));
             BlockingServer s3 = BlockingServer.start("s3", server("s3"))) {
            final int[] servers = {s1.port(), s2.port(), s3.port(), RunningDaemon.freePort()}; // the last refuses
            final int hPort = RunningDaemon.freePort();
            final List<String> fromHaproxy;
            final Path hSocket = dir.resolve("h.sock");
            try (HaproxyProcess h = HaproxyProcess.start(dir,
                config("    log stdout format raw local0 info", hSocket, hPort, servers), hPort)) {
                fromHaproxy = observe(hPort, hSocket,
                    client -> h.lines().stream().filter(l -> l.startsWith("127.0.0.1:" + client + " ")).toList());
            }
            TrafficLogCapture.clear();
            final int bPort = RunningDaemon.freePort();
            final List<String> fromBaton;
            final Path bSocket = dir.resolve("b.sock");
            try (RunningDaemon baton = RunningDaemon.start(config("    nbthread 1", bSocket, bPort, servers))) {
                fromBaton = observe(baton.port("fe"), bSocket,
                    client -> TrafficLogCapture.lines(l -> l.startsWith("127.0.0.1:" + client + " ")));
            }
            assertTrue(fromHaproxy.contains("stat ins/s1 cookie 'c1'") && fromHaproxy.contains("stat ins/BACKEND "
                + "cookie 'SRV'"), fromHaproxy.toString());
            assertEquals("no cookie: 200 s1 got none | set-cookie: SRV=c1; path=/; domain=.example.com; HttpOnly; "
                + "Secure; SameSite=Lax | log ins/s1 200 --NI", fromHaproxy.stream().filter(l -> l.startsWith("no cookie")).findFirst().orElseThrow(),
                "HAProxy's own answer (the scenario is what the test thinks it is)");
            assertEquals(String.join("\n", fromHaproxy), String.join("\n", fromBaton));
        }
    }
}
