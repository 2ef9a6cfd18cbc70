package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code http-request set-map(FILE)}, {@code del-map(FILE)}, {@code add-acl(FILE)}, {@code del-acl(FILE)} in HAProxy
 * 2.6 and in baton on one configuration: after each change asked by a request, later requests see it in map lookups
 * and ACL matches (baton applies the change off the reactor, so the scenario waits for it; HAProxy's is there at
 * once); an existing key's value is replaced, not duplicated; a file the configuration does not load changes nothing.
 */
class PatternActionsSameAsHaproxyTest {
    @TempDir
    Path dir;

    private String config(final String global, final int port) throws Exception {
        final Path map = Files.writeString(dir.resolve("colors.map"), "red 1\n");
        final Path list = Files.writeString(dir.resolve("blocked.lst"), "");
        return "global\n" + global + "defaults\n    mode http\n"
            + "    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
            + "frontend f\n    bind 127.0.0.1:" + port + "\n"
            + "    http-request deny deny_status 403 if { req.hdr(x-user) -f " + list + " }\n"
            + "    http-request set-map(" + map + ") %[req.hdr(x-key)] %[req.hdr(x-value)] if { path /set }\n"
            + "    http-request del-map(" + map + ") %[req.hdr(x-key)] if { path /del }\n"
            + "    http-request add-acl(" + list + ") %[req.hdr(x-user)] if { path /block }\n"
            + "    http-request del-acl(" + list + ") %[req.hdr(x-target)] if { path /unblock }\n"
            + "    http-request set-map(/nowhere.map) a b if { path /set }\n"
            + "    http-request return status 200 content-type text/plain "
            + "lf-string \"%[req.hdr(x-key),map(" + map + ",none)]\"\n";
    }

    private static String get(final int port, final String path, final String headers) throws Exception {
        try (RawHttp c = RawHttp.open(port)) {
            final RawHttp.Response r = c.send(RawHttp.get(path, headers)).read();
            return r.status + " " + r.text();
        }
    }

    /** Asks for {@code path}, then waits until {@code probe} answers {@code expected}; returns what it answered. */
    private static String change(final int port, final String path, final String headers, final String probeHeaders,
                                 final String expected) throws Exception {
        get(port, path, headers);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/get", probeHeaders).equals(expected));
        return get(port, "/get", probeHeaders);
    }

    private static List<String> run(final int port) throws Exception {
        final List<String> out = new ArrayList<>();
        out.add(get(port, "/get", "X-Key: red\r\n"));
        out.add(get(port, "/get", "X-Key: blue\r\n"));
        out.add(change(port, "/set", "X-Key: blue\r\nX-Value: 2\r\n", "X-Key: blue\r\n", "200 2"));
        out.add(change(port, "/set", "X-Key: red\r\nX-Value: 9\r\n", "X-Key: red\r\n", "200 9"));
        out.add(change(port, "/del", "X-Key: red\r\n", "X-Key: red\r\n", "200 none"));
        out.add(change(port, "/block", "X-User: eve\r\n", "X-Key: blue\r\nX-User: eve\r\n", "403 " + forbidden()));
        out.add(get(port, "/get", "X-Key: blue\r\nX-User: bob\r\n"));
        out.add(change(port, "/unblock", "X-Target: eve\r\n", "X-Key: blue\r\nX-User: eve\r\n", "200 2"));
        return out;
    }

    private static String forbidden() {
        return "<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>\n";
    }

    @Test
    void rulesChangeMapsAndPatternFilesAsHaproxyDoes() throws Exception {
        Haproxy26.assumeInstalled();
        final List<List<String>> both = SideBySide.run(dir, (global, port) -> {
            try {
                return config(global, port);
            } catch (final Exception e) {
                throw new IllegalStateException(e);
            }
        }, (port, linesOf) -> run(port));
        assertEquals(List.of("200 1", "200 none", "200 2", "200 9", "200 none", "403 " + forbidden(), "200 2",
            "200 2"), both.get(0), "HAProxy's own answers");
        assertEquals(both.get(0), both.get(1));
    }
}
