package dev.baton.http;

import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request line and header rewrites (set-method, set-path, set-pathq, set-query, set-uri, replace-path,
 * replace-pathq, replace-uri, replace-header, replace-value, del-header -m) in HAProxy 2.6 and in baton, the same
 * configuration and the same requests: the server must receive the same request line and headers, later rules
 * must see the rewritten line (their x- headers quote path, url, query and method), and the client the same
 * response head.
 */
class RewritesSameAsHaproxyTest {
    /** One frontend per case: its rules, then the requests sent to it. */
    private record Case(List<String> rules, List<String> requests) {
    }

    private static final String SEES = "    http-request set-header x-seen %[method]|%[path]|%[query]|%[url]|%[pathq]";

    private static List<Case> cases() {
        return List.of(
            new Case(List.of("    http-request set-path /new%[path]", SEES),
                List.of(get("/a/b?x=1"), get("/"), get("http://example.com/abs?q=1"))),
            new Case(List.of("    http-request set-pathq /p?from=%[path]", SEES),
                List.of(get("/a?z=2"), get("/b"))),
            new Case(List.of("    http-request set-query y=2&%[query]", SEES),
                List.of(get("/a?x=1"), get("/a"), get("/a?"))),
            new Case(List.of("    http-request set-query %[req.hdr(x-none)]", SEES),
                List.of(get("/a?x=1"), get("/a"))),
            new Case(List.of("    http-request set-uri /u%[path]?%[query]", SEES),
                List.of(get("/a?x=1"), get("http://example.com/abs"))),
            new Case(List.of("    http-request set-uri http://example.com/z", SEES),
                List.of(get("http://example.com/abs"))),
            // HAProxy's method fetch keeps the method the request came with: not compared here (see README)
            new Case(List.of("    http-request set-method POST if { path_beg /m }",
                    "    http-request set-header x-seen %[path]|%[url]"),
                List.of(get("/m/1"), get("/n"))),
            new Case(List.of("    http-request replace-path ^/api/(.*) /v2/\\1", SEES,
                    "    http-request set-header x-v2 yes if { path_beg /v2/ }"),
                List.of(get("/api/users/7?full=1"), get("/other/api/x"), get("/x"))),
            new Case(List.of("    http-request replace-pathq ^/([^?]*)\\?(.*)$ /\\2/\\1", SEES),
                List.of(get("/a/b?c=d"), get("/nq"))),
            new Case(List.of("    http-request replace-uri ^http://([^/]*)(.*)$ \\2?host=\\1", SEES),
                List.of(get("http://example.com/abs/x"), get("/plain"))),
            new Case(List.of("    http-request replace-uri (.*) \\1\\x41\\z%[req.hdr(x-tag)]", SEES),
                List.of(get("/p", "X-Tag: t9"))),
            new Case(List.of("    http-request replace-header X-In ^f1_(.*)$ \\1-r",
                    "    http-request replace-header X-In2 f([0-9]) <\\1>",
                    "    http-request replace-value X-Multi ^t(.*) T\\1-%[req.hdr(x-tag)]"),
                List.of(get("/h", "X-In: f1_f2_f3", "X-In2: af7b, c", "X-Multi: one, two ,three", "X-Multi: tt",
                    "X-Tag: q"))),
            new Case(List.of("    http-request add-header x-added \"abc,  def , abx\"",
                    "    http-request replace-value x-added ^ab(.*) AB\\1"),
                List.of(get("/added"))),
            new Case(List.of("    http-request del-header x-rm -m beg", "    http-request del-header -tail -m end",
                    "    http-request del-header mid -m sub", "    http-request del-header ^x-re[0-9] -m reg",
                    "    http-request del-header x-exact -m str"),
                List.of(get("/d", "X-RM-1: a", "x-rmb: b", "X-Keep: c", "Foo-Tail: d", "a-MID-b: e", "x-re5: f",
                    "X-Re5: g", "x-re: h", "X-Exact: i", "X-Exactly: j"))),
            new Case(List.of("    http-response add-header x-r1 abc-%[status]",
                    "    http-response replace-header x-r1 ^abc-(.*) r:\\1",
                    "    http-response add-header x-r2 \"a, b, a2\"",
                    "    http-response replace-value x-r2 ^a(.*) A\\1",
                    "    http-response add-header x-gone 1", "    http-response del-header x-go -m beg"),
                List.of(get("/resp"))));
    }

    private static String get(final String target, final String... headers) {
        final StringBuilder sb = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: example.com\r\n");
        for (final String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("Connection: close\r\n\r\n").toString();
    }

    @TempDir
    Path dir;
    private RecordingBackend server;
    private RunningDaemon baton;
    private HaproxyProcess haproxy;

    @AfterEach
    void stop() throws IOException {
        if (baton != null) {
            baton.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String config(final int[] ports, final int serverPort) {
        final StringBuilder fronts = new StringBuilder();
        final List<Case> cases = cases();
        for (int f = 0; f < cases.size(); f++) {
            fronts.append("frontend fe").append(f).append("\n    bind 127.0.0.1:").append(ports[f]).append('\n');
            cases.get(f).rules().forEach(r -> fronts.append(r).append('\n'));
            fronts.append("    default_backend be\n");
        }
        return "global\n    nbthread 1\ndefaults\n    mode http\n    timeout connect 2s\n    timeout client 5s\n"
            + "    timeout server 5s\n    option http-server-close\n" + fronts
            + "backend be\n    server s 127.0.0.1:" + serverPort + "\n";
    }

    @Test
    void theServerAndTheClientGetTheSameHeadsFromBoth() throws Exception {
        server = new RecordingBackend();
        final int[] hPorts = freePorts();
        haproxy = HaproxyProcess.start(dir, config(hPorts, server.port()), hPorts[hPorts.length - 1]);
        final List<String> fromHaproxy = run(hPorts);
        haproxy.close();
        haproxy = null;
        final int[] bPorts = freePorts();
        baton = RunningDaemon.start(config(bPorts, server.port()));
        final List<String> fromBaton = run(bPorts);
        assertTrue(fromHaproxy.get(0).contains("GET /new/a/b?x=1 HTTP/1.1"), fromHaproxy.get(0));
        for (int i = 0; i < fromHaproxy.size(); i++) {
            assertEquals(fromHaproxy.get(i), fromBaton.get(i), "exchange " + i);
        }
    }

    private static int[] freePorts() throws IOException {
        final int[] ports = new int[cases().size()];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = RunningDaemon.freePort();
        }
        return ports;
    }

    /** Per request: the head the server got (less the connection headers) and the client's response head. */
    private List<String> run(final int[] ports) throws Exception {
        final List<String> out = new ArrayList<>();
        final List<Case> cases = cases();
        for (int f = 0; f < cases.size(); f++) {
            for (final String request : cases.get(f).requests()) {
                final RawHttp.Response response;
                try (RawHttp client = RawHttp.open(ports[f])) {
                    response = client.send(request).read();
                }
                final String head = server.heads.poll(10, TimeUnit.SECONDS);
                assertNotNull(head, "the server got " + request);
                final StringBuilder sb = new StringBuilder("case " + f + " server: ").append(relevant(head))
                    .append("\nclient: ").append(response.status);
                response.headers.forEach((n, v) -> {
                    if (n.startsWith("x-")) {
                        sb.append(" | ").append(n).append(':').append(v);
                    }
                });
                out.add(sb.toString());
            }
        }
        return out;
    }

    /** The start line, then the headers other than Connection and Content-Length, names lower-cased. */
    private static String relevant(final String head) {
        final StringBuilder sb = new StringBuilder();
        final String[] lines = head.split("\r\n");
        sb.append(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            final int colon = lines[i].indexOf(':');
            final String name = colon > 0 ? lines[i].substring(0, colon).toLowerCase(Locale.ROOT) : "";
            if (colon > 0 && !name.equals("connection") && !name.equals("content-length")) {
                sb.append(" | ").append(name).append(':').append(lines[i].substring(colon + 1).strip());
            }
        }
        return sb.toString();
    }
}
