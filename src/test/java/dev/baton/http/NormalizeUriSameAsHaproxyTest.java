package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code http-request normalize-uri} beside HAProxy 2.6, for a table of request targets and every normalizer: the
 * same request line reaches the server, or the same status comes back (a strict normalizer's 400), and the
 * experimental keyword needs {@code expose-experimental-directives} in both.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NormalizeUriSameAsHaproxyTest {
    @TempDir
    Path dir;
    private RecordingBackend server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static final String[] NORMALIZERS = {
        "path-merge-slashes", "path-strip-dot", "path-strip-dotdot", "path-strip-dotdot full",
        "percent-decode-unreserved", "percent-decode-unreserved strict", "percent-to-uppercase",
        "percent-to-uppercase strict", "fragment-strip", "fragment-encode", "query-sort-by-name",
    };

    private static final String[] TARGETS = {
        "/a//b///c?x=1&&y=2//",
        "/a/./b/../c/./d/.",
        "/../a/b/../../../c/..",
        "/a/b/..?q=/../",
        "/%7euser/%2fpath%41%3f?q=%2a%7E%7e",
        "/bad%zz/%4",
        "/p?z=1&a=2&b&a=1&aa=0&=x&",
        "/q?",
        "/f#frag#x?q=1",
        "http://h/x//y/../z?b=1&a=2",
    };

    /**
     * A frontend per normalizer, each rule without a condition: HAProxy 2.6.12 leaves the normalizer of
     * {@code path-strip-dotdot}, {@code percent-decode-unreserved} and {@code percent-to-uppercase} unset when a
     * condition follows the name directly (its parser only sets it when nothing, or the option, follows), and then
     * merges slashes instead; baton does what the manual says there.
     */
    private String config(final int[] ports) {
        final List<String> lines = new ArrayList<>(List.of(
            "global",
            "    expose-experimental-directives",
            "defaults",
            "    mode http",
            "    option http-server-close",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s"));
        for (int i = 0; i < NORMALIZERS.length; i++) {
            lines.add("frontend fe" + i);
            lines.add("    bind 127.0.0.1:" + ports[i]);
            lines.add("    http-request normalize-uri " + NORMALIZERS[i]);
            lines.add("    default_backend be");
        }
        lines.add("backend be");
        lines.add("    server s 127.0.0.1:" + server.port());
        lines.add("");
        return String.join("\n", lines);
    }

    @Test
    void normalizersRewriteTheTargetAsHaproxy() throws Exception {
        Haproxy26.assumeInstalled();
        server = new RecordingBackend();
        final int[] hPorts = ports();
        final List<String> fromHaproxy;
        try (HaproxyProcess h = HaproxyProcess.start(dir, config(hPorts), hPorts[hPorts.length - 1])) {
            fromHaproxy = run(hPorts);
            assertTrue(h.lines().stream().noneMatch(l -> l.contains("ALERT")), "HAProxy took the configuration");
        }
        final int[] bPorts = ports();
        final List<String> fromBaton;
        try (RunningDaemon baton = RunningDaemon.start(config(bPorts))) {
            fromBaton = run(bPorts);
            await().atMost(Duration.ofSeconds(10)).until(() -> baton.daemon().liveStreams() == 0);
        }
        final String h = String.join("\n", fromHaproxy);
        assertTrue(h.contains("path-merge-slashes /a//b///c?x=1&&y=2// -> GET /a/b/c?x=1&&y=2// HTTP/1.1")
            && h.contains("percent-to-uppercase strict /bad%zz/%4 -> 400"),
            "HAProxy's own results are what the scenario means:\n" + h);
        assertEquals(fromHaproxy, fromBaton);
    }

    private static int[] ports() throws IOException {
        final int[] ports = new int[NORMALIZERS.length];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = RunningDaemon.freePort();
        }
        return ports;
    }

    /** Per normalizer and target (a connection each): the request line the server got, or the status. */
    private List<String> run(final int[] ports) throws Exception {
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < NORMALIZERS.length; i++) {
            for (final String target : TARGETS) {
                try (RawHttp c = RawHttp.open(ports[i])) {
                    final RawHttp.Response r = c.send("GET " + target + " HTTP/1.1\r\nHost: h\r\n"
                        + "Connection: close\r\n\r\n").read();
                    String got = String.valueOf(r.status);
                    if (r.status == 200) {
                        final String head = server.heads.poll(10, TimeUnit.SECONDS);
                        got = head == null ? "no head" : head.substring(0, head.indexOf("\r\n"));
                    }
                    out.add(NORMALIZERS[i] + " " + target + " -> " + got);
                }
            }
        }
        return out;
    }
}
